/** Mailbox content that exercises every field the interchange formats must carry. */
import type { CalendarEventInput, ContactInput } from '../../../src/domain/index.ts';
import { pcmWav, speechLike } from '../../unit/audio/fixtures.ts';

export const richContact: ContactInput = {
  givenName: 'Zoë',
  middleName: 'Ł.',
  surname: 'Ångström-Müller',
  nickname: '零',
  displayName: 'Dr. Zoë Ångström; R&D, Berlin',
  company: 'Façade GmbH',
  department: 'R&D',
  jobTitle: 'Ingénieure',
  emails: [
    { address: 'zoe@example.com', name: 'Zoë "work"' },
    { address: 'z@example.org', name: null },
    { address: 'zz@example.net', name: null },
  ],
  phones: [
    { kind: 'business', number: '+49 30 1234' },
    { kind: 'business2', number: '+49 30 5678' },
    { kind: 'mobile', number: '+49 170 555' },
    { kind: 'homeFax', number: '+49 30 999' },
    { kind: 'assistant', number: '+49 30 111' },
  ],
  addresses: [
    {
      kind: 'business',
      street: 'Straße 1\n2. OG',
      city: 'Berlin',
      state: null,
      postalCode: '10115',
      country: 'Deutschland',
    },
    {
      kind: 'other',
      street: null,
      city: 'Zürich; Kreis 1',
      state: 'ZH',
      postalCode: null,
      country: 'Schweiz, CH',
    },
  ],
  notes: 'Line 1\nLine 2 — 🎧 𝄞, done; \\ end',
};

export const plainContact: ContactInput = {
  givenName: 'Bob',
  surname: 'Smith',
  phones: [{ kind: 'home', number: '555' }],
};

export const recurringEvent: CalendarEventInput = {
  subject: 'Réunion hebdo 🎧',
  start: '2026-03-02T08:00:00Z',
  end: '2026-03-02T09:00:00Z',
  timeZone: 'Europe/Paris',
  location: 'Salle Ü',
  busyStatus: 'tentative',
  recurrence: {
    rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
    deletedOccurrences: ['2026-03-16T08:00:00.000Z', '2026-03-23T08:00:00.000Z'],
    exceptions: [
      {
        originalStart: '2026-03-09T08:00:00.000Z',
        start: '2026-03-10T13:30:00.000Z',
        end: '2026-03-10T14:45:00.000Z',
        subject: 'Moved: réunion',
        location: null,
        busyStatus: 'oof',
      },
    ],
  },
  reminderMinutes: 15,
  ucLocation: 'Conference',
  body: 'Agenda:\n1. 予定\n2. done',
};

export const allDayEvent: CalendarEventInput = {
  subject: 'Holiday',
  start: '2026-05-01',
  end: '2026-05-04',
  allDay: true,
  timeZone: 'Romance Standard Time',
  busyStatus: 'oof',
  recurrence: { rrule: 'FREQ=YEARLY;UNTIL=20300501', deletedOccurrences: ['2027-05-01'], exceptions: [] },
};

export const freeEvent: CalendarEventInput = {
  subject: 'Lunch',
  start: '2026-04-01T10:00:00+02:00',
  end: '2026-04-01T11:00:00+02:00',
  timeZone: 'UTC',
  busyStatus: 'free',
  reminderMinutes: 0,
};

export function voiceWav(seconds = 1, rate = 8000): Uint8Array {
  return pcmWav(rate, speechLike(rate, seconds));
}

/** Strips the fields a store assigns, so content can be compared across mailboxes. */
export function content<T extends { id: string; mailboxId: string; createdAt: string; updatedAt: string }>(
  x: T,
): Omit<T, 'id' | 'mailboxId' | 'createdAt' | 'updatedAt'> {
  const { id: _id, mailboxId: _m, createdAt: _c, updatedAt: _u, ...rest } = x;
  return rest;
}
