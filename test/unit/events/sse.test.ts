import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResetEvent, formatSseEvent } from '../../../src/events/sse.ts';

test('SSE framing: the feed sequence as id, the kind as event, one data line of JSON', () => {
  const at = '2026-12-05T10:00:00.000Z';
  const text = formatSseEvent({
    seq: 42,
    kind: 'message.created',
    mailboxId: 'mb9',
    entityId: 'm7',
    data: { messageId: 'm7' },
    at,
  });
  const lines = text.split('\n');
  assert.equal(lines[0], 'id: 42');
  assert.equal(lines[1], 'event: message.created');
  assert.ok(lines[2]?.startsWith('data: '));
  assert.deepEqual(JSON.parse(lines[2]!.slice(6)), { mailboxId: 'mb9', entityId: 'm7', at, messageId: 'm7' });
  assert.ok(text.endsWith('\n\n'));
});

test('a reset names its reason and carries the id to resume from', () => {
  const lines = formatResetEvent(17, 'too_old').split('\n');
  assert.equal(lines[0], 'id: 17');
  assert.equal(lines[1], 'event: reset');
  const data = JSON.parse(lines[2]!.slice(6)) as { reason: string; message: string };
  assert.equal(data.reason, 'too_old');
  assert.match(data.message, /fetch the current state/);
});
