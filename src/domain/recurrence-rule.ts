// A calendar event's recurrence as a structured rule: the subset of RFC 5545 RRULE that Exchange's
// structured recurrence (daily / weekly / absolute or relative monthly and yearly; numbered, end-date or
// no end) can hold, in one canonical shape. Events keep their rule as RRULE text; this module parses that
// text into the shape and formats the shape back, so two spellings of the same rule compare equal and a
// rule Exchange cannot hold is named part by part instead of being mangled (docs/sync-mapping.md).
import { toIanaZone, utcToWall, wallToUtc } from '../time-zones/index.ts';

export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** The day sets of a relative rule: one weekday, or Exchange's Day / Weekday / WeekendDay. */
export type DaySet = Weekday | 'day' | 'weekday' | 'weekendDay';
/** n-th (1..4) or last (-1) matching day of the month. */
export type SetPosition = 1 | 2 | 3 | 4 | -1;
export type MonthNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

/**
 * `day` of an absolute monthly rule follows Exchange: 29, 30 or 31 fall on the last day of a shorter
 * month (RRULE would skip that month). Its RRULE is the exact equivalent BYMONTHDAY=28,…,day;BYSETPOS=-1.
 */
export type RecurrencePattern =
  | { readonly type: 'daily'; readonly interval: number }
  | {
      readonly type: 'weekly';
      readonly interval: number;
      /** Sorted in WEEKDAYS order, at least one. */
      readonly days: readonly Weekday[];
      /** Only significant with an interval above 1 and several days; MO otherwise. */
      readonly weekStart: Weekday;
    }
  | { readonly type: 'monthlyAbsolute'; readonly interval: number; readonly day: number }
  | {
      readonly type: 'monthlyRelative';
      readonly interval: number;
      readonly days: DaySet;
      readonly position: SetPosition;
    }
  | { readonly type: 'yearlyAbsolute'; readonly month: MonthNumber; readonly day: number }
  | {
      readonly type: 'yearlyRelative';
      readonly month: MonthNumber;
      readonly days: DaySet;
      readonly position: SetPosition;
    };

/** `until` is the local date (YYYY-MM-DD) of the last day an occurrence may start on. */
export type RecurrenceEnd =
  | { readonly type: 'never' }
  | { readonly type: 'count'; readonly count: number }
  | { readonly type: 'until'; readonly until: string };

export interface RecurrenceRule {
  readonly pattern: RecurrencePattern;
  readonly end: RecurrenceEnd;
}

/** What the rule's implicit parts come from: the event's first start, as a local time in its zone. */
export interface RuleAnchor {
  readonly allDay: boolean;
  /** IANA zone of the event (undefined: UTC). */
  readonly zone: string | undefined;
  /** Local wall-clock time of the first occurrence, as UTC-based milliseconds. */
  readonly startWall: number;
}

/** The part of an RRULE that Exchange cannot represent, and why. */
export interface UnsupportedPart {
  readonly part: string;
  readonly reason: string;
}
export type RuleParse = { readonly rule: RecurrenceRule } | { readonly unsupported: UnsupportedPart };

const DAY_MS = 86_400_000;
const DAY_SETS: Readonly<Record<Exclude<DaySet, Weekday>, readonly Weekday[]>> = {
  day: WEEKDAYS,
  weekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
  weekendDay: ['SU', 'SA'],
};
/** Fewest and most days a month has (February: 28 and 29). */
const MIN_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The anchor of an event's start: `start` is an instant (timed) or a date (all-day), in `timeZone`. */
export function anchorOf(start: string, allDay: boolean, timeZone: string): RuleAnchor {
  const zone = allDay ? undefined : ianaOf(timeZone);
  const t = Date.parse(allDay ? `${start}T00:00:00Z` : start);
  return { allDay, zone, startWall: allDay ? t : utcToWall(zone, 0, t) };
}

function ianaOf(timeZone: string): string | undefined {
  const z = toIanaZone(timeZone);
  return z === undefined || z === 'UTC' || z === 'Etc/UTC' ? undefined : z;
}

