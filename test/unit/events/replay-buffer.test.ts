import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from '../../../src/events/bus.ts';
import { ReplayBuffer } from '../../../src/events/replay-buffer.ts';

const created = (bus: EventBus, mailboxId: string, n: number) =>
  bus.publish('message.created', mailboxId, { messageId: `m${n}` });

test('replays per mailbox after an id, oldest first; everyone sees all mailboxes', () => {
  const bus = new EventBus();
  const buffer = new ReplayBuffer(bus);
  const first = created(bus, 'a', 1);
  created(bus, 'b', 2);
  created(bus, 'a', 3);
  const mine = buffer.since(buffer.streamId(first.id), 'a');
  assert.equal(mine.kind, 'events');
  assert.deepEqual(mine.kind === 'events' ? mine.events.map((e) => e.data) : [], [{ messageId: 'm3' }]);
  const all = buffer.since(buffer.streamId(first.id), undefined);
  assert.deepEqual(all.kind === 'events' ? all.events.map((e) => e.mailboxId) : [], ['b', 'a']);
  assert.deepEqual(buffer.since(buffer.currentStreamId, undefined), { kind: 'events', events: [] });
  buffer.close();
  created(bus, 'a', 4);
  assert.equal(bus.listenerCount, 0);
});

test('a gap when the window dropped missed events, a mailbox was forgotten, or the id is foreign', () => {
  const bus = new EventBus();
  const buffer = new ReplayBuffer(bus, { perMailbox: 2, mailboxes: 2 });
  const start = created(bus, 'a', 1);
  created(bus, 'a', 2);
  assert.equal(buffer.since(buffer.streamId(start.id), 'a').kind, 'events');
  created(bus, 'a', 3); // window holds m2, m3: m1 dropped, which that client has seen
  assert.equal(buffer.since(buffer.streamId(start.id), 'a').kind, 'events');
  created(bus, 'a', 4); // m2 dropped: a client that saw only m1 missed it
  assert.deepEqual(buffer.since(buffer.streamId(start.id), 'a'), { kind: 'gap', reason: 'too_old' });

  const b = created(bus, 'b', 5);
  created(bus, 'c', 6); // three mailboxes > 2: 'a', quiet the longest, is forgotten
  // Which mailboxes a forgotten window held is not kept, so any client from before its last
  // event gets a gap (a refetch too many, never an event too few).
  assert.deepEqual(buffer.since(buffer.streamId(b.id - 2), 'b'), { kind: 'gap', reason: 'too_old' });
  assert.equal(buffer.since(buffer.streamId(b.id - 1), 'b').kind, 'events');
  assert.equal(buffer.since(buffer.streamId(b.id), 'c').kind, 'events');

  assert.deepEqual(buffer.since('ffffffffffff-1', 'b'), { kind: 'gap', reason: 'unknown_id' });
  assert.deepEqual(buffer.since(buffer.streamId(999), 'b'), { kind: 'gap', reason: 'unknown_id' });
  assert.deepEqual(buffer.since('1', 'b'), { kind: 'gap', reason: 'unknown_id' });
  buffer.close();
});
