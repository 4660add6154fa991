// Notification behaviours through the voxsync EwsClient: pull watermarks across GetEvents (MoreEvents,
// acknowledging, resuming a subscription from a watermark), expiry of unused subscriptions, the 200-id
// limit of a streaming connection and the per-account limit of hanging connections.
import { test, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getEvents } from '../../../src/ews/operations/get-events.ts';
import {
  getStreamingEvents,
  MAX_STREAMING_SUBSCRIPTIONS,
} from '../../../src/ews/operations/get-streaming-events.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { copyItem } from '../../../src/ews/operations/copy-item.ts';
import { moveItem } from '../../../src/ews/operations/move-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { EwsRequestError, SoapFaultError } from '../../../src/ews/errors.ts';
import type { NotificationStreamEvent } from '../../../src/ews/notifications/stream.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { SEED, basic, caller, startSim } from './helpers.ts';
import { clientFor, failCode, ok } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const INBOX = [{ distinguished: 'inbox' as const }];

before(async () => {
  sim = await startSim({
    streamingKeepAliveMs: 100,
    streamingMinuteMs: 2000,
    seed: { ...SEED, throttling: { hangingConnectionLimit: 2 } },
  });
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function createInInbox(subject: string): Promise<void> {
  ok(
    await client.call(
      createItem,
      { items: [{ kind: 'Message', subject }], savedItemFolderId: INBOX[0]!, messageDisposition: 'SaveOnly' },
      AS_ALICE,
    ),
  );
}

async function pull(timeoutMinutes = 10, watermark?: string) {
  return ok(
    await client.call(
      subscribe,
      {
        kind: 'pull',
        folderIds: INBOX,
        eventTypes: ['CreatedEvent'],
        timeoutMinutes,
        ...(watermark ? { watermark } : {}),
      },
      AS_ALICE,
    ),
  );
}

test('pull: MoreEvents pages a backlog; each watermark acknowledges what came before it', async () => {
  // D: web-service-reference/getevents-operation.md and moreevents.md: at most a batch of events per call,
  // MoreEvents=true when more are waiting; the next call passes the last event's watermark.
  const sub = await pull();
  for (let i = 0; i < 55; i++) await createInInbox(`backlog ${i}`);
  const first = ok(
    await client.call(getEvents, { subscriptionId: sub.subscriptionId, watermark: sub.watermark! }, AS_ALICE),
  );
  assert.equal(first.moreEvents, true);
  assert.equal(first.previousWatermark, sub.watermark);
  assert.ok(first.events.length > 0 && first.events.every((e) => e.type === 'CreatedEvent'));
  const lastOfFirst = first.events[first.events.length - 1]!.watermark!;
  const second = ok(
    await client.call(getEvents, { subscriptionId: sub.subscriptionId, watermark: lastOfFirst }, AS_ALICE),
  );
  assert.equal(second.moreEvents, false);
  assert.equal(first.events.length + second.events.length, 55, 'every event exactly once');
  const watermarks = [...first.events, ...second.events].map((e) => e.watermark);
  assert.equal(new Set(watermarks).size, 55, 'each event has its own watermark');
  const idle = ok(
    await client.call(
      getEvents,
      { subscriptionId: sub.subscriptionId, watermark: second.events[second.events.length - 1]!.watermark! },
      AS_ALICE,
    ),
  );
  assert.deepEqual(
    idle.events.map((e) => e.type),
    ['StatusEvent'],
  );
});

test('pull: a new subscription resumes from an earlier watermark and receives what happened since', async () => {
  // D: web-service-reference/watermark.md (PullSubscriptionRequest): a watermark from a previous
  // subscription resumes event delivery from that point.
  const sub = await pull();
  await createInInbox('before resume');
  const got = ok(
    await client.call(getEvents, { subscriptionId: sub.subscriptionId, watermark: sub.watermark! }, AS_ALICE),
  );
  const mark = got.events[0]!.watermark!;
  await createInInbox('after the mark');
  const resumed = await pull(10, mark);
  assert.notEqual(resumed.subscriptionId, sub.subscriptionId);
  const events = ok(
    await client.call(
      getEvents,
      { subscriptionId: resumed.subscriptionId, watermark: resumed.watermark! },
      AS_ALICE,
    ),
  );
  assert.deepEqual(
    events.events.map((e) => e.type),
    ['CreatedEvent'],
    'only the event after the mark',
  );
  const unknown = await client.call(
    subscribe,
    {
      kind: 'pull',
      folderIds: INBOX,
      eventTypes: ['CreatedEvent'],
      timeoutMinutes: 10,
      watermark: 'bm90IGEgd2F0ZXJtYXJr',
    },
    AS_ALICE,
  );
  assert.equal(failCode(unknown), 'ErrorInvalidWatermark');
});

test('subscriptions expire when unused: pull after Timeout minutes, streaming after ~30 minutes without a connection', async () => {
  // D: web-service-reference/timeout.md: a pull subscription's Timeout is the idle minutes before it
  // expires, reset by every GetEvents. Server time is moved forward instead of waiting.
  const kept = await pull(5);
  const dropped = await pull(5);
  const streaming = ok(
    await client.call(
      subscribe,
      { kind: 'streaming', folderIds: INBOX, eventTypes: ['CreatedEvent'] },
      AS_ALICE,
    ),
  );
  mock.timers.enable({ apis: ['Date'], now: Date.now() });
  try {
    mock.timers.tick(4 * 60_000);
    ok(
      await client.call(
        getEvents,
        { subscriptionId: kept.subscriptionId, watermark: kept.watermark! },
        AS_ALICE,
      ),
    );
    mock.timers.tick(2 * 60_000);
    // 6 minutes unused: gone. The one polled at minute 4 is 2 minutes idle: alive.
    assert.equal(
      failCode(
        await client.call(
          getEvents,
          { subscriptionId: dropped.subscriptionId, watermark: dropped.watermark! },
          AS_ALICE,
        ),
      ),
      'ErrorExpiredSubscription',
    );
    ok(
      await client.call(
        getEvents,
        { subscriptionId: kept.subscriptionId, watermark: kept.watermark! },
        AS_ALICE,
      ),
    );
    // After the expiry was reported the subscription is deleted (handling-notification-related-errors).
    assert.equal(
      failCode(
        await client.call(
          getEvents,
          { subscriptionId: dropped.subscriptionId, watermark: dropped.watermark! },
          AS_ALICE,
        ),
      ),
      'ErrorSubscriptionNotFound',
    );
    mock.timers.tick(31 * 60_000);
    const seen: NotificationStreamEvent[] = [];
    for await (const e of client.streamEvents(
      { subscriptionIds: [streaming.subscriptionId], connectionTimeoutMinutes: 1 },
      { ...AS_ALICE, keepAliveMs: 5000 },
    ))
      seen.push(e);
    const err = seen.find((e) => e.kind === 'subscriptionError');
    assert.ok(err && err.kind === 'subscriptionError', `events: ${seen.map((e) => e.kind).join(',')}`);
    assert.equal(err.responseCode, 'ErrorExpiredSubscription');
    assert.deepEqual(err.subscriptionIds, [streaming.subscriptionId]);
  } finally {
    mock.timers.reset();
  }
});

test('streaming: at most 200 subscription ids per connection; unknown ids are reported in the stream', async () => {
  // D: web-service-reference/getstreamingevents-operation.md: up to 200 subscriptions per connection.
  const ids = Array.from({ length: MAX_STREAMING_SUBSCRIPTIONS + 1 }, (_, i) => `sub${i}`);
  // The client refuses to build a 201-id request ...
  assert.throws(
    () => getStreamingEvents.buildBody({ subscriptionIds: ids, connectionTimeoutMinutes: 1 }),
    EwsRequestError,
  );
  // ... so the server's refusal can only be shown with a hand-written request.
  const raw = caller(sim, basic('svc-voxsync', 'svc-pw'), {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'alice@contoso.test' },
  });
  const r = await raw.raw(
    `<m:GetStreamingEvents><m:SubscriptionIds>${ids.map((i) => `<t:SubscriptionId>${i}</t:SubscriptionId>`).join('')}</m:SubscriptionIds><m:ConnectionTimeout>1</m:ConnectionTimeout></m:GetStreamingEvents>`,
  );
  assert.match(r.text, /<m:ResponseCode>ErrorInvalidSubscriptionRequest<\/m:ResponseCode>/);
  await raw.close();
  // Exactly 200 is accepted: every unknown id is reported as not found, and the stream closes.
  const seen: NotificationStreamEvent[] = [];
  for await (const e of client.streamEvents(
    { subscriptionIds: ids.slice(0, MAX_STREAMING_SUBSCRIPTIONS), connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 5000 },
  ))
    seen.push(e);
  const err = seen.find((e) => e.kind === 'subscriptionError');
  assert.ok(err && err.kind === 'subscriptionError');
  assert.equal(err.responseCode, 'ErrorSubscriptionNotFound');
  assert.equal(err.subscriptionIds.length, MAX_STREAMING_SUBSCRIPTIONS);
  assert.equal(seen[seen.length - 1]?.kind, 'closed');
});

test('streaming: the per-account limit of hanging connections refuses one more with ErrorExceededConnectionCount', async () => {
  // EWS-PROTOCOL.md §5 (D: ews-throttling-in-exchange.md, HangingConnectionLimit); the seed sets 2.
  const sub = ok(
    await client.call(
      subscribe,
      { kind: 'streaming', folderIds: INBOX, eventTypes: ['CreatedEvent'] },
      AS_ALICE,
    ),
  );
  const open = [0, 1].map(() =>
    client.streamEvents(
      { subscriptionIds: [sub.subscriptionId], connectionTimeoutMinutes: 1 },
      { ...AS_ALICE, keepAliveMs: 5000 },
    ),
  );
  for (const s of open) assert.equal((await s.next()).value?.kind, 'keepAlive', 'the stream is open');
  const third = client.streamEvents(
    { subscriptionIds: [sub.subscriptionId], connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 5000 },
  );
  await assert.rejects(
    third.next(),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorExceededConnectionCount',
  );
  // The limit is per account: another account's connection is still accepted.
  const alice = clientFor(sim, { auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' } });
  const own = ok(
    await alice.call(subscribe, { kind: 'streaming', folderIds: INBOX, eventTypes: ['CreatedEvent'] }),
  );
  const other = alice.streamEvents(
    { subscriptionIds: [own.subscriptionId], connectionTimeoutMinutes: 1 },
    { keepAliveMs: 5000 },
  );
  assert.equal((await other.next()).value?.kind, 'keepAlive');
  await other.return(undefined);
  // Closing one connection frees a slot.
  await open[0]!.return(undefined);
  let reopened: NotificationStreamEvent | undefined;
  for (let attempt = 0; attempt < 20 && reopened === undefined; attempt++) {
    const s = client.streamEvents(
      { subscriptionIds: [sub.subscriptionId], connectionTimeoutMinutes: 1 },
      { ...AS_ALICE, keepAliveMs: 5000 },
    );
    try {
      reopened = (await s.next()).value ?? undefined;
      await s.return(undefined);
    } catch (e) {
      // The server notices the closed socket asynchronously; try again shortly.
      if (!(e instanceof SoapFaultError && e.responseCode === 'ErrorExceededConnectionCount')) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  assert.equal(reopened?.kind, 'keepAlive');
  await open[1]!.return(undefined);
  await alice.close();
});

test('pull: a move is a MovedEvent with the old id and folder; a copy a CopiedEvent; a delete a DeletedEvent', async () => {
  // EWS-PROTOCOL.md §5 (D: notification-subscriptions-mailbox-events-and-ews-in-exchange.md): events carry
  // ItemId and ParentFolderId, moves and copies also OldItemId and OldParentFolderId
  // (D: web-service-reference/copiedevent.md: OldItemId is the original item that was copied).
  const sub = ok(
    await client.call(
      subscribe,
      {
        kind: 'pull',
        folderIds: [{ distinguished: 'inbox' }, { distinguished: 'deleteditems' }],
        eventTypes: ['MovedEvent', 'CopiedEvent', 'DeletedEvent'],
        timeoutMinutes: 10,
      },
      AS_ALICE,
    ),
  );
  const created = ok(
    await client.call(
      createItem,
      {
        items: [{ kind: 'Message', subject: 'to move' }],
        savedItemFolderId: INBOX[0]!,
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
  ).itemId!;
  const copy = ok(
    await client.call(copyItem, { toFolderId: INBOX[0]!, itemIds: [created] }, AS_ALICE),
  ).newItemId!;
  const moved = ok(
    await client.call(
      moveItem,
      { toFolderId: { distinguished: 'deleteditems' }, itemIds: [created] },
      AS_ALICE,
    ),
  ).newItemId!;
  ok(await client.call(deleteItem, { itemIds: [copy], deleteType: 'HardDelete' }, AS_ALICE));
  const got = ok(
    await client.call(getEvents, { subscriptionId: sub.subscriptionId, watermark: sub.watermark! }, AS_ALICE),
  );
  const byType = new Map(got.events.map((e) => [e.type, e]));
  assert.deepEqual(
    got.events.map((e) => e.type),
    ['CopiedEvent', 'MovedEvent', 'DeletedEvent'],
  );
  const copied = byType.get('CopiedEvent')!;
  assert.equal(copied.itemId?.id, copy.id);
  assert.equal(copied.oldItemId?.id, created.id);
  const move = byType.get('MovedEvent')!;
  assert.equal(move.itemId?.id, moved.id);
  assert.equal(move.oldItemId?.id, created.id);
  assert.ok(move.parentFolderId && move.oldParentFolderId);
  assert.notEqual(move.parentFolderId.id, move.oldParentFolderId.id);
  assert.equal(byType.get('DeletedEvent')!.itemId?.id, copy.id);
});

test('a subscription belongs to the account that created it; another account gets ErrorSubscriptionNotFound', async () => {
  // EWS-PROTOCOL.md §2 (affinity, point 5): subscriptions are readable only by the creating account.
  const sub = await pull();
  const alice = clientFor(sim, { auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' } });
  assert.equal(
    failCode(await alice.call(getEvents, { subscriptionId: sub.subscriptionId, watermark: sub.watermark! })),
    'ErrorSubscriptionNotFound',
  );
  await alice.close();
  ok(
    await client.call(getEvents, { subscriptionId: sub.subscriptionId, watermark: sub.watermark! }, AS_ALICE),
  );
});
