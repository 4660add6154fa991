import ICAL from 'ical.js';
import type { BusyStatus, CalendarEvent } from '../calendar.ts';

export const PRODID = '-//voxsync//voxsync interchange//EN';
export const UC_LOCATION_PROP = 'x-voxsync-uc-location';
export const TIME_ZONE_PROP = 'x-voxsync-timezone';
export const CDO_BUSY_PROP = 'x-microsoft-cdo-busystatus';

/** Outlook's X-MICROSOFT-CDO-BUSYSTATUS values; NODATA is voxsync's for "no information". */
export const CDO_BUSY: Record<BusyStatus, string> = {
  free: 'FREE',
  tentative: 'TENTATIVE',
  busy: 'BUSY',
  oof: 'OOF',
  workingElsewhere: 'WORKINGELSEWHERE',
  noData: 'NODATA',
};

type EventLike = Pick<
  CalendarEvent,
  | 'id'
  | 'subject'
  | 'start'
  | 'end'
  | 'timeZone'
  | 'allDay'
  | 'location'
  | 'busyStatus'
  | 'recurrence'
  | 'reminderMinutes'
  | 'ucLocation'
  | 'body'
  | 'updatedAt'
>;

/**
 * Serializes events as one iCalendar (RFC 5545) object. Timed values are written in UTC: the model
 * stores UTC instants, and its zone may be a Windows name for which voxsync holds no VTIMEZONE
 * rules; UTC is exact for every event. The zone the event was written in travels in
 * X-VOXSYNC-TIMEZONE so a round trip restores it.
 */
export function eventsToICalendar(events: readonly EventLike[]): string {
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.addPropertyWithValue('prodid', PRODID);
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  for (const e of events) {
    cal.addSubcomponent(masterOf(e));
    for (const x of e.recurrence?.exceptions ?? []) {
      const v = new ICAL.Component('vevent');
      v.addPropertyWithValue('uid', e.id);
      v.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(new Date(e.updatedAt), true));
      addTime(v, 'recurrence-id', x.originalStart, e.allDay);
      addTime(v, 'dtstart', x.start, e.allDay);
      addTime(v, 'dtend', x.end, e.allDay);
      // Other programs need the full occurrence; equal values read back as "inherited" (null).
      v.addPropertyWithValue('summary', x.subject ?? e.subject);
      const location = x.location ?? e.location;
      if (location !== null) v.addPropertyWithValue('location', location);
      addBusy(v, x.busyStatus ?? e.busyStatus);
      cal.addSubcomponent(v);
    }
  }
  return withStoredRules(cal, events);
}

/**
 * ical.js writes RRULE parts in its own order; the stored rule text is already a valid RECUR and is
 * written as stored so that a round trip gives back the same text. Lines are folded here (RFC 5545
 * 3.1: 75 octets, never inside a UTF-8 sequence) because the rule lines are replaced unfolded.
 */
function withStoredRules(cal: InstanceType<typeof ICAL.Component>, events: readonly EventLike[]): string {
  const stored = new Map<string, string>();
  for (const e of events) {
    if (e.recurrence)
      stored.set(`RRULE:${ICAL.Recur.fromString(e.recurrence.rrule).toString()}`, e.recurrence.rrule);
  }
  // ical.js folds at code-point boundaries, so removing its folds restores each line exactly.
  const text = cal.toString().replace(/\r\n[ \t]/g, '');
  return (
    text
      .split('\r\n')
      .map((line) => {
        const rule = stored.get(line);
        return fold(rule !== undefined ? `RRULE:${rule}` : line);
      })
      .join('\r\n') + '\r\n'
  );
}

function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function masterOf(e: EventLike): InstanceType<typeof ICAL.Component> {
  const v = new ICAL.Component('vevent');
  v.addPropertyWithValue('uid', e.id);
  v.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(new Date(e.updatedAt), true));
  v.addPropertyWithValue('summary', e.subject);
  addTime(v, 'dtstart', e.start, e.allDay);
  addTime(v, 'dtend', e.end, e.allDay);
  v.addPropertyWithValue(TIME_ZONE_PROP, e.timeZone);
  if (e.location !== null) v.addPropertyWithValue('location', e.location);
  if (e.body !== null) v.addPropertyWithValue('description', e.body);
  addBusy(v, e.busyStatus);
  v.addPropertyWithValue(UC_LOCATION_PROP, e.ucLocation);
  if (e.recurrence !== null) {
    v.addPropertyWithValue('rrule', ICAL.Recur.fromString(e.recurrence.rrule));
    for (const d of e.recurrence.deletedOccurrences) addTime(v, 'exdate', d, e.allDay);
  }
  if (e.reminderMinutes !== null) {
    const alarm = new ICAL.Component('valarm');
    alarm.addPropertyWithValue('action', 'DISPLAY');
    alarm.addPropertyWithValue('description', 'Reminder');
    alarm.addPropertyWithValue('trigger', ICAL.Duration.fromSeconds(-e.reminderMinutes * 60));
    v.addSubcomponent(alarm);
  }
  return v;
}

function addBusy(v: InstanceType<typeof ICAL.Component>, status: BusyStatus): void {
  v.addPropertyWithValue('transp', status === 'free' ? 'TRANSPARENT' : 'OPAQUE');
  v.addPropertyWithValue(CDO_BUSY_PROP, CDO_BUSY[status]);
}

function addTime(v: InstanceType<typeof ICAL.Component>, name: string, value: string, allDay: boolean): void {
  const t = allDay ? ICAL.Time.fromDateString(value) : ICAL.Time.fromJSDate(new Date(value), true);
  v.addPropertyWithValue(name, t);
}
