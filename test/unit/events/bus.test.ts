import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from '../../../src/events/bus.ts';
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
  bus.publish('message.deleted', 'mb1', { messageId: 'm1' });
  assert.equal(reached, true);
  assert.equal(errors.length, 1);
});
