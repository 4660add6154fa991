import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getStreamingEvents } from '../../../src/ews/operations/get-streaming-events.ts';
import { getEvents } from '../../../src/ews/operations/get-events.ts';
import { unsubscribe } from '../../../src/ews/operations/unsubscribe.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import type { NotificationStreamEvent } from '../../../src/ews/notifications/stream.ts';
import { basic, caller, startSim } from './helpers.ts';
import { clientFor } from './client-helpers.ts';
import { request } from 'undici';
import { buildRequestEnvelope } from '../../../src/ews/soap/envelope.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };

before(async () => {
  sim = await startSim({ streamingKeepAliveMs: 200, streamingMinuteMs: 1500 });
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function deliver(subject: string): Promise<void> {
  // Bob sends Alice a message: the simulator delivers it to her inbox (NewMailEvent + CreatedEvent).
  const [r] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject, toRecipients: [{ emailAddress: 'alice@contoso.test' }] }],
      messageDisposition: 'SendOnly',
    },
    { impersonate: 'bob@contoso.test' },
  );
  assert.ok(r?.ok);
}

test('streaming: events arrive as they happen, keep-alives flow, the stream ends with Closed after ConnectionTimeout', async () => {
  const [sub] = await client.call(
    subscribe,
    {
      kind: 'streaming',
      folderIds: [{ distinguished: 'inbox' }],
      eventTypes: ['NewMailEvent', 'CreatedEvent'],
    },
    AS_ALICE,
  );
  assert.ok(sub?.ok);
  const id = sub.value.subscriptionId;
  // Raw: the wire format is under test (one chunked body of concatenated envelopes whose notifications are
  // t:Notification elements, types.xsd NonEmptyArrayOfNotificationsType), which the client hides.
  const started = Date.now();
  // The mail is delivered once the stream is observably open (its first envelope arrived), not after a
  // guessed delay.
  let delivered: Promise<unknown> | undefined;
  const res = await request(sim.ewsUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('svc-voxsync:svc-pw').toString('base64')}`,
      'content-type': 'text/xml; charset=utf-8',
    },
    body: buildRequestEnvelope(
      `<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>${id}</t:SubscriptionId></m:SubscriptionIds><m:ConnectionTimeout>1</m:ConnectionTimeout></m:GetStreamingEvents>`,
      { serverVersion: 'Exchange2016', impersonation: { value: 'alice@contoso.test' } },
    ),
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['transfer-encoding'], 'chunked');
  let text = '';
  let chunks = 0;
  for await (const c of res.body) {
    text += Buffer.from(c as Uint8Array).toString('utf8');
    chunks++;
    delivered ??= deliver('streamed');
  }
  await delivered;
  const envelopes = text
    .split('</s:Envelope>')
    .filter((e) => e.trim() !== '')
    .map((e) => `${e}</s:Envelope>`);
  assert.ok(envelopes.length >= 4 && chunks >= 4, 'several envelopes in one body');
  const statuses = envelopes.map((e) => /<m:ConnectionStatus>(\w+)</.exec(e)?.[1]);
  assert.equal(statuses[statuses.length - 1], 'Closed');
  assert.ok(statuses.filter((s) => s === 'OK').length >= 3, 'keep-alives');
  assert.match(text, /<t:Notification><t:SubscriptionId>[^<]+<\/t:SubscriptionId><t:CreatedEvent>/);
  assert.match(text, /<t:NewMailEvent><t:Watermark>/);
  assert.ok(Date.now() - started >= 1400, 'held open for ConnectionTimeout');
  // The voxsync client sees the same stream as keep-alives and a final closed.
  const seen: NotificationStreamEvent[] = [];
  for await (const e of client.streamEvents(
    { subscriptionIds: [id], connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 1000 },
  ))
    seen.push(e);
  assert.equal(seen[seen.length - 1]?.kind, 'closed');
  assert.ok(seen.some((e) => e.kind === 'keepAlive'));
  const [u] = await client.call(unsubscribe, { subscriptionId: id }, AS_ALICE);
  assert.ok(u?.ok);
});

test('pull: watermarks, StatusEvent when idle, Unsubscribe then ErrorSubscriptionNotFound', async () => {
  const [sub] = await client.call(
    subscribe,
    {
      kind: 'pull',
      folderIds: [{ distinguished: 'inbox' }],
      eventTypes: ['NewMailEvent'],
      timeoutMinutes: 5,
    },
    AS_ALICE,
  );
  assert.ok(sub?.ok);
  const { subscriptionId, watermark } = sub.value;
  await deliver('pulled');
  const [r1] = await client.call(getEvents, { subscriptionId, watermark: watermark! }, AS_ALICE);
  assert.ok(r1?.ok);
  assert.deepEqual(
    r1.value.events.map((e) => e.type),
    ['NewMailEvent'],
  );
  const last = r1.value.events[0]!.watermark!;
  const [r2] = await client.call(getEvents, { subscriptionId, watermark: last }, AS_ALICE);
  assert.ok(r2?.ok);
  assert.deepEqual(
    r2.value.events.map((e) => e.type),
    ['StatusEvent'],
  );
  // Replaying the older watermark re-delivers: events are kept until a later watermark acknowledges them.
  const [bad] = await client.call(getEvents, { subscriptionId, watermark: 'bm9wZQ==' }, AS_ALICE);
  assert.ok(bad && !bad.ok && bad.error.responseCode === 'ErrorInvalidWatermark');
  await client.call(unsubscribe, { subscriptionId }, AS_ALICE);
  const [gone] = await client.call(getEvents, { subscriptionId, watermark: last }, AS_ALICE);
  assert.ok(gone && !gone.ok && gone.error.responseCode === 'ErrorSubscriptionNotFound');
});

test('streaming: unknown ids are reported in the stream; ConnectionTimeout 31 is a schema fault', async () => {
  const seen: NotificationStreamEvent[] = [];
  for await (const e of client.streamEvents(
    { subscriptionIds: ['nope'], connectionTimeoutMinutes: 1 },
    { ...AS_ALICE, keepAliveMs: 1000 },
  ))
    seen.push(e);
  assert.deepEqual(
    seen.map((e) => (e.kind === 'subscriptionError' ? [e.responseCode, e.subscriptionIds] : e.kind)),
    [['ErrorSubscriptionNotFound', ['nope']], 'closed'],
  );
  // Raw: the client refuses ConnectionTimeout outside 1..30 itself (and more than 200 ids, see
  // behaviours-notifications.test.ts), so only a hand-written request shows the server's answer.
  assert.throws(() =>
    getStreamingEvents.buildBody({ subscriptionIds: ['nope'], connectionTimeoutMinutes: 31 }),
  );
  const c = caller(sim, basic('svc-voxsync', 'svc-pw'), {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'alice@contoso.test' },
  });
  const badTimeout = await c.raw(
    '<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>nope</t:SubscriptionId></m:SubscriptionIds><m:ConnectionTimeout>31</m:ConnectionTimeout></m:GetStreamingEvents>',
  );
  assert.equal(badTimeout.status, 500);
  assert.match(badTimeout.text, /ErrorSchemaValidation/);
  await c.close();
});
