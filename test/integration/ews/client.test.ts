// EwsClient against local peers: routing headers, throttling and faults, hostile responses, affinity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { EwsClient } from '../../../src/ews/client.ts';
import type { EwsLogger } from '../../../src/ews/client.ts';
import type { DumpEntry } from '../../../src/ews/transport/transport.ts';
import { AffinityGroup } from '../../../src/ews/transport/affinity.ts';
import {
  EwsConnectionError,
  EwsHttpStatusError,
  EwsResponseTooLargeError,
} from '../../../src/ews/transport/errors.ts';
import { ResponseMessageError, SoapFaultError, XmlSecurityError } from '../../../src/ews/errors.ts';
import { parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { startHttpPeer } from './peer.ts';
import type { Peer } from './peer.ts';
import { folderNames, folderResponse, messageErrorResponse } from './test-operation.ts';
import { SHARED_EWS } from '../../unit/ews/helpers/schema.ts';

const busyFault = (ms: number): string =>
  readFileSync(
    `${SHARED_EWS}real/exchangelib/test_services__test_error_server_busy__L111.xml`,
    'utf8',
  ).replace('297749', String(ms));

interface Seen {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function withPeer(
  respond: (n: number, seen: Seen, res: ServerResponse) => void,
  run: (peer: Peer, seen: Seen[]) => Promise<void>,
): Promise<void> {
  const seen: Seen[] = [];
  const peer = await startHttpPeer((req, res, body) => {
    const s = { at: Date.now(), headers: req.headers, body };
    seen.push(s);
    respond(seen.length, s, res);
  });
  try {
    await run(peer, seen);
  } finally {
    await peer.close();
  }
}

const xml = { 'content-type': 'text/xml; charset=utf-8' };

test('ErrorServerBusy with BackOffMilliseconds=N: the retry reaches the server no earlier than N ms later', async () => {
  const N = 400;
  let faultSentAt = 0;
  await withPeer(
    (n, _s, res) => {
      if (n === 1) {
        res.writeHead(500, xml).end(busyFault(N));
        faultSentAt = Date.now();
      } else res.writeHead(200, xml).end(folderResponse(['Inbox']));
    },
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, retry: { baseDelayMs: 1 } });
      try {
        const out = await c.call(folderNames(), ['inbox'], { impersonate: 'user@example.com' });
        assert.deepEqual(out, [{ ok: true, value: 'Inbox' }]);
        assert.equal(seen.length, 2);
        assert.ok(seen[1]!.at - faultSentAt >= N, `retried after ${seen[1]!.at - faultSentAt} ms`);
      } finally {
        await c.close();
      }
    },
  );
});

test('a back-off longer than the policy allows surfaces the fault with its BackOffMilliseconds', async () => {
  await withPeer(
    (_n, _s, res) => res.writeHead(500, xml).end(busyFault(297749)),
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, retry: { maxBackOffMs: 1000 } });
      try {
        await assert.rejects(c.call(folderNames(), ['inbox']), (e: unknown) => {
          assert.ok(e instanceof SoapFaultError);
          assert.equal(e.responseCode, 'ErrorServerBusy');
          assert.equal(e.backOffMs, 297749);
          return true;
        });
        assert.equal(seen.length, 1);
      } finally {
        await c.close();
      }
    },
  );
});

test('HTTP 503 is retried; persistent 503 ends as EwsHttpStatusError after the attempt cap', async () => {
  await withPeer(
    (n, _s, res) =>
      n < 3
        ? res.writeHead(503, { 'retry-after': '0' }).end('Service Unavailable')
        : res.writeHead(200, xml).end(folderResponse(['Inbox'])),
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, retry: { baseDelayMs: 5 } });
      try {
        assert.deepEqual(await c.call(folderNames(), ['inbox']), [{ ok: true, value: 'Inbox' }]);
        assert.equal(seen.length, 3);
      } finally {
        await c.close();
      }
    },
  );
  await withPeer(
    (_n, _s, res) => res.writeHead(503).end('busy'),
    async (peer, seen) => {
      const c = new EwsClient({
        url: peer.url,
        auth: { kind: 'none' },
        retry: { baseDelayMs: 5, maxAttempts: 3 },
      });
      try {
        await assert.rejects(c.call(folderNames(), ['inbox']), (e: unknown) => {
          assert.ok(e instanceof EwsHttpStatusError);
          assert.equal(e.httpStatus, 503);
          assert.ok(e.requestId);
          return true;
        });
        assert.equal(seen.length, 3);
      } finally {
        await c.close();
      }
    },
  );
});

test('HTTP 200 with every message ErrorInternalServerError is backed off and retried (idempotent op)', async () => {
  await withPeer(
    (n, _s, res) =>
      res
        .writeHead(200, xml)
        .end(n === 1 ? messageErrorResponse('ErrorInternalServerError') : folderResponse(['Inbox'])),
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, retry: { baseDelayMs: 5 } });
      try {
        assert.deepEqual(await c.call(folderNames(), ['inbox']), [{ ok: true, value: 'Inbox' }]);
        assert.equal(seen.length, 2);
      } finally {
        await c.close();
      }
    },
  );
});

