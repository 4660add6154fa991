// Request dateTimes → UTC instants: unqualified values are wall-clock times in the TimeZoneContext zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XmlElement } from '../../../src/ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../../src/ews/soap/namespaces.ts';
import { instantOf, withUtcDateTime } from '../../../src/exchange-sim/ews/calendar/local-time.ts';

const iso = (t: number): string => new Date(t).toISOString();
const prop = (local: string, text: string): XmlElement => ({
  ns: NS_TYPES,
  local,
  attrs: {},
  children: [],
  text,
});

test('an unqualified dateTime is read in the TimeZoneContext zone, across its DST change', () => {
  const berlin = 'W. Europe Standard Time';
  assert.equal(iso(instantOf('2026-03-27T09:00:00', berlin)), '2026-03-27T08:00:00.000Z'); // CET
  assert.equal(iso(instantOf('2026-03-30T09:00:00', berlin)), '2026-03-30T07:00:00.000Z'); // CEST
  assert.equal(iso(instantOf('2026-07-01T09:00:00', 'Pacific Standard Time')), '2026-07-01T16:00:00.000Z');
});

test('without a zone it is UTC; qualified values keep their own offset; junk is NaN', () => {
  assert.equal(iso(instantOf('2026-07-01T09:00:00', undefined)), '2026-07-01T09:00:00.000Z');
  assert.equal(
    iso(instantOf('2026-07-01T09:00:00+02:00', 'Pacific Standard Time')),
    '2026-07-01T07:00:00.000Z',
  );
  assert.equal(iso(instantOf('2026-07-01T09:00:00Z', 'W. Europe Standard Time')), '2026-07-01T09:00:00.000Z');
  assert.ok(Number.isNaN(instantOf('tomorrow', undefined)));
});

test('only dateTime properties are rewritten, to a Z instant', () => {
  assert.equal(
    withUtcDateTime(prop('Start', '2026-01-05T10:30:00'), 'W. Europe Standard Time').text,
    '2026-01-05T09:30:00Z',
  );
  assert.equal(
    withUtcDateTime(prop('Subject', '2026-01-05T10:30:00'), 'W. Europe Standard Time').text,
    '2026-01-05T10:30:00',
  );
  assert.equal(withUtcDateTime(prop('End', 'not a date'), undefined).text, 'not a date');
});
