// Structured recurrence rules (src/domain/recurrence-rule.ts) ↔ EWS RecurrenceType (pattern + range).
// Every pattern and range EWS has maps one to one; an RRULE part Exchange cannot hold is refused with
// RecurrenceUnsupportedError naming the part (docs/sync-mapping.md has the table and the choices).
import {
  WEEKDAYS,
  formatRecurrenceRule,
  parseRecurrenceRule,
  type DaySet,
  type MonthNumber,
  type RecurrenceRule,
  type RuleAnchor,
  type SetPosition,
  type Weekday,
} from '../../domain/recurrence-rule.ts';
import type {
  DayOfWeek,
  DayOfWeekIndex,
  Month,
  Recurrence,
  RecurrencePattern,
  RecurrenceRange,
} from '../../ews/types/recurrence.ts';
import { ConnectorError } from '../errors.ts';

/** An RRULE part (or an EWS value) that the other side cannot represent; never dropped silently. */
export class RecurrenceUnsupportedError extends ConnectorError {
  readonly part: string;
  constructor(part: string, reason: string) {
    super('connector.recurrence_unsupported', `Exchange cannot hold this recurrence (${part}): ${reason}`);
    this.part = part;
  }
}

const DAY_NAMES: Readonly<Record<Weekday, DayOfWeek>> = {
  SU: 'Sunday',
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
};
const SET_NAMES: Readonly<Record<Exclude<DaySet, Weekday>, DayOfWeek>> = {
  day: 'Day',
  weekday: 'Weekday',
  weekendDay: 'WeekendDay',
};
const INDEX_NAMES: Readonly<Record<SetPosition, DayOfWeekIndex>> = {
  1: 'First',
  2: 'Second',
  3: 'Third',
  4: 'Fourth',
  [-1]: 'Last',
};
const MONTH_NAMES: readonly Month[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function invert<K extends string | number, V extends string>(r: Readonly<Record<K, V>>): Map<string, K> {
  return new Map(Object.entries(r).map(([k, v]) => [v as string, (/^-?\d+$/.test(k) ? Number(k) : k) as K]));
}
const WEEKDAY_OF = invert(DAY_NAMES);
const SET_OF = invert(SET_NAMES);
const POSITION_OF = invert(INDEX_NAMES);

const daySetName = (d: DaySet): DayOfWeek =>
  (WEEKDAYS as readonly string[]).includes(d)
    ? DAY_NAMES[d as Weekday]
    : SET_NAMES[d as keyof typeof SET_NAMES];

function daySetOf(name: string): DaySet {
  const d = WEEKDAY_OF.get(name) ?? SET_OF.get(name);
  if (d === undefined) throw new RecurrenceUnsupportedError('DaysOfWeek', `unknown day "${name}".`);
  return d;
}
function positionOf(name: string): SetPosition {
  const p = POSITION_OF.get(name);
  if (p === undefined) throw new RecurrenceUnsupportedError('DayOfWeekIndex', `unknown index "${name}".`);
  return p;
}
function monthOf(name: string): MonthNumber {
  const i = MONTH_NAMES.indexOf(name as Month);
  if (i < 0) throw new RecurrenceUnsupportedError('Month', `unknown month "${name}".`);
  return (i + 1) as MonthNumber;
}
/** DaysOfWeekType lists may hold Day / Weekday / WeekendDay too: expanded to weekdays. */
function weekdaysOf(names: readonly string[]): Weekday[] {
  const expand: Record<string, readonly Weekday[]> = {
    Day: WEEKDAYS,
    Weekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
    WeekendDay: ['SU', 'SA'],
  };
  const out = new Set<Weekday>();
  for (const n of names) {
    const w = WEEKDAY_OF.get(n);
    if (w !== undefined) out.add(w);
    else if (expand[n] !== undefined) for (const d of expand[n]) out.add(d);
    else throw new RecurrenceUnsupportedError('DaysOfWeek', `unknown day "${n}".`);
  }
  if (out.size === 0) throw new RecurrenceUnsupportedError('DaysOfWeek', 'a weekly pattern needs a day.');
  return WEEKDAYS.filter((d) => out.has(d));
}

const isoDate = (wall: number): string => new Date(wall).toISOString().slice(0, 10);

/** EWS recurrence of a rule; StartDate is the local date of the event's first start. */
export function ruleToEws(rule: RecurrenceRule, anchor: RuleAnchor): Recurrence {
  const p = rule.pattern;
  let pattern: RecurrencePattern;
  switch (p.type) {
    case 'daily':
      pattern = { type: 'Daily', interval: p.interval };
      break;
    case 'weekly':
      pattern = {
        type: 'Weekly',
        interval: p.interval,
        daysOfWeek: p.days.map((d) => DAY_NAMES[d]),
        firstDayOfWeek: DAY_NAMES[p.weekStart],
      };
      break;
    case 'monthlyAbsolute':
      pattern = { type: 'AbsoluteMonthly', interval: p.interval, dayOfMonth: p.day };
      break;
    case 'monthlyRelative':
      pattern = {
        type: 'RelativeMonthly',
        interval: p.interval,
        daysOfWeek: daySetName(p.days),
        dayOfWeekIndex: INDEX_NAMES[p.position],
      };
      break;
    case 'yearlyAbsolute':
      pattern = { type: 'AbsoluteYearly', dayOfMonth: p.day, month: MONTH_NAMES[p.month - 1]! };
      break;
    case 'yearlyRelative':
      pattern = {
        type: 'RelativeYearly',
        daysOfWeek: daySetName(p.days),
        dayOfWeekIndex: INDEX_NAMES[p.position],
        month: MONTH_NAMES[p.month - 1]!,
      };
      break;
  }
  const startDate = isoDate(anchor.startWall);
  const e = rule.end;
  const range: RecurrenceRange =
    e.type === 'never'
      ? { type: 'NoEnd', startDate }
      : e.type === 'count'
        ? { type: 'Numbered', startDate, numberOfOccurrences: e.count }
        : { type: 'EndDate', startDate, endDate: e.until };
  return { pattern, range };
}

/**
 * The rule of an EWS recurrence. StartDate/EndDate may come as xs:date with an offset or even as an
 * xs:dateTime from some servers: only the date part counts. StartDate itself is not kept: it is the date of
 * the master's Start, which the event carries.
 */
export function ruleFromEws(rec: Recurrence): RecurrenceRule {
  const p = rec.pattern;
  const r = rec.range;
  const end: RecurrenceRule['end'] =
    r.type === 'NoEnd'
      ? { type: 'never' }
      : r.type === 'Numbered'
        ? { type: 'count', count: r.numberOfOccurrences }
        : { type: 'until', until: r.endDate.trim().slice(0, 10) };
  switch (p.type) {
    case 'Daily':
      return { pattern: { type: 'daily', interval: p.interval }, end };
    case 'Weekly': {
      const days = weekdaysOf(p.daysOfWeek);
      // Without FirstDayOfWeek (servers before Exchange 2010 SP1) weeks start on Sunday, as Exchange's own.
      const first = p.firstDayOfWeek === undefined ? 'SU' : weekdaysOf([p.firstDayOfWeek])[0]!;
      const weekStart = p.interval > 1 && days.length > 1 ? first : 'MO';
      return { pattern: { type: 'weekly', interval: p.interval, days, weekStart }, end };
    }
    case 'AbsoluteMonthly':
      checkDay(p.dayOfMonth, 31);
      return { pattern: { type: 'monthlyAbsolute', interval: p.interval, day: p.dayOfMonth }, end };
    case 'RelativeMonthly':
      return {
        pattern: {
          type: 'monthlyRelative',
          interval: p.interval,
          days: daySetOf(p.daysOfWeek),
          position: positionOf(p.dayOfWeekIndex),
        },
        end,
      };
    case 'AbsoluteYearly': {
      const month = monthOf(p.month);
      checkDay(p.dayOfMonth, new Date(Date.UTC(2024, month, 0)).getUTCDate());
      return { pattern: { type: 'yearlyAbsolute', month, day: p.dayOfMonth }, end };
    }
    case 'RelativeYearly':
      return {
        pattern: {
          type: 'yearlyRelative',
          month: monthOf(p.month),
          days: daySetOf(p.daysOfWeek),
          position: positionOf(p.dayOfWeekIndex),
        },
        end,
      };
  }
}

function checkDay(day: number, max: number): void {
  if (!Number.isInteger(day) || day < 1 || day > max) {
    throw new RecurrenceUnsupportedError('DayOfMonth', `${day} is not a day of that month.`);
  }
}

/** The EWS recurrence of an event's RRULE text; RecurrenceUnsupportedError names what Exchange lacks. */
export function rruleToEws(rrule: string, anchor: RuleAnchor): Recurrence {
  const parsed = parseRecurrenceRule(rrule, anchor);
  if ('unsupported' in parsed)
    throw new RecurrenceUnsupportedError(parsed.unsupported.part, parsed.unsupported.reason);
  return ruleToEws(parsed.rule, anchor);
}

/** The canonical RRULE text of an EWS recurrence. */
export function rruleFromEws(rec: Recurrence, anchor: RuleAnchor): string {
  return formatRecurrenceRule(ruleFromEws(rec), anchor);
}
