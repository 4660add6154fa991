import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncStateCodec } from '../../../src/exchange-sim/mailbox/sync.ts';
import { expand } from '../../../src/exchange-sim/ews/calendar/recurrence.ts';
import { NS_TYPES } from '../../../src/ews/soap/namespaces.ts';
import { recurrenceCodec } from '../../../src/ews/types/recurrence.ts';
import type { XmlElement } from '../../../src/ews/soap/xml-tree.ts';

const el = (local: string, text = '', children: XmlElement[] = []): XmlElement => ({
  ns: NS_TYPES,
  local,
  attrs: {},
  children,
  text,
});

test('sync states round-trip and reject corrupt, foreign and cross-kind states', () => {
  const codec = new SyncStateCodec(Buffer.alloc(32, 7));
  const s = codec.encode('items', 3, 12, { base: 5, cursor: 9 });
  assert.deepEqual(codec.decode(s, 'items', 3, 12), { base: 5, cursor: 9 });
  assert.equal(codec.decode(s, 'items', 3, 13), undefined, 'other folder');
  assert.equal(codec.decode(s, 'items', 4, 12), undefined, 'other mailbox');
  assert.equal(codec.decode(s, 'hierarchy', 3, 12), undefined, 'hierarchy state used for items');
  assert.equal(codec.decode(s.slice(0, -6), 'items', 3, 12), undefined, 'truncated');
  const flipped = Buffer.from(s, 'base64');
  flipped[15] = flipped[15]! ^ 1;
  assert.equal(codec.decode(flipped.toString('base64'), 'items', 3, 12), undefined, 'tampered');
  assert.equal(new SyncStateCodec(Buffer.alloc(32, 8)).decode(s, 'items', 3, 12), undefined, 'other server');
});

test('a weekly series keeps its wall-clock time across the DST change of its time zone', () => {
  const rec = el('Recurrence', '', [
    el('WeeklyRecurrence', '', [el('Interval', '1'), el('DaysOfWeek', 'Monday')]),
    el('NumberedRecurrence', '', [el('StartDate', '2026-03-16'), el('NumberOfOccurrences', '4')]),
  ]);
  // 10:00 Berlin = 09:00Z in winter; DST starts 2026-03-29, so later Mondays are 08:00Z.
  const start = Date.parse('2026-03-16T09:00:00Z');
  const s = expand(recurrenceCodec.read(rec), start, start + 3_600_000, 'W. Europe Standard Time');
  assert.deepEqual(
    s.starts.map((t) => new Date(t).toISOString()),
    [
      '2026-03-16T09:00:00.000Z',
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-06T08:00:00.000Z',
    ],
  );
  assert.equal(s.duration, 3_600_000);
});

test('relative monthly: the last Friday of every second month, ended by a date', () => {
  const rec = el('Recurrence', '', [
    el('RelativeMonthlyRecurrence', '', [
      el('Interval', '2'),
      el('DaysOfWeek', 'Friday'),
      el('DayOfWeekIndex', 'Last'),
    ]),
    el('EndDateRecurrence', '', [el('StartDate', '2026-01-01'), el('EndDate', '2026-07-01')]),
  ]);
  const start = Date.parse('2026-01-30T12:00:00Z');
  const s = expand(recurrenceCodec.read(rec), start, start + 1800_000, undefined);
  assert.deepEqual(
    s.starts.map((t) => new Date(t).toISOString().slice(0, 10)),
    ['2026-01-30', '2026-03-27', '2026-05-29'],
  );
});
