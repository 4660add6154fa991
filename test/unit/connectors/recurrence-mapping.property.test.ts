// Recurrence rules round-trip structured rule → RRULE text → rule, and rule → EWS XML (the client's
// CreateItem builder) → parsed → rule; RRULE parts Exchange lacks are refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  WEEKDAYS,
  anchorOf,
  formatRecurrenceRule,
  parseRecurrenceRule,
  type RecurrencePattern,
  type RecurrenceRule,
  type RuleAnchor,
} from '../../../src/domain/recurrence-rule.ts';
import {
  RecurrenceUnsupportedError,
  ruleFromEws,
  ruleToEws,
  rruleToEws,
} from '../../../src/connectors/ews/recurrence-mapping.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { buildRequestEnvelope, parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';

const weekday = fc.constantFrom(...WEEKDAYS);
const daySet = fc.constantFrom(...WEEKDAYS, 'day' as const, 'weekday' as const, 'weekendDay' as const);
const position = fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, -1 as const);
const month = fc.integer({ min: 1, max: 12 }) as fc.Arbitrary<
  1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12
>;
const interval = fc.integer({ min: 1, max: 12 });
const MAX = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const pattern: fc.Arbitrary<RecurrencePattern> = fc.oneof(
  fc.record({ type: fc.constant('daily' as const), interval }),
  fc
    .record({ interval, days: fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }), weekStart: weekday })
    .map(({ interval, days, weekStart }) => ({
      type: 'weekly' as const,
      interval,
      days: WEEKDAYS.filter((d) => days.includes(d)),
      weekStart: interval > 1 && days.length > 1 ? weekStart : ('MO' as const),
    })),
  fc.record({
    type: fc.constant('monthlyAbsolute' as const),
    interval,
    day: fc.integer({ min: 1, max: 31 }),
  }),
  fc.record({ type: fc.constant('monthlyRelative' as const), interval, days: daySet, position }),
  month.chain((m) =>
    fc.record({
      type: fc.constant('yearlyAbsolute' as const),
      month: fc.constant(m),
      day: fc.integer({ min: 1, max: MAX[m - 1]! }),
    }),
  ),
  fc.record({ type: fc.constant('yearlyRelative' as const), month, days: daySet, position }),
);

const anchor: fc.Arbitrary<RuleAnchor> = fc
  .record({
    allDay: fc.boolean(),
    zone: fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'),
    start: fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
  })
  // Exchange keeps whole seconds.
  .map(({ allDay, zone, start }) => {
    const iso = new Date(Math.floor(start.getTime() / 1000) * 1000).toISOString();
    return anchorOf(allDay ? iso.slice(0, 10) : iso, allDay, zone);
  });

const end: fc.Arbitrary<RecurrenceRule['end']> = fc.oneof(
  fc.constant({ type: 'never' as const }),
  fc.record({ type: fc.constant('count' as const), count: fc.integer({ min: 1, max: 999 }) }),
  fc
    .date({
      min: new Date('2036-01-01T00:00:00Z'),
      max: new Date('2040-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => ({ type: 'until' as const, until: d.toISOString().slice(0, 10) })),
);
/** Plain objects (fast-check's records have no prototype, which deepEqual would count as a difference). */
const rule: fc.Arbitrary<RecurrenceRule> = fc
  .record({ pattern, end })
  .map((r) => JSON.parse(JSON.stringify(r)) as RecurrenceRule);

function viaXml(rec: ReturnType<typeof ruleToEws>) {
  const body = createItem.buildBody({
    items: [{ kind: 'CalendarItem', recurrence: rec }],
    sendMeetingInvitations: 'SendToNone',
  });
  const env = buildRequestEnvelope(body, { serverVersion: 'Exchange2016' });
  const [item] = createItem.parseRequest(parseRequestEnvelope(env).body).items;
  assert.ok(item?.kind === 'CalendarItem' && item.recurrence);
  return item.recurrence;
}

test('rule → canonical RRULE → rule is the identity', () => {
  fc.assert(
    fc.property(rule, anchor, (r, a) => {
      const text = formatRecurrenceRule(r, a);
      assert.deepEqual(parseRecurrenceRule(text, a), { rule: r }, text);
      assert.equal(formatRecurrenceRule(r, a), text);
    }),
    { numRuns: 500 },
  );
});

test('rule → EWS XML → rule is the identity', () => {
  fc.assert(
    fc.property(rule, anchor, (r, a) => {
      assert.deepEqual(ruleFromEws(viaXml(ruleToEws(r, a))), r);
    }),
    { numRuns: 500 },
  );
});

const paris = anchorOf('2026-03-10T08:30:00Z', false, 'Europe/Paris'); // a Tuesday, 09:30 local

test('equivalent RRULE spellings give one rule', () => {
  const same = (a: string, b: string) =>
    assert.deepEqual(parseRecurrenceRule(a, paris), parseRecurrenceRule(b, paris), `${a} ≡ ${b}`);
  same('FREQ=WEEKLY', 'FREQ=WEEKLY;BYDAY=TU;WKST=SU');
  same('FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2', 'FREQ=MONTHLY;BYDAY=2TU');
  same('FREQ=MONTHLY;BYMONTHDAY=-1', 'FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1');
  same('FREQ=MONTHLY', 'FREQ=MONTHLY;BYMONTHDAY=10');
  same('FREQ=YEARLY', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=10');
  same('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'FREQ=WEEKLY;BYDAY=FR,TH,WE,TU,MO');
  // UNTIL as the last occurrence's UTC start, or any time later that day, ends on that day.
  same('FREQ=DAILY;UNTIL=20260320T083000Z', 'FREQ=DAILY;UNTIL=20260320T220000Z');
  assert.deepEqual(parseRecurrenceRule('FREQ=DAILY;UNTIL=20260320T080000Z', paris), {
    rule: { pattern: { type: 'daily', interval: 1 }, end: { type: 'until', until: '2026-03-19' } },
  });
});

test('RRULE parts Exchange cannot hold are refused by name', () => {
  const part = (rrule: string) => {
    try {
      rruleToEws(rrule, paris);
    } catch (err) {
      assert.ok(err instanceof RecurrenceUnsupportedError);
      assert.equal(err.code, 'connector.recurrence_unsupported');
      return err.part;
    }
    assert.fail(`${rrule} was accepted`);
  };
  assert.equal(part('FREQ=DAILY;BYHOUR=9,17'), 'BYHOUR');
  assert.equal(part('FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1'), 'BYMONTH');
  assert.equal(part('FREQ=YEARLY;INTERVAL=2'), 'INTERVAL');
  assert.equal(part('FREQ=HOURLY'), 'FREQ');
  assert.equal(part('FREQ=MONTHLY;BYMONTHDAY=31'), 'BYMONTHDAY');
  assert.equal(part('FREQ=MONTHLY;BYDAY=5FR'), 'BYDAY');
  assert.equal(part('FREQ=MONTHLY;BYDAY=MO,WE;BYSETPOS=1'), 'BYDAY');
  assert.equal(part('FREQ=WEEKLY;BYWEEKNO=20'), 'BYWEEKNO');
});
