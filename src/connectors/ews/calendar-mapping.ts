// voxsync calendar events ↔ EWS CalendarItemType (docs/sync-mapping.md has the table). The master carries
// the fields, the time zone (Windows id in StartTimeZone/EndTimeZone, the exact IANA or Windows name the
// event was written in in voxsync's named property) and the recurrence; deleted occurrences come from the
// master's DeletedOccurrences, modified ones from the exception items Exchange keeps per occurrence.
import {
  calendarEventInputSchema,
  DEFAULT_EVENT_UC_LOCATION,
  type BusyStatus,
  type CalendarEventData,
} from '../../domain/calendar.ts';
import { anchorOf, type RuleAnchor } from '../../domain/recurrence-rule.ts';
import type { CalendarItem, LegacyFreeBusy } from '../../ews/types/calendar.ts';
import type { ExtendedFieldUri } from '../../ews/types/extended-properties.ts';
import type { ItemShape } from '../../ews/types/shapes.ts';
import { VOXSYNC_PROPERTY_SET_ID } from '../../ews/voicemail/properties.ts';
import { toIanaZone, toWindowsZone, utcToWall, wallToUtc, windowsToIana } from '../../time-zones/index.ts';
import { ConnectorError } from '../errors.ts';
import { rruleFromEws, rruleToEws } from './recurrence-mapping.ts';

/** The time zone name the event was written in, so `Europe/Zurich` does not come back as `Europe/Berlin`. */
export const VOXSYNC_TIME_ZONE: ExtendedFieldUri = {
  propertySetId: VOXSYNC_PROPERTY_SET_ID,
  propertyName: 'VoxsyncTimeZone',
  propertyType: 'String',
};

/** What GetItem must ask for to map a master (or an exception) back without loss. */
export const CALENDAR_ITEM_SHAPE: ItemShape = {
  baseShape: 'AllProperties',
  bodyType: 'Text',
  additionalProperties: [{ extended: VOXSYNC_TIME_ZONE }],
};

const FREE_BUSY: Readonly<Record<BusyStatus, LegacyFreeBusy>> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'OOF',
  workingElsewhere: 'WorkingElsewhere',
  noData: 'NoData',
};
const BUSY_OF = new Map(Object.entries(FREE_BUSY).map(([k, v]) => [v as string, k as BusyStatus]));

/** An event or Exchange item the other side cannot hold (an unknown time zone, invalid content). */
export class CalendarMappingError extends ConnectorError {
  constructor(field: string, message: string) {
    super('connector.calendar_unmappable', `The calendar item's ${field} cannot be mapped: ${message}`);
  }
}

/** IANA zone used for local dates; undefined = UTC. */
function ianaOf(timeZone: string): string | undefined {
  const z = toIanaZone(timeZone);
  return z === undefined || z === 'UTC' || z === 'Etc/UTC' ? undefined : z;
}

const isoSeconds = (t: number): string => new Date(t).toISOString().replace(/\.000Z$/, 'Z');

/**
 * A domain time (instant, or date of an all-day event) as the xs:dateTime Exchange stores: an all-day
 * event's date is the midnight starting that day in the event's zone.
 */
function toEwsTime(value: string, allDay: boolean, zone: string | undefined): string {
  return isoSeconds(allDay ? wallToUtc(zone, 0, Date.parse(`${value}T00:00:00Z`)) : Date.parse(value));
}
function fromEwsTime(value: string, allDay: boolean, zone: string | undefined): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new CalendarMappingError('Start/End', `"${value}" is not a date-time.`);
  return allDay ? new Date(utcToWall(zone, 0, t)).toISOString().slice(0, 10) : new Date(t).toISOString();
}

/** The master item for CreateItem (SendMeetingInvitations=SendToNone) or UpdateItem. */
export function eventToEws(e: CalendarEventData): CalendarItem {
  const windows = toWindowsZone(e.timeZone);
  if (windows === undefined) throw new CalendarMappingError('timeZone', `"${e.timeZone}" has no Windows id.`);
  const zone = ianaOf(e.timeZone);
  const item: CalendarItem = {
    kind: 'CalendarItem',
    subject: e.subject,
    start: toEwsTime(e.start, e.allDay, zone),
    end: toEwsTime(e.end, e.allDay, zone),
    isAllDayEvent: e.allDay,
    legacyFreeBusyStatus: FREE_BUSY[e.busyStatus],
    reminderIsSet: e.reminderMinutes !== null,
    startTimeZone: { id: windows },
    endTimeZone: { id: windows },
    extendedProperties: [{ uri: VOXSYNC_TIME_ZONE, value: e.timeZone }],
  };
  if (e.reminderMinutes !== null) item.reminderMinutesBeforeStart = e.reminderMinutes;
  if (e.location !== null) item.location = e.location;
  if (e.body !== null) item.body = { bodyType: 'Text', value: e.body };
  if (e.recurrence !== null)
    item.recurrence = rruleToEws(e.recurrence.rrule, anchorOf(e.start, e.allDay, e.timeZone));
  return item;
}

