// The HTTP transport against local peers: headers, auth errors, broken connections, size limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EwsTransport } from '../../../src/ews/transport/transport.ts';
import type { DumpEntry } from '../../../src/ews/transport/transport.ts';
import {
  EwsAuthenticationError,
  EwsConnectionError,
  EwsResponseTooLargeError,
  EwsTimeoutError,
} from '../../../src/ews/transport/errors.ts';
import { startHttpPeer } from './peer.ts';

test('POST carries content type, request id and Basic credentials; dump masks them', async () => {
  const seen: Record<string, string | string[] | undefined>[] = [];
  const peer = await startHttpPeer((req, res, body) => {
    seen.push(req.headers);
    assert.equal(req.method, 'POST');
    assert.match(body, /hello/);
    res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>');
  });
  const dump: DumpEntry[] = [];
  const t = new EwsTransport({
    url: peer.url,
    auth: { kind: 'basic', user: 'svc@example.com', password: 's3cr3t-P@ss' },
    dump: (e) => dump.push(e),
  });
  try {
    const r = await t.post({ body: '<hello/>', headers: { 'X-AnchorMailbox': 'u@example.com' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), '<ok/>');
    const h = seen[0]!;
    assert.equal(h['content-type'], 'text/xml; charset=utf-8');
    assert.equal(h['client-request-id'], r.requestId);
    assert.match(r.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(h['x-anchormailbox'], 'u@example.com');
    assert.equal(
      h['authorization'],
      `Basic ${Buffer.from('svc@example.com:s3cr3t-P@ss').toString('base64')}`,
    );
    const text = JSON.stringify(dump);
    assert.ok(!text.includes('s3cr3t'));
    assert.ok(!text.includes(Buffer.from('svc@example.com:s3cr3t-P@ss').toString('base64')));
    assert.match(text, /Basic \*\*\*/);
  } finally {
    await t.close();
    await peer.close();
  }
});

test('401 names every scheme from every WWW-Authenticate header', async () => {
  const peer = await startHttpPeer((_req, res) => {
    res.setHeader('www-authenticate', [
      'Negotiate',
      'NTLM',
      'Basic realm="mail.example.com", charset="UTF-8"',
    ]);
    res.writeHead(401).end();
  });
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'basic', user: 'u', password: 'p' } });
  try {
    const err = await t.post({ body: '<x/>' }).then(
      () => assert.fail('expected 401'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EwsAuthenticationError);
    assert.equal(err.code, 'ews.auth_failed');
    assert.deepEqual(err.offeredSchemes, ['Negotiate', 'NTLM', 'Basic']);
    assert.match(err.message, /Negotiate, NTLM, Basic/);
    assert.equal(err.retryable, false);
  } finally {
    await t.close();
    await peer.close();
  }
});

test('a connection reset in the middle of the body is a transient connection error', async () => {
  const peer = await startHttpPeer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    // Reset once the partial body has been handed to the socket (not after a guessed delay).
    res.write('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>', () =>
      res.socket?.resetAndDestroy(),
    );
  });
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'none' } });
  try {
    const err = await t.post({ body: '<x/>' }).then(
      () => assert.fail('expected failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EwsConnectionError, String(err));
    assert.ok(['ews.connection_reset', 'ews.truncated_body'].includes(err.code), err.code);
    assert.equal(err.retryable, true);
    assert.ok(err.requestId);
  } finally {
    await t.close();
    await peer.close();
  }
});

test('a body shorter than its Content-Length is a truncated-body error', async () => {
  const peer = await startHttpPeer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '5000' });
    res.write('<s:Envelope>', () => res.socket?.end());
  });
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'none' } });
  try {
    await assert.rejects(t.post({ body: '<x/>' }), (e: unknown) => {
      assert.ok(e instanceof EwsConnectionError, String(e));
      assert.equal(e.code, 'ews.truncated_body');
      return true;
    });
  } finally {
    await t.close();
    await peer.close();
  }
});

test('no response within the timeout is a transient timeout error', async () => {
  const peer = await startHttpPeer(() => undefined);
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'none' }, timeoutMs: 150 });
  try {
    await assert.rejects(t.post({ body: '<x/>' }), (e: unknown) => {
      assert.ok(e instanceof EwsTimeoutError);
      assert.equal(e.retryable, true);
      return true;
    });
  } finally {
    await t.destroy();
    await peer.close();
  }
});

function memoryNow(): number {
  global.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('a declared 100 MB body is refused before it is read (default 64 MiB limit)', async () => {
  const chunk = Buffer.alloc(1 << 20, 0x41);
  let written = 0;
  const peer = await startHttpPeer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(100 * chunk.length) });
    const pump = (): void => {
      while (written < 100) {
        written++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'none' } });
  try {
    const before = memoryNow();
    await assert.rejects(t.post({ body: '<x/>' }), (e: unknown) => {
      assert.ok(e instanceof EwsResponseTooLargeError);
      assert.equal(e.limitBytes, 64 * 1024 * 1024);
      return true;
    });
    const growth = memoryNow() - before;
    assert.ok(growth < 32 * 1024 * 1024, `memory grew by ${growth} bytes`);
  } finally {
    await t.destroy();
    await peer.close();
  }
});

test('an undeclared (chunked) 100 MB body stops at the limit with bounded memory', async () => {
  const chunk = Buffer.alloc(1 << 20, 0x41);
  const peer = await startHttpPeer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    let n = 0;
    const pump = (): void => {
      while (n < 100) {
        n++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  const limit = 8 * 1024 * 1024;
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'none' }, maxResponseBytes: limit });
  try {
    const before = memoryNow();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryNow() - before)), 5);
    await assert.rejects(t.post({ body: '<x/>' }), EwsResponseTooLargeError);
    clearInterval(sampler);
    peak = Math.max(peak, memoryNow() - before);
    // Everything read is at most the limit plus undici's buffers; 100 MB would blow this bound.
    assert.ok(peak < limit + 24 * 1024 * 1024, `memory grew by ${peak} bytes`);
  } finally {
    await t.destroy();
    await peer.close();
  }
});

test('OAuth2 bearer: the token provider is asked on every request; tokens are masked in the dump', async () => {
  const seen: (string | undefined)[] = [];
  const peer = await startHttpPeer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>');
  });
  let n = 0;
  const dump: DumpEntry[] = [];
  const t = new EwsTransport({
    url: peer.url,
    auth: { kind: 'bearer', token: async () => `eyJ.token-${++n}` },
    dump: (e) => dump.push(e),
  });
  try {
    await t.post({ body: '<a/>' });
    await t.post({ body: '<b/>' });
    assert.deepEqual(seen, ['Bearer eyJ.token-1', 'Bearer eyJ.token-2']);
    assert.ok(!JSON.stringify(dump).includes('eyJ.token'));
  } finally {
    await t.close();
    await peer.close();
  }
});
