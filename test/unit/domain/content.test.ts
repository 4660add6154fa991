import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_EVENT_UC_LOCATION,
  ErrorCodes,
  calendarEventInputSchema,
  contactInputSchema,
  contactLabel,
  countMwi,
  messageDepositSchema,
  mwiFromCounts,
  parseInput,
  retentionCutoff,
  rruleProblem,
  timeZoneKind,
} from '../../../src/domain/index.ts';
import { assertRefused } from './helpers.ts';

describe('voice message metadata', () => {
  it('normalises the caller number and applies defaults', () => {
    const m = parseInput(messageDepositSchema, { callerNumber: '+1 (555) 010-0' });
    assert.equal(m.callerNumber, '+15550100');
    assert.equal(m.urgent, false);
    assert.equal(m.private, false);
    assert.equal(m.callerName, null);
  });
  it('accepts a withheld number', () => {
    assert.equal(parseInput(messageDepositSchema, {}).callerNumber, '');
  });
  it('refuses letters in the caller number', () => {
    assertRefused(
      () => parseInput(messageDepositSchema, { callerNumber: '555-CALL' }),
      ErrorCodes.messageCallerNumberInvalid,
      'callerNumber',
    );
  });
  it('refuses a received time without an offset', () => {
    assertRefused(
      () => parseInput(messageDepositSchema, { receivedAt: '2026-01-01 10:00' }),
      'invalid.invalid_format',
      'receivedAt',
    );
  });
  it('computes the retention cutoff', () => {
    assert.equal(
      retentionCutoff(new Date('2026-03-31T00:00:00Z'), 30).toISOString(),
      '2026-03-01T00:00:00.000Z',
    );
  });
});

describe('MWI', () => {
  const msg = (read: boolean, urgent: boolean, deleted = false) => ({
    read,
    urgent,
    deletedAt: deleted ? '2026-01-01T00:00:00Z' : null,
  });
  const cases: Array<
    [
      string,
      ReturnType<typeof msg>[],
      { on: boolean; newCount: number; oldCount: number; urgentCount: number },
    ]
  > = [
    ['empty mailbox', [], { on: false, newCount: 0, oldCount: 0, urgentCount: 0 }],
    ['one new', [msg(false, false)], { on: true, newCount: 1, oldCount: 0, urgentCount: 0 }],
    [
      'only read',
      [msg(true, true), msg(true, false)],
      { on: false, newCount: 0, oldCount: 2, urgentCount: 0 },
    ],
    [
      'urgent unread counts, urgent read does not',
      [msg(false, true), msg(true, true)],
      { on: true, newCount: 1, oldCount: 1, urgentCount: 1 },
    ],
    [
      'trash never counts',
      [msg(false, true, true), msg(true, false, true)],
      { on: false, newCount: 0, oldCount: 0, urgentCount: 0 },
    ],
  ];
  for (const [what, messages, expected] of cases) {
    it(what, () => {
      const s = mwiFromCounts('m1', countMwi(messages), 'now');
      assert.deepEqual(
        { on: s.on, newCount: s.newCount, oldCount: s.oldCount, urgentCount: s.urgentCount },
        expected,
      );
    });
  }
  it('refuses a negative or invented count', () => {
    assertRefused(
      () => mwiFromCounts('m1', { newCount: -1, oldCount: 0, urgentCount: 0 }, 'now'),
      ErrorCodes.mwiCountInvalid,
      'newCount',
    );
    assertRefused(
      () => mwiFromCounts('m1', { newCount: 1, oldCount: 0.5, urgentCount: 0 }, 'now'),
      ErrorCodes.mwiCountInvalid,
      'oldCount',
    );
    assertRefused(
      () => mwiFromCounts('m1', { newCount: 1, oldCount: 0, urgentCount: 2 }, 'now'),
      ErrorCodes.mwiCountInvalid,
      'urgentCount',
    );
  });
});

describe('contacts', () => {
  it('holds names, company, three e-mails, phones and addresses by kind', () => {
    const c = parseInput(contactInputSchema, {
      givenName: 'Zoë',
      surname: 'Ångström',
      company: 'Example',
      jobTitle: 'Engineer',
      emails: [{ address: 'a@example.com' }, { address: 'b@example.com' }, { address: 'c@example.com' }],
      phones: [
        { kind: 'business', number: '+1 555 0100' },
        { kind: 'mobile', number: '+1 555 0101' },
      ],
      addresses: [{ kind: 'home', street: '1 Main St', city: 'Springfield' }],
      notes: 'met at the fair',
    });
    assert.equal(contactLabel(c), 'Zoë Ångström');
    assert.equal(c.addresses[0]?.country, null);
  });
  it('refuses a fourth e-mail address', () => {
    const emails = ['a', 'b', 'c', 'd'].map((x) => ({ address: `${x}@example.com` }));
    assertRefused(
      () => parseInput(contactInputSchema, { givenName: 'A', emails }),
      ErrorCodes.contactTooManyEmails,
      'emails',
    );
  });
  it('refuses two phones of the same kind', () => {
    const phones = [
      { kind: 'mobile', number: '1' },
      { kind: 'mobile', number: '2' },
    ];
    assertRefused(
      () => parseInput(contactInputSchema, { givenName: 'A', phones }),
      ErrorCodes.contactDuplicateKind,
      'phones.1.kind',
    );
  });
  it('refuses an unknown phone kind', () => {
    assertRefused(
      () => parseInput(contactInputSchema, { givenName: 'A', phones: [{ kind: 'fax', number: '1' }] }),
      'invalid.invalid_value',
      'phones.0.kind',
    );
  });
  it('refuses an empty contact', () => {
    assertRefused(
      () => parseInput(contactInputSchema, { notes: 'x' }),
      ErrorCodes.contactEmpty,
      'displayName',
    );
  });
});