test('a non-idempotent CreateItem is not repeated after a reset, but is after ErrorServerBusy', async () => {
  await withPeer(
    (_n, _s, res) => {
      res.writeHead(200, xml);
      // Reset once the partial body has been handed to the socket (not after a guessed delay).
      res.write('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">', () =>
        res.socket?.resetAndDestroy(),
      );
    },
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, retry: { baseDelayMs: 5 } });
      try {
        await assert.rejects(c.call(folderNames('CreateItem'), ['x']), EwsConnectionError);
        assert.equal(seen.length, 1, 'CreateItem must not be sent twice');
        // The caller may consent explicitly.
        await assert.rejects(
          c.call(folderNames('CreateItem'), ['x'], { retryNonIdempotent: true }),
          EwsConnectionError,
        );
        assert.equal(seen.length, 1 + 4);
      } finally {
        await c.close();
      }
    },
  );
  await withPeer(
    (n, _s, res) =>
      n === 1
        ? res.writeHead(500, xml).end(busyFault(20))
        : res.writeHead(200, xml).end(folderResponse(['made'], 'CreateItem')),
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' } });
      try {
        assert.deepEqual(await c.call(folderNames('CreateItem'), ['x']), [{ ok: true, value: 'made' }]);
        assert.equal(seen.length, 2);
      } finally {
        await c.close();
      }
    },
  );
});

test('every call (retries included) carries Basic auth, X-AnchorMailbox and ExchangeImpersonation; secrets stay out of dump and logs', async () => {
  const password = 'Pa$$w0rd-<&>-ü';
  await withPeer(
    (n, _s, res) =>
      n === 1
        ? res.writeHead(500, xml).end(busyFault(10))
        : res.writeHead(200, xml).end(folderResponse(['Inbox', 'Kalender'])),
    async (peer, seen) => {
      const dump: DumpEntry[] = [];
      const logs: string[] = [];
      const logger: EwsLogger = {
        debug: (o, m) => logs.push(JSON.stringify([o, m])),
        warn: (o, m) => logs.push(JSON.stringify([o, m])),
      };
      const c = new EwsClient({
        url: peer.url,
        auth: { kind: 'basic', user: 'CORP\\svc-vox', password },
        serverVersion: 'Exchange2013_SP1',
        dump: (e) => dump.push(e),
        logger,
      });
      try {
        const out = await c.call(folderNames(), ['inbox', 'calendar'], {
          impersonate: 'alice@example.com',
          timeZone: 'W. Europe Standard Time',
        });
        assert.deepEqual(out, [
          { ok: true, value: 'Inbox' },
          { ok: true, value: 'Kalender' },
        ]);
        await c.call(folderNames(), ['inbox'], {
          impersonate: 'bob@example.com',
          impersonationKind: 'SmtpAddress',
        });
        assert.equal(seen.length, 3);
        const expectAuth = `Basic ${Buffer.from(`CORP\\svc-vox:${password}`).toString('base64')}`;
        for (const [i, s] of seen.entries()) {
          const who = i < 2 ? 'alice@example.com' : 'bob@example.com';
          assert.equal(s.headers['authorization'], expectAuth);
          assert.equal(s.headers['x-anchormailbox'], who);
          assert.equal(s.headers['content-type'], 'text/xml; charset=utf-8');
          const env = parseRequestEnvelope(s.body);
          assert.deepEqual(env.impersonation, {
            kind: i < 2 ? 'PrimarySmtpAddress' : 'SmtpAddress',
            value: who,
          });
          assert.equal(env.serverVersion, 'Exchange2013_SP1');
        }
        assert.equal(parseRequestEnvelope(seen[0]!.body).timeZoneId, 'W. Europe Standard Time');
        assert.equal(c.serverVersionInfo?.majorVersion, 15);
        assert.equal(c.serverVersionInfo?.version, 'V2017_07_11');
        const everything = JSON.stringify(dump) + logs.join('\n');
        assert.ok(!everything.includes(password));
        assert.ok(!everything.includes(expectAuth.slice(6)));
        assert.ok(
          dump.some((d) => d.body?.includes('alice@example.com')),
          'dump holds the SOAP payloads',
        );
        assert.ok(
          logs.some((l) => l.includes('GetFolder')),
          'logs name the operation',
        );
        assert.ok(!logs.some((l) => l.includes('Envelope')), 'logs hold no payloads');
      } finally {
        await c.close();
      }
    },
  );
});

