import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import type { Id } from './enums.ts';
import { timeZoneKind } from './time-zone.ts';
import { toIanaZone, wallToUtc } from '../time-zones/index.ts';

export const busyStatuses = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'noData'] as const;
export const busyStatusSchema = z.enum(busyStatuses);
export type BusyStatus = z.infer<typeof busyStatusSchema>;

/** The UC location a calendar event sets by default (the seed: "marked as Meeting"). */
export const DEFAULT_EVENT_UC_LOCATION = 'Meeting';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function validDate(s: string): boolean {
  return (
    DATE_RE.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}
function validInstant(s: string): boolean {
  return INSTANT_RE.test(s) && !Number.isNaN(Date.parse(s));
}

/** A local time without offset (`2026-03-02T09:00`), read in the event's time zone. */
const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

/**
 * The UTC milliseconds of a start/end value: a date (all-day), an instant with offset, or a local time in
 * `timeZone` (IANA or Windows), the way iCalendar writes DTSTART;TZID=... and Exchange its StartTimeZone.
 * NaN when the value is none of these.
 */
function instantOf(s: string, timeZone: string): number {
  if (DATE_RE.test(s)) return Date.parse(`${s}T00:00:00Z`);
  if (validInstant(s)) return Date.parse(s);
  const zone = LOCAL_RE.test(s) ? toIanaZone(timeZone) : undefined;
  const wall = Date.parse(`${s}Z`);
  return zone === undefined || Number.isNaN(wall) ? NaN : wallToUtc(zone, 0, wall);
}

/** A start/end value: a date for all-day events; for timed ones an instant with offset, or a local time. */
function timeValue(allDay: boolean, s: string, timeZone: string): boolean {
  return allDay ? validDate(s) : !DATE_RE.test(s) && !Number.isNaN(instantOf(s, timeZone));
}
function canonicalTime(allDay: boolean, s: string, timeZone: string): string {
  return allDay ? s : new Date(instantOf(s, timeZone)).toISOString();
}

const RRULE_KEYS = new Set([
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
const FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

/** Checks an RFC 5545 RECUR value (section 3.3.10). Returns the reason it is refused, or null. */
export function rruleProblem(rrule: string): string | null {
  const parts = rrule.replace(/^RRULE:/i, '').split(';');
  const seen = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split('=');
    if (key === undefined || value === undefined || extra !== undefined || value === '') {
      return `"${part}" is not a NAME=VALUE rule part.`;
    }
    const k = key.toUpperCase();
    if (!RRULE_KEYS.has(k)) return `"${key}" is not an RRULE part.`;
    if (seen.has(k)) return `"${k}" appears twice.`;
    seen.set(k, value.toUpperCase());
  }
  const freq = seen.get('FREQ');
  if (freq === undefined) return 'FREQ is required.';
  if (!FREQS.has(freq)) return `FREQ=${freq} is not a recurrence frequency.`;
  if (seen.has('UNTIL') && seen.has('COUNT')) return 'UNTIL and COUNT cannot both be set (RFC 5545 3.3.10).';
  for (const k of ['COUNT', 'INTERVAL']) {
    const v = seen.get(k);
    if (v !== undefined && !/^[1-9]\d*$/.test(v)) return `${k} must be a positive whole number.`;
  }
  const byday = seen.get('BYDAY');
  if (
    byday !== undefined &&
    !byday.split(',').every((d) => /^[+-]?(?:[1-9]|[1-4]\d|5[0-3])?(?:MO|TU|WE|TH|FR|SA|SU)$/.test(d))
  ) {
    return `BYDAY=${byday} is not a list of weekdays.`;
  }
  const until = seen.get('UNTIL');
  if (until !== undefined && !/^\d{8}(?:T\d{6}Z?)?$/.test(until)) return 'UNTIL must be a DATE or DATE-TIME.';
  return null;
}

const exceptionSchema = z.object({
  /** Start of the occurrence this exception replaces (the RECURRENCE-ID). */
  originalStart: z.string(),
  subject: z.string().trim().max(255).nullable().default(null),
  start: z.string(),
  end: z.string(),
  location: z.string().trim().max(255).nullable().default(null),
  busyStatus: busyStatusSchema.nullable().default(null),
});

export const recurrenceSchema = z.object({
  rrule: z.string().trim().min(1).max(1000),
  /** Starts of deleted occurrences (EXDATE). */
  deletedOccurrences: z.array(z.string()).max(1000).default([]),
  /** Occurrences moved or edited. */
  exceptions: z.array(exceptionSchema).max(1000).default([]),
});

export const calendarEventInputSchema = z
  .object({
    subject: z.string().trim().max(255).default(''),
    start: z.string(),
    end: z.string(),
    timeZone: z.string().trim().min(1).max(100).default('UTC'),
    allDay: z.boolean().default(false),
    location: z.string().trim().max(255).nullable().default(null),
    busyStatus: busyStatusSchema.default('busy'),
    recurrence: recurrenceSchema.nullable().default(null),
    /** Minutes before the start; null = no reminder. */
    reminderMinutes: z.number().int().min(0).max(40320).nullable().default(null),
    ucLocation: z.string().trim().min(1).max(64).default(DEFAULT_EVENT_UC_LOCATION),
    body: z.string().max(32000).nullable().default(null),
  })
  .superRefine((e, ctx) => {
    const issue = (code: string, path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', params: { code }, path, message });
    const kind = e.allDay
      ? 'a date (YYYY-MM-DD) for an all-day event'
      : 'an ISO 8601 time, with an offset or as local time in timeZone';
    const startOk = timeValue(e.allDay, e.start, e.timeZone);
    const endOk = timeValue(e.allDay, e.end, e.timeZone);
    if (!startOk)
      issue(
        e.allDay ? ErrorCodes.calendarAllDayNeedsDates : ErrorCodes.calendarTimeInvalid,
        ['start'],
        `The start must be ${kind}.`,
      );
    if (!endOk)
      issue(
        e.allDay ? ErrorCodes.calendarAllDayNeedsDates : ErrorCodes.calendarTimeInvalid,
        ['end'],
        `The end must be ${kind}.`,
      );
    if (
      startOk &&
      endOk &&
      instantOf(e.end, e.timeZone) < instantOf(e.start, e.timeZone) + (e.allDay ? 86_400_000 : 0)
    ) {
      issue(
        ErrorCodes.calendarEndBeforeStart,
        ['end'],
        e.allDay
          ? 'An all-day event ends at least one day after it starts.'
          : 'The end must not be before the start.',
      );
    }
    if (timeZoneKind(e.timeZone) === null) {
      issue(
        ErrorCodes.calendarTimeZoneUnknown,
        ['timeZone'],
        `"${e.timeZone}" is neither an IANA nor a Windows time zone name.`,
      );
    }
    if (e.recurrence !== null) {
      const problem = rruleProblem(e.recurrence.rrule);
      if (problem !== null)
        issue(
          ErrorCodes.calendarRecurrenceInvalid,
          ['recurrence', 'rrule'],
          `The recurrence rule is invalid: ${problem}`,
        );
      e.recurrence.deletedOccurrences.forEach((d, i) => {
        if (!timeValue(e.allDay, d, e.timeZone))
          issue(
            ErrorCodes.calendarExceptionInvalid,
            ['recurrence', 'deletedOccurrences', i],
            `A deleted occurrence must be ${kind}.`,
          );
      });
      e.recurrence.exceptions.forEach((x, i) => {
        for (const f of ['originalStart', 'start', 'end'] as const) {
          if (!timeValue(e.allDay, x[f], e.timeZone))
            issue(
              ErrorCodes.calendarExceptionInvalid,
              ['recurrence', 'exceptions', i, f],
              `An exception's ${f} must be ${kind}.`,
            );
        }
        if (
          timeValue(e.allDay, x.start, e.timeZone) &&
          timeValue(e.allDay, x.end, e.timeZone) &&
          instantOf(x.end, e.timeZone) < instantOf(x.start, e.timeZone)
        ) {
          issue(
            ErrorCodes.calendarEndBeforeStart,
            ['recurrence', 'exceptions', i, 'end'],
            "An exception's end must not be before its start.",
          );
        }
      });
    }
  })
  .transform((e) => ({
    ...e,
    start: canonicalTime(e.allDay, e.start, e.timeZone),
    end: canonicalTime(e.allDay, e.end, e.timeZone),
    recurrence:
      e.recurrence === null
        ? null
        : {
            rrule: e.recurrence.rrule.replace(/^RRULE:/i, '').toUpperCase(),
            deletedOccurrences: e.recurrence.deletedOccurrences.map((d) =>
              canonicalTime(e.allDay, d, e.timeZone),
            ),
            exceptions: e.recurrence.exceptions.map((x) => ({
              ...x,
              originalStart: canonicalTime(e.allDay, x.originalStart, e.timeZone),
              start: canonicalTime(e.allDay, x.start, e.timeZone),
              end: canonicalTime(e.allDay, x.end, e.timeZone),
            })),
          },
  }));
export type CalendarEventInput = z.input<typeof calendarEventInputSchema>;
export type CalendarEventData = z.output<typeof calendarEventInputSchema>;
export type Recurrence = NonNullable<CalendarEventData['recurrence']>;

export interface CalendarEvent extends CalendarEventData {
  readonly id: Id;
  readonly mailboxId: Id;
  readonly createdAt: string;
  readonly updatedAt: string;
}
