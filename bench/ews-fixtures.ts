// Realistic EWS documents for the parse benchmark, produced by voxsync's own server-side builders (the
// same code the Exchange simulator uses) so both libraries parse identical bytes.
import { buildResponseEnvelope } from '../src/ews/soap/envelope.ts';
import { OPERATIONS } from '../src/ews/operations/index.ts';
import type { Message } from '../src/ews/types/message.ts';
import type { Contact } from '../src/ews/types/contact.ts';
import type { CalendarItem } from '../src/ews/types/calendar.ts';
import type { VoiceMessage } from '../src/ews/voicemail/voicemail-item.ts';
import { VOXSYNC_MESSAGE_ID } from '../src/ews/voicemail/properties.ts';

const SV = {
  majorVersion: 15,
  minorVersion: 1,
  majorBuildNumber: 2507,
  minorBuildNumber: 6,
  version: 'V2017_07_11',
};

export function itemId(i: number): { id: string; changeKey: string } {
  const id = Buffer.from(`voxsync-bench-item-${String(i).padStart(6, '0')}-${'x'.repeat(60)}`).toString(
    'base64',
  );
  return { id, changeKey: 'CQAAABYAAAC2vL3bA7VhT5n1nE2aQ0T1AAAB' + String(i).padStart(4, '0') };
}

function voicemail(i: number): Message {
  return {
    kind: 'Message',
    itemId: itemId(i),
    parentFolderId: {
      id: 'AQMkADAwATM0MDAAMS1iNWVmLWNkZTctMDACLTAwCgAuAAADhwZbGtHEnEqRw+1G',
      changeKey: 'AQAAAA==',
    },
    itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
    subject: `Voice Mail from +1 555 01${String(i % 100).padStart(2, '0')} (0:${String(i % 60).padStart(2, '0')})`,
    sensitivity: 'Normal',
    dateTimeReceived: '2026-03-02T10:15:00Z',
    size: 84213,
    importance: i % 7 === 0 ? 'High' : 'Normal',
    hasAttachments: true,
    extendedProperties: [{ uri: VOXSYNC_MESSAGE_ID, value: `vx-${i}` }],
    from: {
      name: '+1 555 0100',
      emailAddress: 'pbx@example.com',
      routingType: 'SMTP',
      mailboxType: 'OneOff',
    },
    isRead: i % 3 === 0,
  };
}

export function syncFolderItems512(): string {
  const changes = Array.from({ length: 512 }, (_, i) =>
    i % 8 === 7
      ? { type: 'readFlagChange' as const, itemId: itemId(i), isRead: true }
      : i % 11 === 10
        ? { type: 'delete' as const, itemId: itemId(i) }
        : { type: i % 2 === 0 ? ('create' as const) : ('update' as const), item: voicemail(i) },
  );
  return buildResponseEnvelope(
    OPERATIONS.SyncFolderItems.buildResponseBody([
      {
        ok: true,
        value: {
          syncState:
            'H4sIAAAAAAAEAO29B2AcSZYlJi9tynt/SvVK1+B0oQiAYBMk2JBAEOzBiM3mkuwdaUcjKasqgcplVmVdZhZAzO2dvPfee',
          includesLastItemInRange: true,
          changes,
        },
      },
    ]),
    SV,
  );
}

function contact(i: number): Contact {
  return {
    kind: 'Contact',
    itemId: itemId(i),
    itemClass: 'IPM.Contact',
    subject: `Contact ${i}`,
    displayName: `Zoë Müller-${i}`,
    fileAs: `Müller-${i}, Zoë`,
    givenName: 'Zoë',
    surname: `Müller-${i}`,
    companyName: 'Acme & Co',
    completeName: { firstName: 'Zoë', lastName: `Müller-${i}`, fullName: `Zoë Müller-${i}` },
    emailAddresses: [
      { key: 'EmailAddress1', address: `zoe${i}@example.com`, name: `Zoë ${i}` },
      { key: 'EmailAddress2', address: `z.mueller${i}@example.org` },
      { key: 'EmailAddress3', address: `zm${i}@example.net` },
    ],
    physicalAddresses: [
      {
        key: 'Business',
        street: `${i} Bahnhofstrasse`,
        city: 'Zürich',
        state: 'ZH',
        countryOrRegion: 'Switzerland',
        postalCode: '8001',
      },
      {
        key: 'Home',
        street: `${i} Seefeldstrasse`,
        city: 'Zürich',
        countryOrRegion: 'Switzerland',
        postalCode: '8008',
      },
    ],
    phoneNumbers: [
      { key: 'BusinessPhone', number: `+41 44 000 ${String(i).padStart(4, '0')}` },
      { key: 'MobilePhone', number: `+41 79 000 ${String(i).padStart(4, '0')}` },
      { key: 'HomePhone', number: `+41 44 111 ${String(i).padStart(4, '0')}` },
      { key: 'BusinessFax', number: '+41 44 000 9999' },
    ],
    jobTitle: 'Engineer',
    department: 'R&D',
    birthday: '1980-02-29T00:00:00Z',
  };
}

