import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calendarEventInputSchema, type CalendarEventInput } from '../../../src/domain/calendar.ts';
import { contactInputSchema, type ContactInput } from '../../../src/domain/contact.ts';
import { contactHash, eventHash, messageStateHash } from '../../../src/domain/content-hash.ts';

const contact = (c: ContactInput) => contactHash(contactInputSchema.parse(c));
const event = (e: CalendarEventInput) => eventHash(calendarEventInputSchema.parse(e));

const BASE_CONTACT: ContactInput = {
  givenName: 'Ada',
  surname: 'Lovelace',
  company: 'Analytical Engines',
  emails: [
    { address: 'ada@example.test', name: 'Ada', slot: 1 },
    { address: 'al@work.test', name: null, slot: 2 },
  ],
  phones: [
    { kind: 'mobile', number: '+44 7700 900123' },
    { kind: 'ipPhone', number: '1234' },
  ],
  addresses: [{ kind: 'home', street: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH' }],
  notes: 'First programmer.\nLoves maths.',
};

describe('contactHash', () => {
  const base = contact(BASE_CONTACT);

  it('is the same for equivalent contacts', () => {
    // Field and list order, blank runs, CRLF, e-mail case, phone separators, an unassigned slot filled in
    // order, a display name equal to the derived one.
    assert.equal(
      contact({
        notes: 'First programmer.  \r\nLoves maths.\r\n',
        addresses: [{ kind: 'home', postalCode: 'sw1y 4jh', city: ' London ', street: '12 St James Sq' }],
        phones: [
          { kind: 'ipPhone', number: '1234' },
          { kind: 'mobile', number: '+44 (7700) 900-123' },
        ],
        emails: [
          { address: 'AL@Work.test', name: null, slot: 2 },
          { address: 'ada@example.test', name: 'Ada', slot: null },
        ],
        company: 'Analytical  Engines',
        surname: 'Lovelace',
        givenName: 'Ada',
        displayName: 'Ada Lovelace',
      }),
      base,
    );
  });

  it('changes with every synced field', () => {
    const changes: Partial<ContactInput>[] = [
      { givenName: 'Augusta' },
      { middleName: 'King' },
      { surname: 'Byron' },
      { nickname: 'Enchantress' },
      { displayName: 'Countess of Lovelace' },
      { company: 'Babbage & Co' },
      { department: 'Notes' },
      { jobTitle: 'Analyst' },
      { emails: [{ address: 'ada@example.test', name: 'Ada', slot: 1 }] },
      {
        emails: [
          { address: 'ada@example.test', name: 'Ada', slot: 3 },
          { address: 'al@work.test', slot: 2 },
        ],
      },
      {
        emails: [
          { address: 'ada@example.test', name: 'A. L.', slot: 1 },
          { address: 'al@work.test', slot: 2 },
        ],
      },
      {
        phones: [
          { kind: 'businessMobile', number: '+44 7700 900123' },
          { kind: 'ipPhone', number: '1234' },
        ],
      },
      {
        phones: [
          { kind: 'mobile', number: '+44 7700 900124' },
          { kind: 'ipPhone', number: '1234' },
        ],
      },
      { addresses: [{ kind: 'other', street: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH' }] },
      {
        addresses: [
          { kind: 'home', street: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'UK' },
        ],
      },
      { notes: 'First programmer.\nLoves poetry.' },
      { notes: null },
    ];
    const seen = new Set([base]);
    for (const change of changes) {
      const h = contact({ ...BASE_CONTACT, ...change });
      assert.notEqual(h, base, JSON.stringify(change));
      seen.add(h);
    }
    assert.equal(seen.size, changes.length + 1, 'every change gives its own hash');
  });
});

const BASE_EVENT: CalendarEventInput = {
  subject: 'Stand-up',
  start: '2026-03-02T08:00:00Z',
  end: '2026-03-02T08:15:00Z',
  timeZone: 'Europe/Berlin',
  location: 'Room 4',
  busyStatus: 'busy',
  reminderMinutes: 5,
  body: 'Keep it short.',
  recurrence: {
    rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10',
    deletedOccurrences: ['2026-03-04T08:00:00Z', '2026-03-06T08:00:00Z'],
    exceptions: [
      {
        originalStart: '2026-03-09T08:00:00Z',
        subject: 'Moved',
        start: '2026-03-09T09:30:00Z',
        end: '2026-03-09T09:45:00Z',
        location: null,
        busyStatus: null,
      },
    ],
  },
};

describe('eventHash', () => {
  const base = event(BASE_EVENT);

  it('is the same for equivalent events', () => {
    assert.equal(
      event({
        // Same instants at another offset, the zone by its Windows id, the rule spelled another way,
        // occurrence lists in another order, whitespace, exception fields equal to the master's.
        body: 'Keep it short.\r\n',
        recurrence: {
          exceptions: [
            {
              busyStatus: 'busy',
              location: 'Room 4',
              end: '2026-03-09T10:45:00+01:00',
              start: '2026-03-09T10:30:00+01:00',
              subject: ' Moved ',
              originalStart: '2026-03-09T09:00:00+01:00',
            },
          ],
          deletedOccurrences: ['2026-03-06T09:00:00+01:00', '2026-03-04T08:00:00.000Z'],
          rrule: 'RRULE:freq=weekly;count=10;byday=FR,WE,MO;wkst=SU',
        },
        timeZone: 'W. Europe Standard Time',
        end: '2026-03-02T09:15:00+01:00',
        start: '2026-03-02T09:00:00+01:00',
        subject: 'Stand-up ',
        location: 'Room 4',
        busyStatus: 'busy',
        reminderMinutes: 5,
        ucLocation: 'Meeting room',
      }),
      base,
    );
  });

  it('changes with every synced field', () => {
    const rec = BASE_EVENT.recurrence!;
    const x = rec.exceptions![0]!;
    const changes: Partial<CalendarEventInput>[] = [
      { subject: 'Stand up' },
      { start: '2026-03-02T08:05:00Z' },
      { end: '2026-03-02T08:20:00Z' },
      { timeZone: 'America/New_York' },
      { location: 'Room 5' },
      { busyStatus: 'tentative' },
      { reminderMinutes: 10 },
      { reminderMinutes: null },
      { body: 'Keep it very short.' },
      { recurrence: null },
      { recurrence: { ...rec, rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=11' } },
      { recurrence: { ...rec, rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10' } },
      { recurrence: { ...rec, deletedOccurrences: ['2026-03-04T08:00:00Z'] } },
      { recurrence: { ...rec, exceptions: [] } },
      { recurrence: { ...rec, exceptions: [{ ...x, subject: 'Moved again' }] } },
      { recurrence: { ...rec, exceptions: [{ ...x, start: '2026-03-09T09:35:00Z' }] } },
      { recurrence: { ...rec, exceptions: [{ ...x, location: '' }] } },
      { recurrence: { ...rec, exceptions: [{ ...x, busyStatus: 'free' }] } },
    ];
    const seen = new Set([base]);
    for (const change of changes) {
      const h = event({ ...BASE_EVENT, ...change });
      assert.notEqual(h, base, JSON.stringify(change));
      seen.add(h);
    }
    assert.equal(seen.size, changes.length + 1, 'every change gives its own hash');
  });

  it('hashes all-day events by date', () => {
    const day = {
      subject: 'Holiday',
      start: '2026-07-14',
      end: '2026-07-15',
      allDay: true,
      timeZone: 'Europe/Paris',
    };
    assert.equal(event(day), event({ ...day, timeZone: 'Romance Standard Time' }));
    assert.notEqual(event(day), event({ ...day, end: '2026-07-16' }));
    assert.notEqual(
      event(day),
      event({ ...day, allDay: false, start: '2026-07-14T00:00:00Z', end: '2026-07-15T00:00:00Z' }),
    );
  });
});

describe('messageStateHash', () => {
  it('depends on read and deleted only', () => {
    const unread = messageStateHash({ read: false, deletedAt: null });
    assert.equal(messageStateHash({ read: false, deletedAt: null }), unread);
    assert.equal(
      messageStateHash({ read: true, deletedAt: '2026-01-01T00:00:00Z' }),
      messageStateHash({ read: true, deletedAt: '2026-05-05T10:00:00Z' }),
    );
    const all = new Set([
      unread,
      messageStateHash({ read: true, deletedAt: null }),
      messageStateHash({ read: false, deletedAt: '2026-01-01T00:00:00Z' }),
      messageStateHash({ read: true, deletedAt: '2026-01-01T00:00:00Z' }),
    ]);
    assert.equal(all.size, 4);
  });
});