const sortDays = (days: Iterable<Weekday>): Weekday[] =>
  [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));

function daySetOf(days: readonly Weekday[]): DaySet | undefined {
  const key = sortDays(days).join(',');
  if (days.length === 1) return days[0];
  for (const [name, set] of Object.entries(DAY_SETS))
    if (sortDays(set).join(',') === key) return name as DaySet;
  return undefined;
}

const unsupported = (part: string, reason: string): RuleParse => ({ unsupported: { part, reason } });

function intList(v: string): number[] | undefined {
  const out = v.split(',').map((s) => Number(s));
  return out.every((n) => Number.isInteger(n)) ? out : undefined;
}

/**
 * Parses an RRULE value (already checked by `rruleProblem`) into the structured rule, reading implicit
 * parts (the weekday, day or month of a rule that names none) from the event's first start.
 */
export function parseRecurrenceRule(rrule: string, anchor: RuleAnchor): RuleParse {
  const parts = new Map<string, string>();
  for (const p of rrule.replace(/^RRULE:/i, '').split(';')) {
    const [k, v] = p.split('=');
    if (k !== undefined && v !== undefined) parts.set(k.toUpperCase(), v.toUpperCase());
  }
  for (const k of ['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYYEARDAY', 'BYWEEKNO']) {
    if (parts.has(k)) return unsupported(k, `Exchange recurrences have no ${k}.`);
  }
  const freq = parts.get('FREQ') ?? '';
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq)) {
    return unsupported('FREQ', `Exchange recurrences repeat daily, weekly, monthly or yearly, not ${freq}.`);
  }
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const end = parseEnd(parts, anchor);
  if ('part' in end) return { unsupported: end };
  const start = new Date(anchor.startWall);
  const startDay = WEEKDAYS[start.getUTCDay()]!;
  const byDay = parts.get('BYDAY')?.split(',');
  const bySetPos = parts.get('BYSETPOS');
  const byMonthDay = parts.get('BYMONTHDAY');
  const byMonth = parts.get('BYMONTH');
  const plainDays = byDay?.every((d) => /^[A-Z]{2}$/.test(d)) ?? true;
  const done = (pattern: RecurrencePattern): RuleParse => ({ rule: { pattern, end } });

  if (freq === 'DAILY' || freq === 'WEEKLY') {
    for (const k of ['BYMONTH', 'BYMONTHDAY', 'BYSETPOS']) {
      if (parts.has(k)) return unsupported(k, `Exchange's ${freq.toLowerCase()} recurrences have no ${k}.`);
    }
    if (!plainDays) return unsupported('BYDAY', `${freq} rules take weekdays without an ordinal.`);
    if (freq === 'DAILY' && byDay === undefined) return done({ type: 'daily', interval });
    if (freq === 'DAILY' && interval !== 1) {
      return unsupported('BYDAY', 'Exchange has no "every n days, on these weekdays"; only every week.');
    }
    const days = sortDays((byDay ?? [startDay]) as Weekday[]);
    const wkst = (parts.get('WKST') ?? 'MO') as Weekday;
    const weekStart = interval > 1 && days.length > 1 ? wkst : 'MO';
    return done({ type: 'weekly', interval, days, weekStart });
  }

  const yearly = freq === 'YEARLY';
  if (yearly && interval !== 1)
    return unsupported('INTERVAL', 'Exchange yearly recurrences repeat every year.');
  let month: MonthNumber = (start.getUTCMonth() + 1) as MonthNumber;
  if (byMonth !== undefined) {
    if (!yearly) return unsupported('BYMONTH', "Exchange's monthly recurrences cannot be limited to months.");
    const months = intList(byMonth);
    if (months?.length !== 1 || months[0]! < 1 || months[0]! > 12) {
      return unsupported('BYMONTH', 'Exchange yearly recurrences fall in exactly one month.');
    }
    month = months[0] as MonthNumber;
  }
  if (byDay !== undefined) {
    if (byMonthDay !== undefined) return unsupported('BYMONTHDAY', 'BYDAY and BYMONTHDAY together.');
    if (yearly && byMonth === undefined) {
      return unsupported(
        'BYMONTH',
        'A yearly rule by weekday needs one BYMONTH (else it counts in the year).',
      );
    }
    const rel = relative(byDay, bySetPos);
    if ('part' in rel) return { unsupported: rel };
    return done(
      yearly ? { type: 'yearlyRelative', month, ...rel } : { type: 'monthlyRelative', interval, ...rel },
    );
  }
  const base = yearly ? MIN_DAYS[month - 1]! : 28;
  const max = yearly ? MAX_DAYS[month - 1]! : 31;
  let day: number;
  if (byMonthDay === undefined) {
    if (bySetPos !== undefined) return unsupported('BYSETPOS', 'BYSETPOS without BYDAY or BYMONTHDAY.');
    day = start.getUTCDate();
    if (day > base) return clampNeeded('DTSTART', day);
  } else {
    const days = intList(byMonthDay);
    if (days === undefined) return unsupported('BYMONTHDAY', 'not a list of days.');
    if (bySetPos === undefined && days.length === 1 && days[0] === -1) day = max;
    else if (bySetPos === undefined && days.length === 1 && days[0]! >= 1 && days[0]! <= base) day = days[0]!;
    else if (bySetPos === undefined && days.length === 1 && days[0]! > base && days[0]! <= max) {
      return clampNeeded('BYMONTHDAY', days[0]!);
    } else if (
      bySetPos === '-1' &&
      days.length > 1 &&
      days.every((d, i) => d === base + i) &&
      days.at(-1)! <= max
    ) {
      day = days.at(-1)!;
    } else {
      return unsupported('BYMONTHDAY', 'Exchange repeats on exactly one day of the month.');
    }
  }
  return done(yearly ? { type: 'yearlyAbsolute', month, day } : { type: 'monthlyAbsolute', interval, day });
}

