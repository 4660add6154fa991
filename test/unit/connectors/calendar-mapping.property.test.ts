// Random events (timed and all-day, any time zone, recurring with deleted and modified occurrences)
// round-trip domain → EWS XML → domain: the master through the client's CreateItem builder, what Exchange
// reports back (DeletedOccurrences, exception items) through the GetItem response codec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  busyStatuses,
  calendarEventInputSchema,
  type CalendarEventData,
} from '../../../src/domain/calendar.ts';
import { eventHash } from '../../../src/domain/content-hash.ts';
import { anchorOf, formatRecurrenceRule, type RecurrenceRule } from '../../../src/domain/recurrence-rule.ts';
import {
  eventFromEws,
  eventToEws,
  exceptionToEws,
  occurrenceStartToEws,
} from '../../../src/connectors/ews/calendar-mapping.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import type { CalendarItem } from '../../../src/ews/types/calendar.ts';

const DAY = 86_400_000;
const ZONES = [
  'Europe/Paris',
  'Europe/Zurich',
  'America/New_York',
  'Asia/Kolkata',
  'UTC',
  'Tokyo Standard Time',
];
const text = (max: number) =>
  fc
    .array(fc.stringMatching(/^[\p{L}\p{N}.,'&()-]{1,10}$/u), { minLength: 1, maxLength: 3 })
    .map((w) => w.join(' ').slice(0, max));

const rules: fc.Arbitrary<RecurrenceRule> = fc
  .oneof(
    fc.record({ type: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 5 }) }),
    fc.record({
      type: fc.constant('weekly' as const),
      interval: fc.constant(1),
      days: fc.constantFrom(['MO' as const], ['MO' as const, 'WE' as const, 'FR' as const]),
      weekStart: fc.constant('MO' as const),
    }),
    fc.record({
      type: fc.constant('monthlyAbsolute' as const),
      interval: fc.integer({ min: 1, max: 3 }),
      day: fc.integer({ min: 1, max: 31 }),
    }),
    fc.record({
      type: fc.constant('monthlyRelative' as const),
      interval: fc.constant(1),
      days: fc.constantFrom('TU' as const, 'weekday' as const),
      position: fc.constantFrom(2 as const, -1 as const),
    }),
    fc.record({
      type: fc.constant('yearlyAbsolute' as const),
      month: fc.constant(2 as const),
      day: fc.integer({ min: 1, max: 29 }),
    }),
  )
  .chain((pattern) =>
    fc
      .oneof(
        fc.constant({ type: 'never' as const }),
        fc.record({ type: fc.constant('count' as const), count: fc.integer({ min: 1, max: 50 }) }),
        fc.constant({ type: 'until' as const, until: '2031-06-30' }),
      )
      .map((end) => JSON.parse(JSON.stringify({ pattern, end })) as RecurrenceRule),
  );

const events: fc.Arbitrary<CalendarEventData> = fc
  .record({
    allDay: fc.boolean(),
    timeZone: fc.constantFrom(...ZONES),
    startSec: fc.integer({ min: Date.UTC(2026, 0, 1) / 1000, max: Date.UTC(2029, 11, 31) / 1000 }),
    minutes: fc.integer({ min: 0, max: 600 }),
    days: fc.integer({ min: 1, max: 3 }),
    subject: text(80),
    location: fc.option(text(80), { nil: null }),
    body: fc.option(text(200), { nil: null }),
    busyStatus: fc.constantFrom(...busyStatuses),
    reminderMinutes: fc.option(fc.integer({ min: 0, max: 1440 }), { nil: null }),
    rule: fc.option(rules, { nil: null }),
    deleted: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
    changed: fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 41, max: 80 }),
        shiftMin: fc.integer({ min: -120, max: 120 }),
        subject: fc.option(text(40), { nil: null }),
        location: fc.option(fc.oneof(text(40), fc.constant('')), { nil: null }),
        busyStatus: fc.option(fc.constantFrom(...busyStatuses), { nil: null }),
      }),
      { maxLength: 3, selector: (c) => c.n },
    ),
  })
  .map((g) => {
    const t = g.startSec * 1000;
    const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const at = (ms: number) => (g.allDay ? date(ms) : new Date(ms).toISOString());
    // Occurrence n is just "some instant n days later": the mapping does not expand rules, it carries them.
    const recurrence =
      g.rule === null
        ? null
        : {
            rrule: formatRecurrenceRule(g.rule, anchorOf(at(t), g.allDay, g.timeZone)),
            deletedOccurrences: g.deleted.map((n) => at(t + n * DAY)),
            exceptions: g.changed.map((c) => {
              const s = t + c.n * DAY + (g.allDay ? 0 : c.shiftMin * 60_000);
              return {
                originalStart: at(t + c.n * DAY),
                subject: c.subject,
                start: at(s),
                end: g.allDay ? date(s + DAY) : at(s + g.minutes * 60_000),
                location: c.location,
                busyStatus: c.busyStatus,
              };
            }),
          };
    return calendarEventInputSchema.safeParse({
      subject: g.subject,
      start: at(t),
      end: g.allDay ? date(t + g.days * DAY) : at(t + g.minutes * 60_000),
      timeZone: g.timeZone,
      allDay: g.allDay,
      location: g.location,
      busyStatus: g.busyStatus,
      recurrence,
      reminderMinutes: g.reminderMinutes,
      body: g.body,
    });
  })
  .filter((r) => r.success)
  .map((r) => r.data!);

