// Normalized content hashes of what synchronization carries: a contact, a calendar event, a message's
// synced state. The engine compares them with the hash stored in its status row to tell a real change from
// a re-serialization: equal for equivalent content (field order, whitespace and case where they carry no
// meaning, the same instant written in another zone or offset, another spelling of the same recurrence),
// different as soon as a synced field changes (docs/sync-mapping.md lists the rules).
import { createHash } from 'node:crypto';
import type { CalendarEventData } from './calendar.ts';
import { contactLabel, type ContactData } from './contact.ts';
import { anchorOf, formatRecurrenceRule, parseRecurrenceRule } from './recurrence-rule.ts';
import { toWindowsZone } from '../time-zones/index.ts';

type Canonical =
  null | boolean | number | string | readonly Canonical[] | { readonly [k: string]: Canonical };

/** JSON with object keys sorted, so the order fields were written in never matters. */
function stableJson(v: Canonical): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as { readonly [k: string]: Canonical };
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k]!)}`)
    .join(',')}}`;
}

function digest(kind: string, v: Canonical): string {
  return `sha256:${createHash('sha256')
    .update(`${kind}\n${stableJson(v)}`)
    .digest('hex')}`;
}

/** A one-line text: Unicode NFC, runs of white space as one space, no blanks at the ends; '' = absent. */
function line(v: string | null | undefined): string | null {
  const t = (v ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
/** A multi-line text (notes, bodies): NFC, CR LF and CR as LF, no trailing blanks; '' = absent. */
function block(v: string | null | undefined): string | null {
  const t = (v ?? '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trimEnd();
  return t === '' ? null : t;
}
/** Phone numbers without the separators people and programs format them with. */
const phoneDigits = (n: string): string => n.replace(/[\s\-.()/]/g, '');

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export function contactHash(c: ContactData): string {
  // E-mail slots as the connector assigns them: fixed ones first, the rest in the free slots in order.
  const taken = new Set(c.emails.map((e) => e.slot ?? null).filter((s) => s !== null));
  const free = [1, 2, 3].filter((s) => !taken.has(s as 1 | 2 | 3));
  const emails = c.emails
    .map((e) => ({
      slot: e.slot ?? free.shift() ?? 3,
      // Mailbox names are case-insensitive in practice, and Exchange compares them so.
      address: e.address.trim().toLowerCase(),
      name: line(e.name),
    }))
    .sort((a, b) => a.slot - b.slot);
  const derived = contactLabel({ ...c, displayName: null });
  return digest('contact', {
    givenName: line(c.givenName),
    middleName: line(c.middleName),
    surname: line(c.surname),
    nickname: line(c.nickname),
    // A display name equal to the one derived from the other fields is no display name of its own.
    displayName: line(c.displayName) === line(derived) ? null : line(c.displayName),
    company: line(c.company),
    department: line(c.department),
    jobTitle: line(c.jobTitle),
    emails,
    phones: c.phones
      .map((p) => ({ kind: p.kind, number: phoneDigits(p.number) }))
      .filter((p) => p.number !== '')
      .sort(byKey((p) => p.kind)),
    addresses: c.addresses
      .map((a) => ({
        kind: a.kind,
        street: block(a.street),
        city: line(a.city),
        state: line(a.state),
        postalCode: line(a.postalCode)?.toUpperCase() ?? null,
        country: line(a.country),
      }))
      .sort(byKey((a) => a.kind)),
    notes: block(c.notes),
  });
}

/** Epoch milliseconds of an instant, or the date itself for all-day values. */
const when = (v: string, allDay: boolean): string | number => (allDay ? v.slice(0, 10) : Date.parse(v));

/**
 * Calendar events: instants compare as instants, the zone as the Windows id Exchange keeps (so
 * `Europe/Zurich` and `W. Europe Standard Time` hash alike), the recurrence in its canonical RRULE.
 * ucLocation stays in voxsync and is not part of the hash.
 */
export function eventHash(e: CalendarEventData): string {
  let recurrence: Canonical = null;
  if (e.recurrence !== null) {
    const anchor = anchorOf(e.start, e.allDay, e.timeZone);
    const parsed = parseRecurrenceRule(e.recurrence.rrule, anchor);
    const rrule =
      'rule' in parsed
        ? formatRecurrenceRule(parsed.rule, anchor)
        : e.recurrence.rrule.toUpperCase().split(';').sort().join(';');
    const deleted = [...new Set(e.recurrence.deletedOccurrences.map((d) => when(d, e.allDay)))];
    recurrence = {
      rrule,
      deletedOccurrences: deleted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      exceptions: e.recurrence.exceptions
        .map((x) => ({
          originalStart: when(x.originalStart, e.allDay),
          start: when(x.start, e.allDay),
          end: when(x.end, e.allDay),
          subject: x.subject === null || line(x.subject) === line(e.subject) ? null : line(x.subject),
          location:
            x.location === null || (line(x.location) ?? '') === (line(e.location) ?? '')
              ? null
              : (line(x.location) ?? ''),
          busyStatus: x.busyStatus === e.busyStatus ? null : x.busyStatus,
        }))
        .sort(byKey((x) => String(x.originalStart).padStart(20, '0'))),
    };
  }
  return digest('event', {
    subject: line(e.subject),
    start: when(e.start, e.allDay),
    end: when(e.end, e.allDay),
    allDay: e.allDay,
    timeZone: toWindowsZone(e.timeZone) ?? e.timeZone,
    location: line(e.location),
    busyStatus: e.busyStatus,
    reminderMinutes: e.reminderMinutes,
    body: block(e.body),
    recurrence,
  });
}

/**
 * The synced state of a voice message: read or not, deleted or not (its audio and metadata only travel
 * voxsync → Exchange once). Takes a VoiceMessage as it is: when it was deleted does not matter, only that.
 */
export interface MessageSyncState {
  readonly read: boolean;
  readonly deletedAt: string | null;
}

export function messageStateHash(m: MessageSyncState): string {
  return digest('message', { read: m.read, deleted: m.deletedAt !== null });
}
