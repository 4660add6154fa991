// Control-API faults observed through the voxsync EwsClient and its typed operations: what a client of the
// simulator sees when a subscription expires, a stream drops, a connection resets, or a rate rule fires.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { EwsClient } from '../../../src/ews/client.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { EwsConnectionError, EwsTransportError } from '../../../src/ews/transport/errors.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import type { NotificationStreamEvent } from '../../../src/ews/notifications/stream.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor } from './client-helpers.ts';

let sim: ExchangeSim;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const SVC = { kind: 'basic', user: 'svc-voxsync', password: 'svc-pw' } as const;

before(async () => {
  sim = await startSim({ controlToken: 'ctl', streamingKeepAliveMs: 100, streamingMinuteMs: 5000 });
});
after(async () => {
  await sim.close();
});

async function ctl(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const res = await request(`${sim.url}/sim/v1${path}`, {
    method,
    headers: { authorization: 'Bearer ctl', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  assert.ok(res.statusCode < 300, `control ${method} ${path}: ${res.statusCode} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function streamingSubscription(client: EwsClient): Promise<string> {
  const [sub] = await client.call(
    subscribe,
    { kind: 'streaming', folderIds: [{ distinguished: 'inbox' }], eventTypes: ['NewMailEvent'] },
    AS_ALICE,
  );
  assert.ok(sub?.ok);
  return sub.value.subscriptionId;
}

test('fault expiredSubscription: the stream reports ErrorExpiredSubscription for that subscription', async () => {
  const client = clientFor(sim);
  const id = await streamingSubscription(client);
  await ctl('POST', '/faults', { kind: 'expiredSubscription', operation: 'GetStreamingEvents', count: 1 });
  const seen: NotificationStreamEvent[] = [];
  for await (const e of client.streamEvents(
    { subscriptionIds: [id], connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 1000 },
  ))
    seen.push(e);
  const err = seen.find((e) => e.kind === 'subscriptionError');
  assert.ok(err && err.kind === 'subscriptionError', `events: ${seen.map((e) => e.kind).join(',')}`);
  assert.equal(err.responseCode, 'ErrorExpiredSubscription');
  assert.deepEqual(err.subscriptionIds, [id]);
  assert.equal(seen[seen.length - 1]?.kind, 'closed', 'the server closes the stream after the error');
  // The expired subscription is gone: a new stream for it is refused with a per-subscription error.
  const again: NotificationStreamEvent[] = [];
  for await (const e of client.streamEvents(
    { subscriptionIds: [id], connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 1000 },
  ))
    again.push(e);
  assert.ok(again.some((e) => e.kind === 'subscriptionError' && e.subscriptionIds.includes(id)));
  await client.close();
});

test('fault dropStream: the client loses the streaming connection with a typed transport error', async () => {
  const client = clientFor(sim);
  const id = await streamingSubscription(client);
  await ctl('POST', '/faults', { kind: 'dropStream', operation: 'GetStreamingEvents', count: 1 });
  const seen: NotificationStreamEvent[] = [];
  let lost: unknown;
  try {
    for await (const e of client.streamEvents(
      { subscriptionIds: [id], connectionTimeoutMinutes: 1 },
      { ...AS_ALICE, keepAliveMs: 1000 },
    ))
      seen.push(e);
  } catch (err) {
    lost = err;
  }
  // The socket is destroyed mid-chunked-body: the client's stream throws its typed, retryable
  // connection error (the heartbeat watchdog's connectionLost event is for a silent connection instead).
  assert.ok(
    lost instanceof EwsConnectionError && lost.retryable,
    `expected a connection error, got ${String(lost)}`,
  );
  assert.equal(seen[0]?.kind, 'keepAlive', 'the stream had opened before it dropped');
  assert.ok(!seen.some((e) => e.kind === 'closed'), 'a dropped stream never says Closed');
  // The subscription survives the dropped connection: reconnecting works.
  let first: NotificationStreamEvent | undefined;
  for await (const e of client.streamEvents(
    { subscriptionIds: [id], connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 1000 },
  )) {
    first = e;
    break;
  }
  assert.equal(first?.kind, 'keepAlive', 'the reconnected stream opens normally');
  await client.close();
});

test('fault reset mid-body: CreateItem fails with a transient connection error and is not resent', async () => {
  const client = new EwsClient({
    url: sim.ewsUrl,
    auth: SVC,
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 20 },
  });
  await ctl('POST', '/faults', { kind: 'reset', operation: 'CreateItem', count: 1 });
  const subject = 'reset-once';
  await assert.rejects(
    client.call(
      createItem,
      {
        items: [{ kind: 'Message', subject }],
        savedItemFolderId: { distinguished: 'drafts' },
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
    (e: unknown) =>
      e instanceof EwsTransportError && e.retryable && /^ews\.(connection|truncated)/.test(e.code),
  );
  // The server executed the request before the reset; the client did not send it again.
  const mb = (await ctl('GET', '/mailboxes/alice@contoso.test')) as { items: { subject: string | null }[] };
  assert.equal(mb.items.filter((i) => i.subject === subject).length, 1);
  // An idempotent operation hit by the same fault is retried and succeeds.
  await ctl('POST', '/faults', { kind: 'reset', operation: 'GetFolder', count: 1 });
  const [inbox] = await client.call(
    getFolder,
    { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
    AS_ALICE,
  );
  assert.ok(inbox?.ok);
  await client.close();
});

test('fault by rate: 0.5 over 10 calls fails exactly every second call, deterministically', async () => {
  const client = clientFor(sim);
  await ctl('DELETE', '/faults');
  await ctl('POST', '/faults', { kind: 'serverBusy', operation: 'GetFolder', rate: 0.5, backOffMs: 10 });
  const outcome: string[] = [];
  for (let i = 0; i < 10; i++) {
    try {
      const [r] = await client.call(
        getFolder,
        { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
        AS_ALICE,
      );
      outcome.push(r?.ok ? 'ok' : 'error');
    } catch (e) {
      outcome.push(e instanceof SoapFaultError && e.responseCode === 'ErrorServerBusy' ? 'busy' : String(e));
    }
  }
  assert.deepEqual(outcome, ['ok', 'busy', 'ok', 'busy', 'ok', 'busy', 'ok', 'busy', 'ok', 'busy']);
  const [rule] = (await ctl('GET', '/faults')) as { matched: number }[];
  assert.equal(rule?.matched, 10);
  await ctl('DELETE', '/faults');
  await client.close();
});

test('GET /faults: a count rule shows how many calls it matched and how many remain', async () => {
  const client = clientFor(sim);
  await ctl('DELETE', '/faults');
  await ctl('POST', '/faults', { kind: 'serverBusy', operation: 'GetFolder', count: 3, backOffMs: 10 });
  const listed = async () => (await ctl('GET', '/faults')) as { matched: number; remaining: number }[];
  assert.deepEqual(
    (await listed()).map((r) => [r.matched, r.remaining]),
    [[0, 3]],
  );
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      client.call(
        getFolder,
        { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
        AS_ALICE,
      ),
      (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorServerBusy',
    );
  }
  assert.deepEqual(
    (await listed()).map((r) => [r.matched, r.remaining]),
    [[2, 1]],
  );
  await ctl('DELETE', '/faults');
  await client.close();
});
