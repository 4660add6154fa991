// xs:dateTime values of requests → stored UTC instants. A value without an offset is a wall-clock time in
// the request's TimeZoneContext (UTC when there is none); Exchange stores instants and answers in UTC
// (D: exchange-web-services/time-zones-and-ews-in-exchange.md, EWS-PROTOCOL.md section 12).
import type { XmlElement } from '../../../ews/soap/xml-tree.ts';
import { wallToUtc, windowsToIana } from '../../../time-zones/index.ts';

/** Item properties of type xs:dateTime that a client may write. */
const DATE_TIME_PROPERTIES = new Set([
  'Start',
  'End',
  'ReminderDueBy',
  'DateTimeSent',
  'DateTimeReceived',
  'RecurrenceId',
  'DateTimeStamp',
]);

const UNQUALIFIED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

/** Epoch ms of an xs:dateTime; NaN when it is not one. */
export function instantOf(text: string, timeZoneId: string | undefined): number {
  const v = text.trim();
  const m = UNQUALIFIED.exec(v);
  if (!m) return Date.parse(v);
  const wall = Date.UTC(
    +m[1]!,
    +m[2]! - 1,
    +m[3]!,
    +m[4]!,
    +m[5]!,
    +m[6]!,
    Math.round(Number(m[7] ?? 0) * 1000),
  );
  return wallToUtc(timeZoneId === undefined ? undefined : windowsToIana(timeZoneId), 0, wall);
}

const isoSeconds = (t: number): string => new Date(t).toISOString().replace(/\.000Z$/, 'Z');

/** The property with its dateTime value as a UTC instant; other properties unchanged. */
export function withUtcDateTime(prop: XmlElement, timeZoneId: string | undefined): XmlElement {
  if (!DATE_TIME_PROPERTIES.has(prop.local)) return prop;
  const t = instantOf(prop.text, timeZoneId);
  return Number.isNaN(t) ? prop : { ...prop, text: isoSeconds(t) };
}