/** What a round trip canonicalizes: occurrence lists in start order, exception fields equal to the master's unset. */
function canonical(e: CalendarEventData): CalendarEventData {
  if (e.recurrence === null) return e;
  return {
    ...e,
    recurrence: {
      ...e.recurrence,
      deletedOccurrences: [...e.recurrence.deletedOccurrences].sort(),
      exceptions: e.recurrence.exceptions
        .map((x) => ({
          ...x,
          subject: x.subject === e.subject ? null : x.subject,
          location: x.location === (e.location ?? '') ? null : x.location,
          busyStatus: x.busyStatus === e.busyStatus ? null : x.busyStatus,
        }))
        .sort((a, b) => (a.originalStart < b.originalStart ? -1 : 1)),
    },
  };
}

function viaCreateItem(item: CalendarItem): CalendarItem {
  const env = buildRequestEnvelope(
    createItem.buildBody({ items: [item], sendMeetingInvitations: 'SendToNone' }),
    {
      serverVersion: 'Exchange2016',
    },
  );
  const [back] = createItem.parseRequest(parseRequestEnvelope(env).body).items;
  assert.equal(back?.kind, 'CalendarItem');
  return back as CalendarItem;
}
function viaGetItemResponse(items: CalendarItem[]): CalendarItem[] {
  const body = getItem.buildResponseBody(items.map((value) => ({ ok: true as const, value })));
  const env = buildResponseEnvelope(body, { majorVersion: 15, minorVersion: 1 });
  return getItem.parseBody(parseResponseEnvelope(env).body).map((r) => {
    assert.ok(r.ok);
    return r.value as CalendarItem;
  });
}

test('events round-trip domain → EWS XML → domain', () => {
  fc.assert(
    fc.property(events, (e) => {
      const master = viaCreateItem(eventToEws(e));
      const exceptions = (e.recurrence?.exceptions ?? []).map((x) => ({
        ...exceptionToEws(x, e),
        originalStart: occurrenceStartToEws(x.originalStart, e),
        calendarItemType: 'Exception' as const,
      }));
      if (e.recurrence !== null) {
        master.deletedOccurrences = e.recurrence.deletedOccurrences.map((d) => ({
          start: occurrenceStartToEws(d, e),
        }));
      }
      const [m, ...xs] = viaGetItemResponse([master, ...exceptions]);
      // Exchange returns the exception's own fields merged with the master's.
      const merged = xs.map((x) => ({ ...m!, recurrence: undefined, ...x }) as CalendarItem);
      const back = eventFromEws(m!, merged);
      assert.deepEqual(back, canonical(e));
      assert.equal(eventHash(back), eventHash(e), 'the content hash survives the round trip');
    }),
    { numRuns: 300 },
  );
});

test('a zone voxsync wrote comes back by its own name; one changed in Outlook comes back as CLDR’s zone', () => {
  const e = calendarEventInputSchema.parse({
    subject: 'Standup',
    start: '2026-05-04T07:00:00Z',
    end: '2026-05-04T07:15:00Z',
    timeZone: 'Europe/Zurich',
  });
  const item = viaCreateItem(eventToEws(e));
  assert.equal(item.startTimeZone?.id, 'W. Europe Standard Time');
  assert.equal(eventFromEws(item).timeZone, 'Europe/Zurich');
  assert.equal(
    eventFromEws({ ...item, startTimeZone: { id: 'GMT Standard Time' } }).timeZone,
    'Europe/London',
  );
});

test('an all-day event is midnight to midnight in its zone', () => {
  const e = calendarEventInputSchema.parse({
    subject: 'Holiday',
    start: '2026-07-14',
    end: '2026-07-15',
    allDay: true,
    timeZone: 'Europe/Paris',
    recurrence: { rrule: 'FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=14', deletedOccurrences: ['2027-07-14'] },
  });
  const item = eventToEws(e);
  assert.equal(item.start, '2026-07-13T22:00:00Z');
  assert.equal(item.end, '2026-07-14T22:00:00Z');
  assert.equal(item.isAllDayEvent, true);
  assert.deepEqual(item.recurrence, {
    pattern: { type: 'AbsoluteYearly', dayOfMonth: 14, month: 'July' },
    range: { type: 'NoEnd', startDate: '2026-07-14' },
  });
  assert.equal(occurrenceStartToEws('2027-07-14', e), '2027-07-13T22:00:00Z');
});
