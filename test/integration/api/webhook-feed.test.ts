// Webhooks fed from the change feed: a receiver that is down for a while gets every change once and in
// order when it comes back, and two nodes sharing the database never deliver a change twice.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { deliverySchema } from '../../../src/api/routes/webhooks.ts';
import { Store } from '../../../src/store/index.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { depositForm, makeWav, startApi, withId, type ApiHarness } from './harness.ts';

const deliveryList = z.object({ deliveries: z.array(deliverySchema) });
const body = z.object({
  deliveryId: z.string(),
  seq: z.number(),
  type: z.string(),
  mailboxId: z.string().nullable(),
  data: z.object({ messageId: z.string().optional() }).loose(),
});
type Body = z.output<typeof body>;

/** A webhook receiver on a fixed port that can be taken down and brought back. */
class Receiver {
  readonly received: Body[] = [];
  private server: Server | undefined;
  port = 0;

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        this.received.push(body.parse(JSON.parse(text)));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }
}

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const fastRetry = { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 1000 };

await eachDatabase('webhooks from the change feed', (db) => {
  let api: ApiHarness;
  let secondStore: Store;
  let second: ApiHarness;
  let t: string;
  let mailbox: string;
  const deposit = async () => {
    const res = await api.request('POST', `/api/v1/mailboxes/${mailbox}/messages`, {
      token: t,
      form: depositForm(makeWav(0.1)),
    });
    assert.equal(res.status, 201, res.text);
    return res.jsonAs(withId).id;
  };
  const deliveries = async (hookId: string) =>
    (await api.request('GET', `/api/v1/webhooks/${hookId}/deliveries?limit=100`, { token: t })).jsonAs(
      deliveryList,
    ).deliveries;

  before(async () => {
    api = await startApi(db.store, { webhookRetry: fastRetry });
    // A second node: its own store (connections, dispatcher, wake-ups) on the same database.
    secondStore = await Store.open(db.options);
    second = await startApi(secondStore, { webhookRetry: fastRetry });
    t = api.adminToken;
    const fg = await api.request('POST', '/api/v1/feature-groups', { token: t, json: { name: 'Hook FG' } });
    mailbox = (
      await api.request('POST', '/api/v1/mailboxes', {
        token: t,
        json: { number: '7301', displayName: '7301', featureGroupId: fg.jsonAs(withId).id, pin: '8642' },
      })
    ).jsonAs(withId).id;
  });
  after(async () => {
    await second.close();
    await api.close();
    await secondStore.close();
  });

  it('a receiver that is down for a while gets every change once, in order, when it is back', async () => {
    const rx = new Receiver();
    await rx.up();
    await rx.down(); // the port is known; nothing listens on it
    const hook = await api.request('POST', '/api/v1/webhooks', {
      token: t,
      json: {
        name: 'down-then-up',
        url: rx.url,
        secret: 'down-then-up-secret-1',
        eventTypes: ['message.created'],
        mailboxId: mailbox,
      },
    });
    assert.equal(hook.status, 201, hook.text);
    const hookId = hook.jsonAs(withId).id;
    try {
      const ids = [await deposit(), await deposit(), await deposit()];
      // The first change has been refused several times while the receiver is down.
      await until(async () => {
        const [d] = await deliveries(hookId);
        return d && d.attempts >= 3 ? d : undefined;
      }, 'failed attempts');
      assert.equal((await deliveries(hookId)).length, 1, 'later changes wait behind the one retried');
      assert.equal(rx.received.length, 0);

      await rx.up();
      await until(async () => (rx.received.length >= 3 ? true : undefined), 'three deliveries');
      // One more change after the backlog; nothing more should arrive than these four.
      ids.push(await deposit());
      await until(async () => (rx.received.length >= 4 ? true : undefined), 'the fourth delivery');
      await until(async () => {
        const ds = await deliveries(hookId);
        return ds.length === 4 && ds.every((d) => d.status === 'delivered') ? ds : undefined;
      }, 'every delivery settled');

      assert.deepEqual(
        rx.received.map((b) => b.data.messageId),
        ids,
        'each message once, in order',
      );
      const seqs = rx.received.map((b) => b.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((x, y) => x - y),
      );
      assert.equal(new Set(rx.received.map((b) => b.deliveryId)).size, 4);
      assert.ok(rx.received.every((b) => b.type === 'message.created' && b.mailboxId === mailbox));
    } finally {
      await api.request('DELETE', `/api/v1/webhooks/${hookId}`, { token: t });
      await rx.down();
    }
  });

  it('two nodes on one database deliver each change once and in order', async () => {
    const rx = new Receiver();
    await rx.up();
    const hook = await second.request('POST', '/api/v1/webhooks', {
      token: second.adminToken,
      json: { name: 'two-nodes', url: rx.url, secret: 'two-nodes-secret-123', mailboxId: mailbox },
    });
    assert.equal(hook.status, 201, hook.text);
    const hookId = hook.jsonAs(withId).id;
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await deposit());
      // Each deposit records message.created then mwi.changed.
      await until(async () => (rx.received.length >= 10 ? true : undefined), 'ten deliveries');
      await until(async () => {
        const ds = await deliveries(hookId);
        return ds.length === 10 && ds.every((d) => d.status === 'delivered') ? true : undefined;
      }, 'every delivery settled');
      assert.equal(rx.received.length, 10, 'no change delivered twice');
      assert.deepEqual(
        rx.received.filter((b) => b.type === 'message.created').map((b) => b.data.messageId),
        ids,
      );
      const seqs = rx.received.map((b) => b.seq);
      assert.deepEqual(
        seqs,
        [...new Set(seqs)].sort((x, y) => x - y),
      );
    } finally {
      await api.request('DELETE', `/api/v1/webhooks/${hookId}`, { token: t });
      await rx.down();
    }
  });
});
