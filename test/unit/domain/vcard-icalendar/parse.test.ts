import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ContentFileError,
  contactsToVCard,
  parseICalendar,
  parseVCards,
} from '../../../../src/domain/vcard-icalendar/index.ts';

const cal = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');

describe('iCalendar import from other programs', () => {
  it('converts TZID times through the file VTIMEZONE (Outlook, Windows zone name)', () => {
    const [e] = parseICalendar(
      cal(
        'BEGIN:VTIMEZONE',
        'TZID:W. Europe Standard Time',
        'BEGIN:STANDARD',
        'DTSTART:16011028T030000',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010325T020000',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:040000008200E00074C5B7101A82E0080000000010',
        'SUMMARY:Summer meeting',
        'DTSTART;TZID=W. Europe Standard Time:20260701T100000',
        'DTEND;TZID=W. Europe Standard Time:20260701T113000',
        'STATUS:TENTATIVE',
        'BEGIN:VALARM',
        'TRIGGER:-PT10M',
        'ACTION:DISPLAY',
        'END:VALARM',
        'END:VEVENT',
      ),
    );
    assert.equal(e?.event.start, '2026-07-01T08:00:00.000Z');
    assert.equal(e?.event.end, '2026-07-01T09:30:00.000Z');
    assert.equal(e?.event.timeZone, 'W. Europe Standard Time');
    assert.equal(e?.event.busyStatus, 'tentative');
    assert.equal(e?.event.reminderMinutes, 10);
  });

  it('resolves an IANA TZID without VTIMEZONE and a DURATION (winter and summer offsets)', () => {
    const events = parseICalendar(
      cal(
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART;TZID=America/New_York:20260115T090000',
        'DURATION:PT45M',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b',
        'DTSTART;TZID=America/New_York:20260715T090000',
        'DTEND;TZID=America/New_York:20260715T100000',
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      ),
    );
    assert.deepEqual(
      events.map((e) => [e.event.start, e.event.end, e.event.timeZone, e.event.busyStatus]),
      [
        ['2026-01-15T14:00:00.000Z', '2026-01-15T14:45:00.000Z', 'America/New_York', 'busy'],
        ['2026-07-15T13:00:00.000Z', '2026-07-15T14:00:00.000Z', 'America/New_York', 'free'],
      ],
    );
  });

  const refused: [string, string, RegExp][] = [
    [
      'broken line',
      cal('BEGIN:VEVENT', 'UID:a', 'DTSTART 20260101', 'END:VEVENT'),
      /line 5: "DTSTART 20260101" is not a content line/,
    ],
    [
      'bad date',
      cal('BEGIN:VEVENT', 'UID:a', 'DTSTART:2026-13-99', 'END:VEVENT'),
      /line 5, property DTSTART/,
    ],
    [
      'unclosed',
      cal('BEGIN:VEVENT', 'UID:a', 'DTSTART:20260101T100000Z'),
      /line 6, property END: END:VCALENDAR does not close BEGIN:VEVENT of line 3/,
    ],
    ['no uid', cal('BEGIN:VEVENT', 'DTSTART:20260101T100000Z', 'END:VEVENT'), /line 3, property UID/],
    [
      'bad rrule',
      cal(
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART:20260101T100000Z',
        'RRULE:FREQ=WEEKLY;COUNT=2;UNTIL=20270101T000000Z',
        'END:VEVENT',
      ),
      /line 6, property RRULE/,
    ],
    [
      'orphan exception',
      cal(
        'BEGIN:VEVENT',
        'UID:a',
        'RECURRENCE-ID:20260101T100000Z',
        'DTSTART:20260101T110000Z',
        'END:VEVENT',
      ),
      /line 5, property RECURRENCE-ID/,
    ],
    [
      'unknown zone',
      cal('BEGIN:VEVENT', 'UID:a', 'DTSTART;TZID=Mars/Olympus:20260101T100000', 'END:VEVENT'),
      /line 5, property DTSTART: TZID "Mars\/Olympus"/,
    ],
  ];
  for (const [name, text, want] of refused) {
    it(`refuses ${name}, naming the line`, () => {
      assert.throws(
        () => parseICalendar(text),
        (e: unknown) =>
          e instanceof ContentFileError && want.test(e.message) && e.message.startsWith('calendar.ics'),
      );
    });
  }
});

describe('vCard', () => {
  it('round-trips non-BMP text, escapes and a display name equal to the derived label', () => {
    const contact = {
      id: 'c1',
      givenName: '𝄞 Ann',
      middleName: null,
      surname: "O'Neil; Jr, II",
      nickname: null,
      displayName: null,
      company: null,
      department: 'Only department',
      jobTitle: null,
      emails: [],
      phones: [{ kind: 'pager' as const, number: '*99#' }],
      addresses: [],
      notes: 'a\\b;c,d\n😀',
    };
    const [back] = parseVCards(contactsToVCard([contact]));
    const { id: _id, ...data } = contact;
    assert.deepEqual(back?.contact, data);
    assert.equal(back?.uid, 'c1');
  });

  it('refuses a bad VERSION and a card the model cannot hold, naming line and property', () => {
    assert.throws(
      () => parseVCards('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:x\r\nEND:VCARD\r\n'),
      /contacts\.vcf, line 2, property VERSION: VERSION must be 4.0 or 3.0/,
    );
    assert.throws(
      () => parseVCards('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\r\nNOTE:only a note\r\nEND:VCARD\r\n'),
      /contacts\.vcf, line 3, property FN: the contact is refused/,
    );
  });
});