type Exception = NonNullable<CalendarEventData['recurrence']>['exceptions'][number];

/** The fields to set on one occurrence (UpdateItem on its OccurrenceItemId) for an exception. */
export function exceptionToEws(x: Exception, e: CalendarEventData): CalendarItem {
  const zone = ianaOf(e.timeZone);
  const item: CalendarItem = {
    kind: 'CalendarItem',
    start: toEwsTime(x.start, e.allDay, zone),
    end: toEwsTime(x.end, e.allDay, zone),
  };
  if (x.subject !== null) item.subject = x.subject;
  if (x.location !== null) item.location = x.location;
  if (x.busyStatus !== null) item.legacyFreeBusyStatus = FREE_BUSY[x.busyStatus];
  return item;
}

/** The original start of a deleted occurrence or an exception, as Exchange names the occurrence. */
export function occurrenceStartToEws(originalStart: string, e: CalendarEventData): string {
  return toEwsTime(originalStart, e.allDay, ianaOf(e.timeZone));
}

function timeZoneOf(master: CalendarItem): string {
  const id = master.startTimeZone?.id;
  const written = master.extendedProperties?.find(
    (p) => p.uri.propertyName === VOXSYNC_TIME_ZONE.propertyName,
  )?.value;
  // The name voxsync wrote stays as long as the zone in Exchange is still the one it maps to (an Outlook
  // user who moved the event to another zone wins).
  if (typeof written === 'string' && (id === undefined || toWindowsZone(written) === id)) return written;
  if (id === undefined || id === '') return 'UTC';
  const iana = windowsToIana(id);
  if (iana === undefined)
    throw new CalendarMappingError('StartTimeZone', `unknown Windows time zone "${id}".`);
  return iana;
}

const textOrNull = (v: string | undefined): string | null =>
  v === undefined || v.trim() === '' ? null : v.trim();

/**
 * The domain event of a master (or single item) and its exception items (GetItem of the ItemIds in the
 * master's ModifiedOccurrences, with CALENDAR_ITEM_SHAPE). `ucLocation` is voxsync-only and kept as given.
 */
export function eventFromEws(
  master: CalendarItem,
  exceptions: readonly CalendarItem[] = [],
  ucLocation: string = DEFAULT_EVENT_UC_LOCATION,
): CalendarEventData {
  const timeZone = timeZoneOf(master);
  const zone = ianaOf(timeZone);
  const allDay = master.isAllDayEvent === true;
  if (master.start === undefined || master.end === undefined) {
    throw new CalendarMappingError('Start/End', 'the item has no start or end.');
  }
  const start = fromEwsTime(master.start, allDay, zone);
  const time = (v: string) => fromEwsTime(v, allDay, zone);
  const subject = master.subject ?? '';
  const location = textOrNull(master.location);
  const busyStatus = BUSY_OF.get(master.legacyFreeBusyStatus ?? 'Busy') ?? 'busy';
  let recurrence: CalendarEventData['recurrence'] = null;
  if (master.recurrence !== undefined) {
    const anchor: RuleAnchor = anchorOf(start, allDay, timeZone);
    recurrence = {
      rrule: rruleFromEws(master.recurrence, anchor),
      deletedOccurrences: (master.deletedOccurrences ?? []).map((d) => time(d.start)).sort(),
      exceptions: exceptions
        .map((x) => {
          const original = x.originalStart ?? x.recurrenceId;
          if (original === undefined || x.start === undefined || x.end === undefined) {
            throw new CalendarMappingError('ModifiedOccurrences', 'an exception lacks its original start.');
          }
          const xBusy = BUSY_OF.get(x.legacyFreeBusyStatus ?? '') ?? null;
          const xLocation = x.location?.trim() ?? '';
          return {
            originalStart: time(original),
            // Only what differs from the master is an exception's own; an emptied location stays ''.
            subject: x.subject === undefined || x.subject === subject ? null : x.subject,
            start: time(x.start),
            end: time(x.end),
            location: xLocation === (location ?? '') ? null : xLocation,
            busyStatus: xBusy === busyStatus ? null : xBusy,
          };
        })
        .sort((a, b) => (a.originalStart < b.originalStart ? -1 : a.originalStart > b.originalStart ? 1 : 0)),
    };
  }
  const parsed = calendarEventInputSchema.safeParse({
    subject,
    start,
    end: time(master.end),
    timeZone,
    allDay,
    location,
    busyStatus,
    recurrence,
    reminderMinutes: master.reminderIsSet === true ? (master.reminderMinutesBeforeStart ?? 0) : null,
    ucLocation,
    body: master.body === undefined || master.body.value === '' ? null : master.body.value,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CalendarMappingError(issue?.path.join('.') || 'content', issue?.message ?? 'invalid.');
  }
  return parsed.data;
}
