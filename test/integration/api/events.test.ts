import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../../src/events/webhook-signature.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { z } from 'zod';
import { messageResponse } from '../../../src/api/routes/messages.ts';
import { deliverySchema } from '../../../src/api/routes/webhooks.ts';
import { depositForm, makeWav, startApi, type ApiHarness, type Session, withId } from './harness.ts';

const messageList = z.object({ messages: z.array(messageResponse) });
const deliveryList = z.object({ deliveries: z.array(deliverySchema) });

interface SseEvent {
  event: string;
  data: { mailboxId: string; [k: string]: unknown };
}

/** Opens the SSE stream and collects parsed events until closed. */
async function openStream(api: ApiHarness, auth: { session?: Session; token?: string }) {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (auth.session) headers.cookie = auth.session.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const controller = new AbortController();
  const res = await fetch(`${api.baseUrl}/api/v1/events`, { headers, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (!event || !data) continue;
          const e = { event, data: JSON.parse(data) as SseEvent['data'] };
          events.push(e);
          for (const w of [...waiters]) {
            if (w.pred(e)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(e);
            }
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    next(pred: (e: SseEvent) => boolean): Promise<SseEvent> {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => controller.abort(),
  };
}

interface Received {
  body: string;
  signature: string;
  event: string;
  at: number;
}

function receiver(failFirst: number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  let count = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({
        body,
        signature: String(req.headers['x-voxsync-signature']),
        event: String(req.headers['x-voxsync-event']),
        at: Date.now(),
      });
      count++;
      res.statusCode = count <= failFirst ? 503 : 204;
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received }),
    ),
  );
}

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

