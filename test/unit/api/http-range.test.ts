import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from '../../../src/api/http-range.ts';

test('single byte ranges, open ends and suffixes', () => {
  assert.deepEqual(parseRange('bytes=0-9', 100), { kind: 'partial', range: { start: 0, end: 9 } });
  assert.deepEqual(parseRange('bytes=90-', 100), { kind: 'partial', range: { start: 90, end: 99 } });
  assert.deepEqual(parseRange('bytes=-10', 100), { kind: 'partial', range: { start: 90, end: 99 } });
  assert.deepEqual(parseRange('bytes=-500', 100), { kind: 'partial', range: { start: 0, end: 99 } });
  assert.deepEqual(parseRange('bytes=50-1000', 100), { kind: 'partial', range: { start: 50, end: 99 } });
});

test('ranges past the end are unsatisfiable; odd headers get the full body', () => {
  assert.deepEqual(parseRange('bytes=100-', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange(undefined, 100), { kind: 'full' });
  assert.deepEqual(parseRange('bytes=0-1,5-6', 100), { kind: 'full' });
  assert.deepEqual(parseRange('items=0-1', 100), { kind: 'full' });
  assert.deepEqual(parseRange('bytes=9-2', 100), { kind: 'full' });
});
