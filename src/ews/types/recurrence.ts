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

const XS_DATE = /^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/;
const XS_DATE_TIME = /^(-?\d{4,}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The xs:date a range's StartDate/EndDate means. Some servers answer an xs:dateTime there
 * (`2026-01-05T00:00:00Z`, `2026-01-05T00:00:00-08:00`); written back unchanged it would fail schema
 * validation, so it keeps its calendar date and zone designator and drops the time (`2026-01-05Z`,
 * `2026-01-05-08:00`). The date is not shifted: it names the day the server meant in its own zone.
 */
export function normalizeRecurrenceDate(text: string, field = 'StartDate'): string {
  const value = text.trim();
  if (XS_DATE.test(value)) return value;
  const m = XS_DATE_TIME.exec(value);
  if (m !== null) return m[1]! + (m[2] ?? '');
  throw new EwsProtocolError(`Recurrence ${field} "${value}" is neither an xs:date nor an xs:dateTime.`);
}

function date(el: XmlElement, local: 'StartDate' | 'EndDate'): string {
  return normalizeRecurrenceDate(need(el, local), local);
}

function readRange(el: XmlElement): RecurrenceRange | undefined {
  switch (el.local) {
    case 'NoEndRecurrence':
      return { type: 'NoEnd', startDate: date(el, 'StartDate') };
    case 'EndDateRecurrence':
      return { type: 'EndDate', startDate: date(el, 'StartDate'), endDate: date(el, 'EndDate') };
    case 'NumberedRecurrence':
      return {
        type: 'Numbered',
        startDate: date(el, 'StartDate'),
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