export function getItem100Contacts(): string {
  return buildResponseEnvelope(
    OPERATIONS.GetItem.buildResponseBody(
      Array.from({ length: 100 }, (_, i) => ({ ok: true as const, value: contact(i) })),
    ),
    SV,
  );
}

function meeting(i: number): CalendarItem {
  return {
    kind: 'CalendarItem',
    itemId: itemId(i),
    itemClass: 'IPM.Appointment',
    subject: `Weekly sync ${i}`,
    body: { bodyType: 'Text', value: 'Agenda: status, risks, next steps.' },
    uid: `040000008200E00074C5B7101A82E0080000000000000000000000000000000000000000${i}`,
    start: '2026-03-02T08:00:00Z',
    end: '2026-03-02T08:30:00Z',
    isAllDayEvent: false,
    legacyFreeBusyStatus: 'Busy',
    location: 'Room 1',
    isMeeting: true,
    isRecurring: true,
    calendarItemType: 'RecurringMaster',
    organizer: { name: 'Organizer', emailAddress: 'org@example.com', routingType: 'SMTP' },
    requiredAttendees: [
      { mailbox: { name: 'A', emailAddress: 'a@example.com' }, responseType: 'Accept' },
      { mailbox: { name: 'B', emailAddress: 'b@example.com' }, responseType: 'Tentative' },
    ],
    recurrence: {
      pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday', 'Thursday'], firstDayOfWeek: 'Monday' },
      range: { type: 'Numbered', startDate: '2026-03-02', numberOfOccurrences: 20 },
    },
    firstOccurrence: {
      itemId: itemId(i + 1000),
      start: '2026-03-02T08:00:00Z',
      end: '2026-03-02T08:30:00Z',
      originalStart: '2026-03-02T08:00:00Z',
    },
    lastOccurrence: {
      itemId: itemId(i + 2000),
      start: '2026-05-07T08:00:00Z',
      end: '2026-05-07T08:30:00Z',
      originalStart: '2026-05-07T08:00:00Z',
    },
    modifiedOccurrences: [
      {
        itemId: itemId(i + 3000),
        start: '2026-03-09T09:00:00Z',
        end: '2026-03-09T09:30:00Z',
        originalStart: '2026-03-09T08:00:00Z',
      },
      {
        itemId: itemId(i + 4000),
        start: '2026-03-19T10:00:00Z',
        end: '2026-03-19T10:30:00Z',
        originalStart: '2026-03-19T08:00:00Z',
      },
    ],
    deletedOccurrences: [{ start: '2026-03-12T08:00:00Z' }, { start: '2026-04-02T08:00:00Z' }],
    startTimeZone: {
      id: 'W. Europe Standard Time',
      name: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna',
    },
    endTimeZone: {
      id: 'W. Europe Standard Time',
      name: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna',
    },
  };
}

export function getItem50Recurring(): string {
  return buildResponseEnvelope(
    OPERATIONS.GetItem.buildResponseBody(
      Array.from({ length: 50 }, (_, i) => ({ ok: true as const, value: meeting(i) })),
    ),
    SV,
  );
}

/** 42 s of 16 kbit/s MP3 ≈ 84 KB, the size a voicemail attachment really has. */
export const VOICE_AUDIO = new Uint8Array(84_000).map((_, i) => (i * 31) & 0xff);

export function voiceMessage(i: number): VoiceMessage {
  return {
    voxsyncMessageId: `vx-${i}`,
    callerNumber: '+1 555 0100',
    callerName: 'Ann Caller',
    durationSeconds: 42,
    receivedAt: new Date(Date.UTC(2026, 2, 2, 10, 15, i % 60)),
    callId: `call-${i}`,
    audio: { data: VOICE_AUDIO, format: 'mp3' },
    urgent: i % 5 === 0,
    recipient: { name: 'User', emailAddress: 'user@example.com' },
  };
}
