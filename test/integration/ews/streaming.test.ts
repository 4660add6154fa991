// EwsClient.streamEvents against a local server that writes a recorded stream in random pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EwsClient } from '../../../src/ews/client.ts';
import { AffinityGroup } from '../../../src/ews/transport/affinity.ts';
import { parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { NS_MESSAGES } from '../../../src/ews/soap/namespaces.ts';
import type { NotificationStreamEvent } from '../../../src/ews/notifications/stream.ts';
import { startHttpPeer } from './peer.ts';
import { recordedStream, keepAliveEnvelope } from '../../unit/ews/notifications/recorded-stream.ts';

async function collect(it: AsyncIterable<NotificationStreamEvent>): Promise<NotificationStreamEvent[]> {
  const out: NotificationStreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test('streamEvents: chunked multi-envelope body in pieces → typed events; affinity headers sent', async () => {
  const requests: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const peer = await startHttpPeer((req, res, body) => {
    requests.push({ headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    let off = 0;
    const step = (): void => {
      if (off >= recordedStream.length) return void res.end();
      const n = 1 + Math.floor(Math.random() * 700);
      res.write(recordedStream.subarray(off, off + n));
      off += n;
      setImmediate(step);
    };
    step();
  });
  const c = new EwsClient({ url: peer.url, auth: { kind: 'basic', user: 'svc', password: 'pw' } });
  const group = new AffinityGroup('anchor@example.com', 'EXCH02~1');
  try {
    const events = await collect(
      c.streamEvents(
        { subscriptionIds: ['sub-1', 'sub-2'], connectionTimeoutMinutes: 30 },
        { impersonate: 'alice@example.com', affinity: group, keepAliveMs: 5_000 },
      ),
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      [
        'notification',
        'keepAlive',
        'notification',
        'subscriptionError',
        'keepAlive',
        'subscriptionError',
        'closed',
        'closed',
      ],
    );
    const r = requests[0]!;
    assert.equal(r.headers['cookie'], 'X-BackEndOverrideCookie=EXCH02~1');
    assert.equal(r.headers['x-preferserveraffinity'], 'true');
    assert.equal(r.headers['x-anchormailbox'], 'anchor@example.com');
    const env = parseRequestEnvelope(r.body);
    assert.equal(env.body.ns, NS_MESSAGES);
    assert.equal(env.body.local, 'GetStreamingEvents');
    assert.equal(env.impersonation?.value, 'alice@example.com');
    // The last envelope with a ServerVersionInfo is the documentation sample's (8.0.628).
    assert.equal(
      c.serverVersionInfo?.majorBuildNumber,
      628,
      'ServerVersionInfo recorded from stream envelopes',
    );
  } finally {
    await c.close();
    await peer.close();
  }
});

test('streamEvents reports a dead connection when the server goes silent', async () => {
  const peer = await startHttpPeer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.write(keepAliveEnvelope);
    // ...and then silence, socket left open.
  });
  const c = new EwsClient({ url: peer.url, auth: { kind: 'none' } });
  try {
    const events = await collect(
      c.streamEvents({ subscriptionIds: ['s'], connectionTimeoutMinutes: 1 }, { keepAliveMs: 50 }),
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ['keepAlive', 'connectionLost'],
    );
  } finally {
    await c.transport.destroy();
    await peer.close();
  }
});
