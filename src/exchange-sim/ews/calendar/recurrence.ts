// Expansion of recurrences (read by the shared codec, src/ews/types/recurrence.ts) into occurrence start
// instants.
import type { DayOfWeek, Recurrence } from '../../../ews/types/recurrence.ts';
import { ItemError } from '../errors.ts';
import { utcToWall, wallToUtc, windowsToIana } from '../../../time-zones/index.ts';

const DAY = 86_400_000;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
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
const INDEX = ['First', 'Second', 'Third', 'Fourth', 'Last'];
/** Upper bound for open-ended series, like Exchange's own expansion limit for views. */
export const MAX_OCCURRENCES = 999;

function weekdays(list: readonly DayOfWeek[]): number[] {
  const out: number[] = [];
  for (const w of list) {
    if (w === 'Day') out.push(0, 1, 2, 3, 4, 5, 6);
    else if (w === 'Weekday') out.push(1, 2, 3, 4, 5);
    else if (w === 'WeekendDay') out.push(0, 6);
    else if (DAYS.includes(w)) out.push(DAYS.indexOf(w));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Day of month of the n-th (or last) given weekday in a month; wall dates as UTC-based day numbers. */
function relativeDay(year: number, month: number, days: number[], index: string): number | undefined {
  const matches: number[] = [];
  const dim = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  for (let d = 1; d <= dim; d++)
    if (days.includes(new Date(Date.UTC(year, month, d)).getUTCDay())) matches.push(d);
  const i = INDEX.indexOf(index);
  return i === 4 ? matches[matches.length - 1] : matches[i];
}

export interface Series {
  /** UTC start instants of every occurrence, by InstanceIndex - 1. */
  readonly starts: number[];
  readonly duration: number;
}

/** Expands a master's Recurrence (in its StartTimeZone) into at most MAX_OCCURRENCES occurrences. */
export function expand(
  recurrence: Recurrence,
  start: number,
  end: number,
  timeZoneId: string | undefined,
): Series {
  const { pattern, range } = recurrence;
  const zone = timeZoneId === undefined ? undefined : windowsToIana(timeZoneId);
  const fixed = 0;
  const wallStart = utcToWall(zone, fixed, start);
  const timeOfDay = ((wallStart % DAY) + DAY) % DAY;
  const rangeStart = Date.parse(`${range.startDate.slice(0, 10)}T00:00:00Z`);
  const firstDay = Number.isNaN(rangeStart) ? wallStart - timeOfDay : rangeStart;
  const lastDay = range.type === 'EndDate' ? Date.parse(`${range.endDate.slice(0, 10)}T00:00:00Z`) : Infinity;
  const count =
    range.type === 'Numbered' ? Math.min(range.numberOfOccurrences, MAX_OCCURRENCES) : MAX_OCCURRENCES;
  const interval = Math.max(1, 'interval' in pattern ? pattern.interval : 1);
  const days: number[] = [];
  const push = (day: number): boolean => {
    if (day < firstDay) return true;
    if (day > lastDay || days.length >= count) return false;
    days.push(day);
    return true;
  };
  const horizon = firstDay + 400 * 366 * DAY;
  switch (pattern.type) {
    case 'Daily':
      for (let d = firstDay; d < horizon && push(d); d += interval * DAY);
      break;
    case 'Weekly': {
      const wd = weekdays(pattern.daysOfWeek);
      if (wd.length === 0)
        throw new ItemError(
          'ErrorCalendarInvalidDayForWeeklyRecurrence',
          'A weekly recurrence needs DaysOfWeek.',
        );
      const firstDow = DAYS.indexOf(pattern.firstDayOfWeek ?? 'Sunday');
      const weekStart = firstDay - ((new Date(firstDay).getUTCDay() - Math.max(0, firstDow) + 7) % 7) * DAY;
      outer: for (let w = weekStart; w < horizon; w += 7 * interval * DAY) {
        for (let i = 0; i < 7; i++) {
          const d = w + i * DAY;
          if (wd.includes(new Date(d).getUTCDay()) && !push(d)) break outer;
        }
      }
      break;
    }
    case 'AbsoluteMonthly':
    case 'RelativeMonthly':
    case 'AbsoluteYearly':
    case 'RelativeYearly': {
      const yearly = pattern.type === 'AbsoluteYearly' || pattern.type === 'RelativeYearly';
      const step = yearly ? 12 : interval;
      const f = new Date(firstDay);
      let y = f.getUTCFullYear();
      let m = yearly ? MONTHS.indexOf(pattern.month) : f.getUTCMonth();
      if (m < 0) throw new ItemError('ErrorCalendarInvalidRecurrence', 'A yearly recurrence needs Month.');
      for (let n = 0; n < 400 * 12; n++) {
        let dom: number | undefined;
        if (pattern.type === 'AbsoluteMonthly' || pattern.type === 'AbsoluteYearly') {
          const want = pattern.dayOfMonth;
          const dim = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
          dom = want <= dim ? want : undefined;
        } else dom = relativeDay(y, m, weekdays([pattern.daysOfWeek]), pattern.dayOfWeekIndex);
        if (dom !== undefined && !push(Date.UTC(y, m, dom))) break;
        m += step;
        y += Math.floor(m / 12);
        m %= 12;
      }
      break;
    }
  }
  return { starts: days.map((d) => wallToUtc(zone, fixed, d + timeOfDay)), duration: end - start };
}
