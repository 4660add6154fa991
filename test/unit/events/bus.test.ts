import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from '../../../src/events/bus.ts';
import { formatSseEvent } from '../../../src/events/sse.ts';
import type { VoxsyncEvent } from '../../../src/events/types.ts';

test('subscribers receive events in order with increasing ids; unsubscribe stops delivery', () => {
  const bus = new EventBus();
  const seen: VoxsyncEvent[] = [];
  const off = bus.subscribe((e) => seen.push(e));
  bus.publish('message.created', 'mb1', { messageId: 'm1' });
  bus.publish('mwi.changed', 'mb1', { mwi: { on: true, newCount: 1, oldCount: 0, urgentCount: 0 } });
  off();
  bus.publish('message.deleted', 'mb1', { messageId: 'm1' });
  assert.deepEqual(
    seen.map((e) => [e.id, e.type]),
    [
      [1, 'message.created'],
      [2, 'mwi.changed'],
    ],
  );
  assert.equal(bus.listenerCount, 0);
});

test('a throwing listener is reported and does not stop the others', () => {
  const errors: unknown[] = [];
  const bus = new EventBus((err) => errors.push(err));
  let reached = false;
  bus.subscribe(() => {
    throw new Error('boom');
  });
  bus.subscribe(() => {
    reached = true;
  });
  bus.publish('sync.state', 'mb1', { state: 'ok' });
  assert.equal(reached, true);
  assert.equal(errors.length, 1);
});

test('SSE framing: id, event and one data line of JSON', () => {
  const bus = new EventBus();
  const e = bus.publish('message.created', 'mb9', { messageId: 'm7' });
  const text = formatSseEvent(e);
  const lines = text.split('\n');
  assert.equal(lines[0], 'id: 1');
  assert.equal(lines[1], 'event: message.created');
  assert.ok(lines[2]?.startsWith('data: '));
  assert.deepEqual(JSON.parse(lines[2]!.slice(6)), { mailboxId: 'mb9', at: e.at, messageId: 'm7' });
  assert.ok(text.endsWith('\n\n'));
});