function clampNeeded(part: string, day: number): RuleParse {
  return unsupported(
    part,
    `day ${day} repeats only in months that have it, while Exchange moves it to the last day of shorter ` +
      `months; write BYMONTHDAY=28,…,${day};BYSETPOS=-1 for Exchange's meaning.`,
  );
}

function relative(
  byDay: readonly string[],
  bySetPos: string | undefined,
): { days: DaySet; position: SetPosition } | UnsupportedPart {
  const positions = new Set([1, 2, 3, 4, -1]);
  if (byDay.length === 1 && bySetPos === undefined) {
    const m = /^([+-]?\d{1,2})([A-Z]{2})$/.exec(byDay[0]!);
    const n = m ? Number(m[1]) : NaN;
    if (!m || !positions.has(n)) {
      return {
        part: 'BYDAY',
        reason: 'Exchange counts the first to fourth, or the last, weekday of a month.',
      };
    }
    return { days: m[2] as Weekday, position: n as SetPosition };
  }
  const n = Number(bySetPos);
  if (bySetPos === undefined || !positions.has(n)) {
    return { part: 'BYSETPOS', reason: 'Exchange takes one position: 1 to 4, or -1 (last).' };
  }
  if (!byDay.every((d) => /^[A-Z]{2}$/.test(d))) {
    return { part: 'BYDAY', reason: 'weekdays with an ordinal cannot be combined with BYSETPOS.' };
  }
  const days = daySetOf(byDay as Weekday[]);
  if (days === undefined) {
    return { part: 'BYDAY', reason: 'Exchange counts one weekday, every day, weekdays or weekend days.' };
  }
  return { days, position: n as SetPosition };
}

