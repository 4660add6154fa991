// RecurrenceType of calendar items: one pattern (RecurrencePatternTypes) then one range (RecurrenceRangeTypes).
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import { parseIntStrict, type Codec } from './codec.ts';

export type DayOfWeek =
  | 'Sunday'
  | 'Monday'
  | 'Tuesday'
  | 'Wednesday'
  | 'Thursday'
  | 'Friday'
  | 'Saturday'
  | 'Day'
  | 'Weekday'
  | 'WeekendDay';
export type DayOfWeekIndex = 'First' | 'Second' | 'Third' | 'Fourth' | 'Last';
export type Month =
  | 'January'
  | 'February'
  | 'March'
  | 'April'
  | 'May'
  | 'June'
  | 'July'
  | 'August'
  | 'September'
  | 'October'
  | 'November'
  | 'December';

export type RecurrencePattern =
  | { type: 'RelativeYearly'; daysOfWeek: DayOfWeek; dayOfWeekIndex: DayOfWeekIndex; month: Month }
  | { type: 'AbsoluteYearly'; dayOfMonth: number; month: Month }
  | { type: 'RelativeMonthly'; interval: number; daysOfWeek: DayOfWeek; dayOfWeekIndex: DayOfWeekIndex }
  | { type: 'AbsoluteMonthly'; interval: number; dayOfMonth: number }
  | { type: 'Weekly'; interval: number; daysOfWeek: DayOfWeek[]; firstDayOfWeek?: DayOfWeek }
  | { type: 'Daily'; interval: number };

/** Dates are xs:date literals (e.g. "2026-03-01" or "2026-03-01-08:00"). */
export type RecurrenceRange =
  | { type: 'NoEnd'; startDate: string }
  | { type: 'EndDate'; startDate: string; endDate: string }
  | { type: 'Numbered'; startDate: string; numberOfOccurrences: number };

export interface Recurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

function need(el: XmlElement, local: string): string {
  const c = child(el, NS_TYPES, local);
  if (c === undefined) throw new EwsProtocolError(`${el.local} lacks ${local}.`);
  return c.text.trim();
}

function readPattern(el: XmlElement): RecurrencePattern | undefined {
  switch (el.local) {
    case 'RelativeYearlyRecurrence':
      return {
        type: 'RelativeYearly',
        daysOfWeek: need(el, 'DaysOfWeek') as DayOfWeek,
        dayOfWeekIndex: need(el, 'DayOfWeekIndex') as DayOfWeekIndex,
        month: need(el, 'Month') as Month,
      };
    case 'AbsoluteYearlyRecurrence':
      return {
        type: 'AbsoluteYearly',
        dayOfMonth: parseIntStrict(need(el, 'DayOfMonth')),
        month: need(el, 'Month') as Month,
      };
    case 'RelativeMonthlyRecurrence':
      return {
        type: 'RelativeMonthly',
        interval: parseIntStrict(need(el, 'Interval')),
        daysOfWeek: need(el, 'DaysOfWeek') as DayOfWeek,
        dayOfWeekIndex: need(el, 'DayOfWeekIndex') as DayOfWeekIndex,
      };
    case 'AbsoluteMonthlyRecurrence':
      return {
        type: 'AbsoluteMonthly',
        interval: parseIntStrict(need(el, 'Interval')),
        dayOfMonth: parseIntStrict(need(el, 'DayOfMonth')),
      };
    case 'WeeklyRecurrence': {
      const p: RecurrencePattern = {
        type: 'Weekly',
        interval: parseIntStrict(need(el, 'Interval')),
        daysOfWeek: need(el, 'DaysOfWeek').split(/\s+/).filter(Boolean) as DayOfWeek[],
      };
      const first = child(el, NS_TYPES, 'FirstDayOfWeek');
      if (first !== undefined) p.firstDayOfWeek = first.text.trim() as DayOfWeek;
      return p;
    }
    case 'DailyRecurrence':
      return { type: 'Daily', interval: parseIntStrict(need(el, 'Interval')) };
    default:
      return undefined;
  }
}

function readRange(el: XmlElement): RecurrenceRange | undefined {
  switch (el.local) {
    case 'NoEndRecurrence':
      return { type: 'NoEnd', startDate: need(el, 'StartDate') };
    case 'EndDateRecurrence':
      return { type: 'EndDate', startDate: need(el, 'StartDate'), endDate: need(el, 'EndDate') };
    case 'NumberedRecurrence':
      return {
        type: 'Numbered',
        startDate: need(el, 'StartDate'),
        numberOfOccurrences: parseIntStrict(need(el, 'NumberOfOccurrences')),
      };
    default:
      return undefined;
  }
}

function writePattern(w: XmlWriter, p: RecurrencePattern): void {
  switch (p.type) {
    case 'RelativeYearly':
      w.start('t:RelativeYearlyRecurrence')
        .leaf('t:DaysOfWeek', p.daysOfWeek)
        .leaf('t:DayOfWeekIndex', p.dayOfWeekIndex)
        .leaf('t:Month', p.month)
        .end();
      return;
    case 'AbsoluteYearly':
      w.start('t:AbsoluteYearlyRecurrence').leaf('t:DayOfMonth', p.dayOfMonth).leaf('t:Month', p.month).end();
      return;
    case 'RelativeMonthly':
      w.start('t:RelativeMonthlyRecurrence')
        .leaf('t:Interval', p.interval)
        .leaf('t:DaysOfWeek', p.daysOfWeek)
        .leaf('t:DayOfWeekIndex', p.dayOfWeekIndex)
        .end();
      return;
    case 'AbsoluteMonthly':
      w.start('t:AbsoluteMonthlyRecurrence')
        .leaf('t:Interval', p.interval)
        .leaf('t:DayOfMonth', p.dayOfMonth)
        .end();
      return;
    case 'Weekly':
      w.start('t:WeeklyRecurrence')
        .leaf('t:Interval', p.interval)
        .leaf('t:DaysOfWeek', p.daysOfWeek.join(' '))
        .leafOpt('t:FirstDayOfWeek', p.firstDayOfWeek)
        .end();
      return;
    case 'Daily':
      w.start('t:DailyRecurrence').leaf('t:Interval', p.interval).end();
      return;
  }
}

function writeRange(w: XmlWriter, r: RecurrenceRange): void {
  switch (r.type) {
    case 'NoEnd':
      w.start('t:NoEndRecurrence').leaf('t:StartDate', r.startDate).end();
      return;
    case 'EndDate':
      w.start('t:EndDateRecurrence').leaf('t:StartDate', r.startDate).leaf('t:EndDate', r.endDate).end();
      return;
    case 'Numbered':
      w.start('t:NumberedRecurrence')
        .leaf('t:StartDate', r.startDate)
        .leaf('t:NumberOfOccurrences', r.numberOfOccurrences)
        .end();
      return;
  }
}

export const recurrenceCodec: Codec<Recurrence> = {
  read(el) {
    let pattern: RecurrencePattern | undefined;
    let range: RecurrenceRange | undefined;
    for (const c of el.children) {
      if (c.ns !== NS_TYPES) continue;
      pattern ??= readPattern(c);
      range ??= readRange(c);
    }
    if (pattern === undefined || range === undefined) {
      throw new EwsProtocolError('Recurrence needs a pattern and a range.');
    }
    return { pattern, range };
  },
  write(w, q, v) {
    w.start(q);
    writePattern(w, v.pattern);
    writeRange(w, v.range);
    w.end();
  },
};