describe('calendar events', () => {
  const timed = {
    subject: 'Standup',
    start: '2026-03-02T09:00:00+01:00',
    end: '2026-03-02T09:15:00+01:00',
    timeZone: 'Europe/Paris',
  };
  it('normalises times to UTC and defaults the UC location to Meeting', () => {
    const e = parseInput(calendarEventInputSchema, timed);
    assert.equal(e.start, '2026-03-02T08:00:00.000Z');
    assert.equal(e.ucLocation, DEFAULT_EVENT_UC_LOCATION);
    assert.equal(e.busyStatus, 'busy');
  });
  it('reads a local time without offset in the event time zone (IANA or Windows), summer time included', () => {
    for (const timeZone of ['Europe/Paris', 'Romance Standard Time']) {
      const winter = parseInput(calendarEventInputSchema, {
        ...timed,
        timeZone,
        start: '2026-03-02T09:00',
        end: '2026-03-02T09:15:00',
      });
      assert.equal(winter.start, '2026-03-02T08:00:00.000Z');
      assert.equal(winter.end, '2026-03-02T08:15:00.000Z');
      const summer = parseInput(calendarEventInputSchema, {
        ...timed,
        timeZone,
        start: '2026-07-06T09:00:00',
        end: '2026-07-06T09:15:00',
        recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3', deletedOccurrences: ['2026-07-13T09:00:00'] },
      });
      assert.equal(summer.start, '2026-07-06T07:00:00.000Z');
      assert.deepEqual(summer.recurrence?.deletedOccurrences, ['2026-07-13T07:00:00.000Z']);
    }
    const utc = parseInput(calendarEventInputSchema, {
      subject: 'x',
      start: '2026-03-02T09:00',
      end: '2026-03-02T10:00',
    });
    assert.equal(utc.start, '2026-03-02T09:00:00.000Z');
  });
  it('keeps a weekly series with a deleted occurrence and a moved one', () => {
    const e = parseInput(calendarEventInputSchema, {
      ...timed,
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
        deletedOccurrences: ['2026-03-09T09:00:00+01:00'],
        exceptions: [
          {
            originalStart: '2026-03-16T09:00:00+01:00',
            start: '2026-03-16T10:00:00+01:00',
            end: '2026-03-16T10:15:00+01:00',
            subject: 'Standup (late)',
          },
        ],
      },
    });
    assert.deepEqual(e.recurrence?.deletedOccurrences, ['2026-03-09T08:00:00.000Z']);
    assert.equal(e.recurrence?.exceptions[0]?.start, '2026-03-16T09:00:00.000Z');
  });
  it('accepts an all-day event with dates and a Windows time zone', () => {
    const e = parseInput(calendarEventInputSchema, {
      subject: 'Holiday',
      allDay: true,
      start: '2026-12-24',
      end: '2026-12-26',
      timeZone: 'W. Europe Standard Time',
    });
    assert.equal(e.start, '2026-12-24');
    assert.equal(timeZoneKind('W. Europe Standard Time'), 'windows');
    assert.equal(timeZoneKind('America/New_York'), 'iana');
  });
  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    ['end before start', { end: '2026-03-02T08:00:00+01:00' }, ErrorCodes.calendarEndBeforeStart, 'end'],
    ['a time that is no time', { start: '2026-03-02 nine' }, ErrorCodes.calendarTimeInvalid, 'start'],
    ['a date for a timed event', { start: '2026-03-02' }, ErrorCodes.calendarTimeInvalid, 'start'],
    ['all-day with times', { allDay: true }, ErrorCodes.calendarAllDayNeedsDates, 'start'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, ErrorCodes.calendarTimeZoneUnknown, 'timeZone'],
    [
      'an RRULE without FREQ',
      { recurrence: { rrule: 'BYDAY=MO' } },
      ErrorCodes.calendarRecurrenceInvalid,
      'recurrence.rrule',
    ],
    [
      'an RRULE with UNTIL and COUNT',
      { recurrence: { rrule: 'FREQ=DAILY;COUNT=2;UNTIL=20260401T000000Z' } },
      ErrorCodes.calendarRecurrenceInvalid,
      'recurrence.rrule',
    ],
    [
      'a bad deleted occurrence',
      { recurrence: { rrule: 'FREQ=DAILY', deletedOccurrences: ['monday'] } },
      ErrorCodes.calendarExceptionInvalid,
      'recurrence.deletedOccurrences.0',
    ],
    ['a negative reminder', { reminderMinutes: -5 }, 'invalid.too_small', 'reminderMinutes'],
    ['an unknown busy status', { busyStatus: 'away' }, 'invalid.invalid_value', 'busyStatus'],
  ];
  for (const [what, override, code, field] of refused) {
    it(`refuses ${what} with ${code}`, () => {
      assertRefused(() => parseInput(calendarEventInputSchema, { ...timed, ...override }), code, field);
    });
  }
  it('explains RRULE problems', () => {
    assert.equal(rruleProblem('FREQ=MONTHLY;BYDAY=1MO,-1FR;INTERVAL=2'), null);
    assert.match(rruleProblem('FREQ=WEEKLY;BYDAY=XX') ?? '', /BYDAY/);
    assert.match(rruleProblem('FREQ=WEEKLY;FOO=1') ?? '', /not an RRULE part/);
  });
});