test('hostile responses are rejected, not expanded: DOCTYPE, entity bomb, depth, 100 MB', async () => {
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lololololololololol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
    ']><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&lol9;</s:Body></s:Envelope>';
  const deep = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</s:Body></s:Envelope>`;
  const bodies = [bomb, deep];
  await withPeer(
    (n, _s, res) => res.writeHead(200, xml).end(bodies[n - 1]),
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' } });
      try {
        global.gc?.();
        const before = process.memoryUsage().heapUsed;
        await assert.rejects(
          c.call(folderNames(), ['inbox']),
          (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_doctype_forbidden',
        );
        await assert.rejects(
          c.call(folderNames(), ['inbox']),
          (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_too_deep',
        );
        // The bomb would expand to 10^9 * 19 bytes; nothing close to that was allocated.
        assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024);
        assert.equal(seen.length, 2, 'hostile XML is not retried');
      } finally {
        await c.close();
      }
    },
  );
  const chunk = Buffer.alloc(1 << 20, 0x20);
  await withPeer(
    (_n, _s, res) => {
      res.writeHead(200, xml);
      res.on('error', () => undefined);
      let i = 0;
      const pump = (): void => {
        while (i++ < 100) if (!res.write(chunk)) return void res.once('drain', pump);
        res.end();
      };
      pump();
    },
    async (peer) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, maxResponseBytes: 4 * 1024 * 1024 });
      try {
        global.gc?.();
        const before = process.memoryUsage();
        await assert.rejects(c.call(folderNames(), ['inbox']), EwsResponseTooLargeError);
        const after = process.memoryUsage();
        const growth = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
        assert.ok(growth < 40 * 1024 * 1024, `memory grew by ${growth}`);
      } finally {
        await c.close();
      }
    },
  );
});

test('per-item errors stay per item; one failing item does not fail the batch', async () => {
  const mixed = folderResponse(['Inbox']).replace(
    '</m:ResponseMessages>',
    '<m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>The specified folder could not be found in the store.</m:MessageText><m:ResponseCode>ErrorFolderNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:GetFolderResponseMessage></m:ResponseMessages>',
  );
  await withPeer(
    (_n, _s, res) => res.writeHead(200, xml).end(mixed),
    async (peer) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' } });
      try {
        const [a, b] = await c.call(folderNames(), ['inbox', 'nope']);
        assert.deepEqual(a, { ok: true, value: 'Inbox' });
        assert.ok(b && !b.ok && b.error instanceof ResponseMessageError);
        assert.equal(b.error.responseCode, 'ErrorFolderNotFound');
      } finally {
        await c.close();
      }
    },
  );
});

test('subscription affinity: X-PreferServerAffinity, and the back-end cookie from Set-Cookie on later calls', async () => {
  await withPeer(
    (n, _s, res) => {
      if (n === 1)
        res.setHeader('set-cookie', [
          'X-BackEndOverrideCookie=EXCH02.corp.example~1941996295; path=/; secure',
          'other=1',
        ]);
      res.writeHead(200, xml).end(folderResponse(['ok'], 'Subscribe'));
    },
    async (peer, seen) => {
      const c = new EwsClient({ url: peer.url, auth: { kind: 'none' } });
      const group = new AffinityGroup('anchor@example.com');
      try {
        await c.call(folderNames('Subscribe'), ['inbox'], {
          impersonate: 'alice@example.com',
          affinity: group,
        });
        await c.call(folderNames('Subscribe'), ['inbox'], {
          impersonate: 'bob@example.com',
          affinity: group,
        });
        assert.equal(group.backEndOverrideCookie, 'EXCH02.corp.example~1941996295');
        assert.equal(seen[0]!.headers['x-preferserveraffinity'], 'true');
        assert.equal(seen[0]!.headers['x-anchormailbox'], 'anchor@example.com');
        assert.equal(seen[0]!.headers['cookie'], undefined);
        assert.equal(seen[1]!.headers['cookie'], 'X-BackEndOverrideCookie=EXCH02.corp.example~1941996295');
        assert.equal(seen[1]!.headers['x-anchormailbox'], 'anchor@example.com');
        assert.equal(parseRequestEnvelope(seen[1]!.body).impersonation?.value, 'bob@example.com');
      } finally {
        await c.close();
      }
    },
  );
});

test('SID impersonation: ExchangeImpersonation carries the SID and no X-AnchorMailbox is sent (a SID is no address)', async () => {
  const sid = 'S-1-5-21-1004336348-1177238915-682003330-1001';
  await withPeer(
    (_n, _s, res) => res.writeHead(200, xml).end(folderResponse(['Inbox'])),
    async (peer, seen) => {
      const c = new EwsClient({
        url: peer.url,
        auth: { kind: 'basic', user: 'svc', password: 'pw' },
        serverVersion: 'Exchange2013_SP1',
      });
      try {
        await c.call(folderNames(), ['inbox'], { impersonate: sid, impersonationKind: 'SID' });
        await c.call(folderNames(), ['inbox'], { impersonate: 'alice@example.com' });
        assert.equal(seen.length, 2);
        assert.equal(seen[0]!.headers['x-anchormailbox'], undefined);
        assert.deepEqual(parseRequestEnvelope(seen[0]!.body).impersonation, { kind: 'SID', value: sid });
        assert.equal(seen[1]!.headers['x-anchormailbox'], 'alice@example.com');
      } finally {
        await c.close();
      }
    },
  );
});
