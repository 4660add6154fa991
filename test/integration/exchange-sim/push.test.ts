// Push subscriptions end to end: voxsync's EwsClient subscribes with a PushSubscriptionRequest, the simulator
// POSTs SendNotification requests to a small HTTP receiver in this test, which reads them with
// parseSendNotification and answers with buildSendNotificationResult. Covers events, StatusEvent
// heartbeats every StatusFrequency minute, Unsubscribe from the receiver, retries with doubling delays and
// the drop after StatusFrequency minutes, redirects not followed, and refused URLs. A "minute" is shortened
// with pushMinuteMs, the way streaming tests shorten ConnectionTimeout minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EwsClient } from '../../../src/ews/client.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { unsubscribe } from '../../../src/ews/operations/unsubscribe.ts';
import { subscribePush, type PushSubscribeInput } from '../../../src/ews/operations/subscribe-push.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getEvents } from '../../../src/ews/operations/get-events.ts';
import {
  buildSendNotificationResult,
  parseSendNotification,
  type SubscriptionStatus,
} from '../../../src/ews/notifications/push.ts';
import type { Notification } from '../../../src/ews/types/notifications.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim } from './helpers.ts';
import { clientFor } from './client-helpers.ts';

const MINUTE_MS = 200;
let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };

/** A push receiver: records every request and answers as `reply` says. */
class Receiver {
  readonly received: { at: number; notifications: Notification[] }[] = [];
  reply: (n: number) => { status: number; body?: string; headers?: Record<string, string> } = () => ({
    status: 200,
    body: buildSendNotificationResult('OK'),
  });
  private waiters: (() => void)[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const results = parseSendNotification(Buffer.concat(chunks));
        const notifications = results.map((r) => {
          assert.ok(r.ok, 'every SendNotificationResponseMessage is a success');
          return r.value;
        });
        this.received.push({ at: Date.now(), notifications });
        const answer = this.reply(this.received.length);
        res.writeHead(answer.status, { 'content-type': 'text/xml; charset=utf-8', ...answer.headers });
        res.end(answer.body ?? '');
        for (const w of this.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/push`;
    return this;
  }

  /** Resolves once `n` requests arrived (fails the test after `ms`). */
  async until(n: number, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.received.length < n) {
      const left = deadline - Date.now();
      assert.ok(left > 0, `expected ${n} push requests, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    return closed;
  }
}

/** Polls an observable condition; fails after 20 s. No fixed sleep decides an outcome. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

before(async () => {
  sim = await startSim({ pushMinuteMs: MINUTE_MS });
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function pushSubscribe(input: Partial<PushSubscribeInput> & { url: string }): Promise<string> {
  return (await pushSubscription(input)).subscriptionId;
}

async function pushSubscription(
  input: Partial<PushSubscribeInput> & { url: string },
): Promise<{ subscriptionId: string; watermark: string }> {
  const [r] = await client.call(
    subscribePush,
    {
      folderIds: [{ distinguished: 'inbox' }],
      eventTypes: ['CreatedEvent', 'ModifiedEvent'],
      statusFrequencyMinutes: 5,
      ...input,
    },
    AS_ALICE,
  );
  assert.ok(r?.ok, 'Subscribe answered');
  assert.ok(r.value.watermark, 'a push subscription has a watermark');
  return { subscriptionId: r.value.subscriptionId, watermark: r.value.watermark };
}

/**
 * Whether the simulator still holds a push subscription, asked without ending it (Unsubscribe would):
 * GetEvents on a live push subscription is ErrorInvalidPullSubscriptionId, on a gone one
 * ErrorSubscriptionNotFound.
 */
async function pushSubscriptionGone(s: { subscriptionId: string; watermark: string }): Promise<boolean> {
  const [r] = await client.call(getEvents, s, AS_ALICE);
  assert.ok(r && !r.ok, 'GetEvents on a push subscription never succeeds');
  assert.ok(
    r.error.responseCode === 'ErrorSubscriptionNotFound' ||
      r.error.responseCode === 'ErrorInvalidPullSubscriptionId',
    r.error.rawResponseCode,
  );
  return r.error.responseCode === 'ErrorSubscriptionNotFound';
}

async function mail(subject: string): Promise<string> {
  const [r] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  assert.ok(r?.ok && r.value.itemId);
  return r.value.itemId.id;
}

async function isGone(subscriptionId: string): Promise<boolean> {
  const [r] = await client.call(unsubscribe, { subscriptionId }, AS_ALICE);
  return !!r && !r.ok && r.error.responseCode === 'ErrorSubscriptionNotFound';
}

test('events are pushed as SendNotification; the receiver reads them with parseSendNotification', async () => {
  const rx = await new Receiver().start();
  try {
    const id = await pushSubscribe({ url: rx.url });
    const itemId = await mail('pushed');
    await rx.until(1);
    const [n] = rx.received[0]!.notifications;
    assert.equal(n?.subscriptionId, id);
    const created = n?.events.find((e) => e.type === 'CreatedEvent');
    assert.equal(created?.itemId?.id, itemId, 'the CreatedEvent names the new item');
    assert.ok(await isGone(id).then((gone) => !gone), 'Unsubscribe ends a push subscription too');
  } finally {
    await rx.close();
  }
});

test('with nothing to send, a StatusEvent heartbeat comes every StatusFrequency minutes', async () => {
  const rx = await new Receiver().start();
  try {
    const t0 = Date.now();
    const id = await pushSubscribe({ url: rx.url, statusFrequencyMinutes: 1 });
    await rx.until(2);
    for (const r of rx.received) {
      assert.deepEqual(
        r.notifications[0]!.events.map((e) => e.type),
        ['StatusEvent'],
      );
    }
    assert.ok(rx.received[0]!.at - t0 >= MINUTE_MS - 20, 'not before a StatusFrequency minute');
    assert.ok(rx.received[1]!.at - rx.received[0]!.at >= MINUTE_MS - 20, 'then every minute');
    await client.call(unsubscribe, { subscriptionId: id }, AS_ALICE);
  } finally {
    await rx.close();
  }
});

test('a receiver answering Unsubscribe ends the subscription', async () => {
  const rx = await new Receiver().start();
  rx.reply = () => ({ status: 200, body: buildSendNotificationResult('Unsubscribe') });
  try {
    const first = await pushSubscription({ url: rx.url });
    await mail('first and last');
    await rx.until(1);
    await until(() => pushSubscriptionGone(first), 'the simulator to drop the subscription');
    // Silence shown by a positive marker: a second subscription to the same receiver (answered OK from
    // now on) is pushed the next item; by then the first one, were it alive, would have been pushed it too.
    rx.reply = () => ({ status: 200, body: buildSendNotificationResult('OK') });
    const second = await pushSubscribe({ url: rx.url });
    const itemId = await mail('not pushed');
    const pushedTo = (id: string) =>
      rx.received.filter((r) =>
        r.notifications.some((n) => n.subscriptionId === id && n.events.some((e) => e.itemId?.id === itemId)),
      );
    await until(async () => pushedTo(second).length > 0, 'the second subscription to be pushed the item');
    assert.equal(pushedTo(first.subscriptionId).length, 0, 'nothing is sent after Unsubscribe');
    assert.equal(
      rx.received.filter((r) => r.notifications.some((n) => n.subscriptionId === first.subscriptionId))
        .length,
      1,
      'the first subscription was pushed once',
    );
    await client.call(unsubscribe, { subscriptionId: second }, AS_ALICE);
  } finally {
    await rx.close();
  }
});

test('an unreachable receiver is retried after 30 s, then each delay doubled, for StatusFrequency minutes; then dropped', async () => {
  const rx = await new Receiver().start();
  rx.reply = () => ({ status: 503 });
  try {
    // StatusFrequency 2: retries 0.5, 1 and 2 minutes after the first failure; the next (4) is past it.
    const sub = await pushSubscription({ url: rx.url, statusFrequencyMinutes: 2 });
    await mail('undeliverable');
    await rx.until(4);
    const first = rx.received[0]!.at;
    const offsets = rx.received.map((r) => r.at - first);
    const minutes = [0, 0.5, 1, 2];
    minutes.forEach((m, i) =>
      assert.ok(offsets[i]! >= m * MINUTE_MS - 20, `attempt ${i} at ${offsets[i]} ms`),
    );
    // The next retry (4 minutes) would be past StatusFrequency: the subscription is dropped instead, and
    // a dropped subscription has no sender left to make another attempt.
    await until(() => pushSubscriptionGone(sub), 'the simulator to drop the subscription');
    assert.equal(rx.received.length, 4, 'no attempt after the last retry');
    // Every attempt carried the same undelivered event.
    for (const r of rx.received) assert.ok(r.notifications[0]!.events.some((e) => e.type === 'CreatedEvent'));
  } finally {
    await rx.close();
  }
});

test('a receiver that recovers gets the queued events and the subscription goes on', async () => {
  const rx = await new Receiver().start();
  rx.reply = (n) => (n <= 2 ? { status: 500 } : { status: 200, body: buildSendNotificationResult('OK') });
  try {
    const id = await pushSubscribe({ url: rx.url, statusFrequencyMinutes: 3 });
    const itemId = await mail('delivered late');
    await rx.until(3);
    assert.equal(
      rx.received[2]!.notifications[0]!.events.find((e) => e.type === 'CreatedEvent')?.itemId?.id,
      itemId,
    );
    const second = await mail('after recovery');
    await rx.until(4);
    const events = rx.received[3]!.notifications[0]!.events;
    assert.deepEqual(
      events.filter((e) => e.type === 'CreatedEvent').map((e) => e.itemId?.id),
      [second],
      'only the new event: the delivered one was acknowledged',
    );
    await client.call(unsubscribe, { subscriptionId: id }, AS_ALICE);
  } finally {
    await rx.close();
  }
});

test('redirects from the push URL are not followed (a failed delivery)', async () => {
  const target = await new Receiver().start();
  const rx = await new Receiver().start();
  rx.reply = () => ({ status: 307, headers: { location: target.url } });
  try {
    const id = await pushSubscribe({ url: rx.url, statusFrequencyMinutes: 1 });
    await mail('redirected');
    await rx.until(2);
    assert.equal(target.received.length, 0, 'the redirect target never hears from the server');
    await client.call(unsubscribe, { subscriptionId: id }, AS_ALICE);
  } finally {
    await rx.close();
    await target.close();
  }
});

test('push URLs must be absolute http(s); StatusFrequency 1..1440', async () => {
  for (const url of [
    'ftp://127.0.0.1/push',
    'file:///etc/passwd',
    'javascript:alert(1)',
    '/relative',
    'http://u:p@h/',
  ]) {
    assert.throws(
      () =>
        subscribePush.buildBody({
          subscribeToAllFolders: true,
          eventTypes: ['NewMailEvent'],
          statusFrequencyMinutes: 1,
          url,
        }),
      EwsRequestError,
      url,
    );
  }
  for (const statusFrequencyMinutes of [0, 1441, 1.5]) {
    assert.throws(
      () =>
        subscribePush.buildBody({
          subscribeToAllFolders: true,
          eventTypes: ['NewMailEvent'],
          statusFrequencyMinutes,
          url: 'http://127.0.0.1/',
        }),
      EwsRequestError,
    );
  }
  // Another client's requests, written out: Exchange's answers.
  const raw = caller(sim, basic('svc-voxsync', 'svc-pw'), { impersonate: { value: 'alice@contoso.test' } });
  const req = (freq: string, url: string) =>
    `<m:Subscribe><m:PushSubscriptionRequest SubscribeToAllFolders="true"><t:EventTypes><t:EventType>NewMailEvent</t:EventType></t:EventTypes><t:StatusFrequency>${freq}</t:StatusFrequency><t:URL>${url}</t:URL></m:PushSubscriptionRequest></m:Subscribe>`;
  try {
    const res = await raw.call(req('1', 'ftp://127.0.0.1/push'));
    const [r] = subscribe.parseBody(res.body);
    assert.ok(r && !r.ok);
    assert.equal(r.error.responseCode, 'ErrorInvalidPushSubscriptionUrl');
    const tooOften = await raw.raw(req('0', 'http://127.0.0.1/push'));
    assert.equal(tooOften.status, 500);
    assert.match(tooOften.text, /ErrorSchemaValidation/);
  } finally {
    await raw.close();
  }
});

test('the receiver helpers: a reply the simulator accepts, a body that is not a SendNotification refused', () => {
  const statuses: SubscriptionStatus[] = ['OK', 'Unsubscribe'];
  for (const s of statuses)
    assert.match(buildSendNotificationResult(s), new RegExp(`<m:SubscriptionStatus>${s}<`));
  assert.throws(() => parseSendNotification('<x/>'));
  assert.throws(() => parseSendNotification('not xml'));
});