await eachDatabase('events: SSE and webhooks', (db) => {
  let api: ApiHarness;
  let t: string;
  let a: { id: string };
  let b: { id: string };
  before(async () => {
    api = await startApi(db.store, { webhookRetry: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 4 } });
    t = api.adminToken;
    const fg = await api.request('POST', '/api/v1/feature-groups', { token: t, json: { name: 'Events FG' } });
    const mk = async (number: string) =>
      (
        await api.request('POST', '/api/v1/mailboxes', {
          token: t,
          json: { number, displayName: number, featureGroupId: fg.jsonAs(withId).id, pin: '8642' },
        })
      ).jsonAs(withId);
    a = await mk('7001');
    b = await mk('7002');
  });
  after(() => api.close());

  it("a user's stream carries their own mwi.changed and never another mailbox's; admins see all", async () => {
    const userA = await api.mailboxLogin('7001', '8642');
    const streamA = await openStream(api, { session: userA });
    const streamAdmin = await openStream(api, { token: t });
    try {
      // B first: if A's stream were unfiltered, B's events would arrive before A's.
      await api.request('POST', `/api/v1/mailboxes/${b.id}/messages`, {
        token: t,
        form: depositForm(makeWav(0.2)),
      });
      await api.request('POST', `/api/v1/mailboxes/${a.id}/messages`, {
        token: t,
        form: depositForm(makeWav(0.2)),
      });
      const mwiA = await streamA.next((e) => e.event === 'mwi.changed');
      assert.equal(mwiA.data.mailboxId, a.id);
      assert.deepEqual(mwiA.data.mwi, { on: true, newCount: 1, oldCount: 0, urgentCount: 0 });
      assert.ok(streamA.events.some((e) => e.event === 'message.created' && e.data.mailboxId === a.id));
      assert.ok(
        streamA.events.every((e) => e.data.mailboxId === a.id),
        JSON.stringify(streamA.events),
      );
      await streamAdmin.next((e) => e.event === 'mwi.changed' && e.data.mailboxId === a.id);
      assert.ok(streamAdmin.events.some((e) => e.event === 'mwi.changed' && e.data.mailboxId === b.id));
    } finally {
      streamA.close();
      streamAdmin.close();
    }
    const anonymous = await fetch(`${api.baseUrl}/api/v1/events`);
    assert.equal(anonymous.status, 401);
  });

  it('webhooks: signed bodies, a failing receiver retried with growing delays, the delivery log shows every attempt', async () => {
    const secret = 'whsec-test-0123456789abcdef';
    const rx = await receiver(2);
    try {
      const hook = await api.request('POST', '/api/v1/webhooks', {
        token: t,
        json: { name: 'crm', url: rx.url, secret, eventTypes: ['mwi.changed'], mailboxId: a.id },
      });
      assert.equal(hook.status, 201, hook.text);
      assert.ok(!hook.text.includes(secret));
      const badUrl = await api.request('POST', '/api/v1/webhooks', {
        token: t,
        json: { name: 'x', url: 'ftp://example.com', secret },
      });
      assert.equal(badUrl.status, 400);
      assert.equal(badUrl.firstIssue().field, 'url');

      const list = await api.request('GET', `/api/v1/mailboxes/${a.id}/messages`, { token: t });
      await api.request(
        'PATCH',
        `/api/v1/mailboxes/${a.id}/messages/${list.jsonAs(messageList).messages[0]?.id}`,
        {
          token: t,
          json: { read: true },
        },
      );
      await api.request('POST', `/api/v1/mailboxes/${b.id}/messages`, {
        token: t,
        form: depositForm(makeWav(0.2)),
      });

      const delivery = await until(async () => {
        const log = await api.request('GET', `/api/v1/webhooks/${hook.jsonAs(withId).id}/deliveries`, {
          token: t,
        });
        const d = log.jsonAs(deliveryList).deliveries[0];
        return d?.status === 'delivered' ? d : undefined;
      }, 'the delivery to succeed');
      assert.equal(delivery.attempts, 3);
      assert.deepEqual(
        delivery.attemptLog.map((x) => x.statusCode),
        [503, 503, 204],
      );
      assert.equal(delivery.attemptLog[0]?.error, 'receiver answered HTTP 503');
      const [t0 = NaN, t1 = NaN, t2 = NaN] = delivery.attemptLog.map((x) => Date.parse(x.at));
      assert.ok(t1 - t0 >= 100, `first retry after ${t1 - t0} ms`);
      assert.ok(t2 - t1 >= 200, `second retry after ${t2 - t1} ms`);

      assert.equal(rx.received.length, 3);
      for (const r of rx.received) {
        assert.equal(r.event, 'mwi.changed');
        const check = verifyWebhookSignature(secret, r.body, r.signature, Math.floor(r.at / 1000));
        assert.deepEqual(check, { ok: true });
        assert.deepEqual(
          verifyWebhookSignature('another-secret-value', r.body, r.signature, Math.floor(r.at / 1000)),
          {
            ok: false,
            reason: 'mismatch',
          },
        );
        const body = JSON.parse(r.body);
        assert.equal(body.type, 'mwi.changed');
        assert.equal(body.mailboxId, a.id, 'only the subscribed mailbox');
        assert.deepEqual(body.data.mwi, { on: false, newCount: 0, oldCount: 1, urgentCount: 0 });
      }
      const deleted = await api.request('DELETE', `/api/v1/webhooks/${hook.jsonAs(withId).id}`, { token: t });
      assert.equal(deleted.status, 204);
    } finally {
      rx.server.close();
    }
  });

  it('shutting down ends open event streams instead of waiting for them', async () => {
    const second = await startApi(db.store);
    const res = await fetch(`${second.baseUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${second.adminToken}` },
    });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    await reader.read();
    await second.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    assert.equal(done, true);
  });

  it('a receiver that never succeeds is marked failed after the last attempt', async () => {
    const rx = await receiver(1000);
    try {
      const hook = await api.request('POST', '/api/v1/webhooks', {
        token: t,
        json: { name: 'down', url: rx.url, secret: 'another-secret-1234', eventTypes: ['message.created'] },
      });
      await api.request('POST', `/api/v1/mailboxes/${b.id}/messages`, {
        token: t,
        form: depositForm(makeWav(0.2)),
      });
      const delivery = await until(async () => {
        const log = await api.request('GET', `/api/v1/webhooks/${hook.jsonAs(withId).id}/deliveries`, {
          token: t,
        });
        const d = log.jsonAs(deliveryList).deliveries[0];
        return d?.status === 'failed' ? d : undefined;
      }, 'the delivery to fail');
      assert.equal(delivery.attempts, 4);
      assert.equal(delivery.attemptLog.length, 4);
      assert.equal(delivery.nextAttemptAt, null);
    } finally {
      rx.server.close();
    }
  });
});