function parseEnd(parts: Map<string, string>, anchor: RuleAnchor): RecurrenceEnd | UnsupportedPart {
  const count = parts.get('COUNT');
  if (count !== undefined) return { type: 'count', count: Number(count) };
  const until = parts.get('UNTIL');
  if (until === undefined) return { type: 'never' };
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(until);
  if (!m) return { part: 'UNTIL', reason: 'not a DATE or DATE-TIME.' };
  const date = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  if (m[4] === undefined) return { type: 'until', until: isoDate(date) };
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4], +m[5]!, +m[6]!);
  // The last day an occurrence starts on or before UNTIL: the day of UNTIL, or the one before it when
  // UNTIL comes before that day's start time.
  const wall = m[7] === 'Z' && !anchor.allDay ? utcToWall(anchor.zone, 0, t) : t;
  const day = Math.floor(wall / DAY_MS) * DAY_MS;
  // UNTIL has whole seconds: the start's milliseconds do not count.
  const timeOfDay = Math.floor((((anchor.startWall % DAY_MS) + DAY_MS) % DAY_MS) / 1000) * 1000;
  return { type: 'until', until: isoDate(wall - day < timeOfDay ? day - DAY_MS : day) };
}

const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
const compactDate = (date: string): string => date.replaceAll('-', '');

function byDayText(days: DaySet, position: SetPosition): string {
  if ((WEEKDAYS as readonly string[]).includes(days)) return `BYDAY=${position}${days}`;
  return `BYDAY=${DAY_SETS[days as Exclude<DaySet, Weekday>].join(',')};BYSETPOS=${position}`;
}

function byMonthDayText(day: number, base: number): string {
  if (day <= base) return `BYMONTHDAY=${day}`;
  const days: number[] = [];
  for (let d = base; d <= day; d++) days.push(d);
  return `BYMONTHDAY=${days.join(',')};BYSETPOS=-1`;
}

/** The canonical RRULE text of a rule (no "RRULE:" prefix; parts in a fixed order, defaults left out). */
export function formatRecurrenceRule(rule: RecurrenceRule, anchor: RuleAnchor): string {
  const p = rule.pattern;
  const out: string[] = [];
  const every = (interval: number) => (interval > 1 ? [`INTERVAL=${interval}`] : []);
  switch (p.type) {
    case 'daily':
      out.push('FREQ=DAILY', ...every(p.interval));
      break;
    case 'weekly':
      out.push('FREQ=WEEKLY', ...every(p.interval), `BYDAY=${sortDays(p.days).join(',')}`);
      if (p.weekStart !== 'MO' && p.interval > 1 && p.days.length > 1) out.push(`WKST=${p.weekStart}`);
      break;
    case 'monthlyAbsolute':
      out.push('FREQ=MONTHLY', ...every(p.interval), byMonthDayText(p.day, 28));
      break;
    case 'monthlyRelative':
      out.push('FREQ=MONTHLY', ...every(p.interval), byDayText(p.days, p.position));
      break;
    case 'yearlyAbsolute':
      out.push('FREQ=YEARLY', `BYMONTH=${p.month}`, byMonthDayText(p.day, MIN_DAYS[p.month - 1]!));
      break;
    case 'yearlyRelative':
      out.push('FREQ=YEARLY', `BYMONTH=${p.month}`, byDayText(p.days, p.position));
      break;
  }
  const e = rule.end;
  if (e.type === 'count') out.push(`COUNT=${e.count}`);
  if (e.type === 'until') {
    if (anchor.allDay) out.push(`UNTIL=${compactDate(e.until)}`);
    else {
      // The start time of the would-be occurrence on the last day, in UTC as RFC 5545 asks for zoned starts.
      const timeOfDay = ((anchor.startWall % DAY_MS) + DAY_MS) % DAY_MS;
      const t = wallToUtc(anchor.zone, 0, Date.parse(`${e.until}T00:00:00Z`) + timeOfDay);
      out.push(
        `UNTIL=${new Date(t)
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '')}`,
      );
    }
  }
  return out.join(';');
}

/** The canonical form of RRULE text for an event, or the part Exchange cannot hold. */
export function canonicalRrule(
  rrule: string,
  anchor: RuleAnchor,
): { readonly rrule: string } | { readonly unsupported: UnsupportedPart } {
  const parsed = parseRecurrenceRule(rrule, anchor);
  return 'unsupported' in parsed ? parsed : { rrule: formatRecurrenceRule(parsed.rule, anchor) };
}
