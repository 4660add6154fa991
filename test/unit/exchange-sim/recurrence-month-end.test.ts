// Exchange moves an absolute monthly or yearly day the month lacks to the month's last day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand } from '../../../src/exchange-sim/ews/calendar/recurrence.ts';

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

test('monthly on day 31 falls on the last day of shorter months', () => {
  const start = Date.parse('2026-01-31T09:00:00Z');
  const s = expand(
    {
      pattern: { type: 'AbsoluteMonthly', interval: 1, dayOfMonth: 31 },
      range: { type: 'Numbered', startDate: '2026-01-31', numberOfOccurrences: 4 },
    },
    start,
    start + 3_600_000,
    'UTC',
  );
  assert.deepEqual(s.starts.map(iso), ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
});

test('yearly on 29 February falls on the 28th outside leap years', () => {
  const start = Date.parse('2028-02-29T09:00:00Z');
  const s = expand(
    {
      pattern: { type: 'AbsoluteYearly', dayOfMonth: 29, month: 'February' },
      range: { type: 'Numbered', startDate: '2028-02-29', numberOfOccurrences: 2 },
    },
    start,
    start + 3_600_000,
    'UTC',
  );
  assert.deepEqual(s.starts.map(iso), ['2028-02-29', '2029-02-28']);
});
