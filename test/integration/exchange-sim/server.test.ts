// Server-level behaviours through the voxsync client: HTTPS trust and --data persistence, Autodiscover
// (src/ews/autodiscover), the control API's effect on EWS calls, and concurrency throttling. The control
// API itself is plain JSON over HTTP and is called directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { request } from 'undici';
import { EwsClient } from '../../../src/ews/client.ts';
import { autodiscover } from '../../../src/ews/autodiscover/discover.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import {
  EwsConnectionError,
  EwsHttpStatusError,
  EwsTlsUntrustedError,
} from '../../../src/ews/transport/errors.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startExchangeSim } from '../../../src/exchange-sim/index.ts';
import { SEED, schemaDir, startSim } from './helpers.ts';
import { clientFor, failCode, ok } from './client-helpers.ts';

const INBOX = { folderIds: [{ distinguished: 'inbox' as const }], shape: { baseShape: 'Default' as const } };

test('HTTPS with a self-signed certificate: trusted explicitly works, the fingerprint is stable across restarts with --data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-'));
  try {
    const sim = await startExchangeSim({ port: 0, seed: SEED, dataDir: dir });
    assert.match(sim.url, /^https:/);
    assert.match(sim.fingerprint ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const alice = { auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' } } as const;
    const c = clientFor(sim, alice);
    const created = ok(
      await c.call(createItem, {
        items: [{ kind: 'Contact', givenName: 'Persisted' }],
        savedItemFolderId: { distinguished: 'contacts' },
      }),
    );
    assert.ok(created.itemId);
    await c.close();
    // Without trusting the certificate, the client refuses the server with a typed TLS error that
    // names the presented fingerprint.
    const untrusting = new EwsClient({ url: sim.ewsUrl, ...alice, retry: { maxAttempts: 1 } });
    await assert.rejects(
      untrusting.call(getFolder, INBOX),
      (e: unknown) =>
        e instanceof EwsTlsUntrustedError && e.presented[0]?.toUpperCase() === sim.fingerprint?.toUpperCase(),
    );
    await untrusting.close();
    const fp = sim.fingerprint;
    await sim.close();
    const again = await startExchangeSim({ port: 0, seed: SEED, dataDir: dir });
    assert.equal(again.fingerprint, fp);
    const c2 = clientFor(again, alice);
    // The contact survives the restart under the same ItemId and ChangeKey.
    const back = ok(await c2.call(getItem, { itemIds: [created.itemId], shape: { baseShape: 'Default' } }));
    assert.equal(back.kind, 'Contact');
    assert.equal(back.kind === 'Contact' && back.givenName, 'Persisted');
    assert.deepEqual(back.itemId, created.itemId);
    await c2.close();
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('sync state stays valid across a restart with --data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-'));
  try {
    const bob = { auth: { kind: 'basic', user: 'bob@contoso.test', password: 'bob-pw' } } as const;
    const sync = (c: EwsClient, syncState?: string) =>
      c.call(syncFolderItems, {
        folderId: { distinguished: 'inbox' },
        shape: { baseShape: 'IdOnly' },
        maxChangesReturned: 100,
        ...(syncState ? { syncState } : {}),
      });
    const sim = await startExchangeSim({ port: 0, plain: true, seed: SEED, dataDir: dir });
    const c = clientFor(sim, bob);
    const first = ok(await sync(c));
    assert.equal(first.changes.length, 3, 'the seeded messages');
    await c.close();
    await sim.close();
    const again = await startExchangeSim({ port: 0, plain: true, seed: SEED, dataDir: dir });
    const c2 = clientFor(again, bob);
    const second = ok(await sync(c2, first.syncState));
    assert.equal(second.changes.length, 0);
    // And it still tracks changes made after the restart.
    ok(
      await c2.call(createItem, {
        items: [{ kind: 'Message', subject: 'after restart' }],
        savedItemFolderId: { distinguished: 'inbox' },
        messageDisposition: 'SaveOnly',
      }),
    );
    const third = ok(await sync(c2, second.syncState));
    assert.deepEqual(
      third.changes.map((ch) => ch.type),
      ['create'],
    );
    await c2.close();
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Autodiscover POX and SOAP through src/ews/autodiscover return the EWS URL', async () => {
  const sim = await startSim();
  const base = {
    auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' },
    hosts: () => [sim.url],
  } as const;
  const pox = await autodiscover('alice@contoso.test', { ...base, methods: ['pox'] });
  assert.equal(pox.ewsUrl, sim.ewsUrl);
  assert.equal(pox.method, 'pox');
  const soap = await autodiscover('alice@contoso.test', { ...base, methods: ['soap'] });
  assert.equal(soap.ewsUrl, sim.ewsUrl);
  assert.equal(soap.method, 'soap');
  assert.equal(soap.endpoint, `${sim.url}/autodiscover/autodiscover.svc`);
  // The discovered URL is a working EWS endpoint.
  const c = clientFor(sim, { url: soap.ewsUrl, auth: base.auth });
  assert.equal(ok(await c.call(getFolder, INBOX)).displayName, 'Inbox');
  await c.close();
  await sim.close();
});

test('Autodiscover SOAP: an unknown requested setting is reported as SettingIsNotAvailable', async () => {
  // Raw: src/ews/autodiscover asks only for settings it knows; a client asking for a made-up one is
  // what this pins (GetUserSettings UserSettingErrors).
  const sim = await startSim();
  const auth = `Basic ${Buffer.from('alice@contoso.test:alice-pw').toString('base64')}`;
  const soap = await request(`${sim.url}/Autodiscover/Autodiscover.svc`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'text/xml' },
    body: '<?xml version="1.0"?><soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users><a:User><a:Mailbox>alice@contoso.test</a:Mailbox></a:User></a:Users><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting><a:Setting>Bogus</a:Setting></a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage></soap:Body></soap:Envelope>',
  });
  const soapText = await soap.body.text();
  assert.ok(soapText.includes(`<Value>${sim.ewsUrl}</Value>`));
  assert.match(soapText, /SettingIsNotAvailable/);
  await sim.close();
});

function control(sim: ExchangeSim, token: string) {
  return async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, bearer = token) => {
    const res = await request(`${sim.url}/sim/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, text, json: () => JSON.parse(text) as unknown };
  };
}

test('control API: bearer required, users and grants, faults by count, mailbox JSON, reset', async () => {
  const sim = await startSim({ controlToken: 'tok' });
  const ctl = control(sim, 'tok');
  assert.equal((await ctl('GET', '/users', undefined, 'wrong')).status, 401);
  assert.equal(
    (await ctl('POST', '/users', { smtp: 'dave@contoso.test', password: 'dave-pw', displayName: 'Dave' }))
      .status,
    201,
  );
  assert.match((await ctl('POST', '/users', { smtp: 'not-an-address' })).text, /invalid_input/);
  const svc = clientFor(sim);
  const AS_DAVE = { impersonate: 'dave@contoso.test' };
  await assert.rejects(
    svc.call(getFolder, INBOX, AS_DAVE),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorImpersonateUserDenied',
  );
  assert.ok((await ctl('POST', '/grants', { account: 'svc-voxsync', mailboxes: 'all' })).status < 300);
  assert.equal(ok(await svc.call(getFolder, INBOX, AS_DAVE)).displayName, 'Inbox');
  // The new user can also log in with their own password.
  const dave = clientFor(sim, { auth: { kind: 'basic', user: 'dave@contoso.test', password: 'dave-pw' } });
  ok(await dave.call(getFolder, INBOX));
  await dave.close();
  // Faults: two ErrorServerBusy with back-off, then one HTTP 503, then normal service.
  await ctl('POST', '/faults', { kind: 'serverBusy', operation: 'GetFolder', count: 2, backOffMs: 1234 });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      svc.call(getFolder, INBOX, AS_DAVE),
      (e: unknown) =>
        e instanceof SoapFaultError && e.responseCode === 'ErrorServerBusy' && e.backOffMs === 1234,
    );
  }
  await ctl('POST', '/faults', { kind: 'http503', count: 1 });
  await assert.rejects(
    svc.call(getFolder, INBOX, AS_DAVE),
    (e: unknown) => e instanceof EwsHttpStatusError && e.httpStatus === 503 && e.retryable,
  );
  ok(await svc.call(getFolder, INBOX, AS_DAVE));
  await ctl('POST', '/faults', { kind: 'truncate', count: 1 });
  // The response stops short of its Content-Length: a typed, retryable truncation, never a parse error.
  await assert.rejects(
    svc.call(getFolder, INBOX, AS_DAVE),
    (e: unknown) => e instanceof EwsConnectionError && e.code === 'ews.truncated_body' && e.retryable,
  );
  await ctl('POST', '/faults', { kind: 'invalidSyncState', operation: 'SyncFolderItems', count: 1 });
  const sync = () =>
    svc.call(
      syncFolderItems,
      { folderId: { distinguished: 'inbox' }, shape: { baseShape: 'IdOnly' }, maxChangesReturned: 10 },
      AS_DAVE,
    );
  assert.equal(failCode(await sync()), 'ErrorInvalidSyncStateData');
  ok(await sync());
  ok(
    await svc.call(
      createItem,
      {
        items: [
          {
            kind: 'Message',
            subject: 'seen by control',
            attachments: [
              {
                kind: 'file',
                name: 'a.wav',
                contentType: 'audio/wav',
                content: new Uint8Array(Buffer.from('UklGRg==', 'base64')),
              },
            ],
            extendedProperties: [{ uri: { propertyTag: 0x6801, propertyType: 'Integer' }, value: '42' }],
          },
        ],
        savedItemFolderId: { distinguished: 'inbox' },
        messageDisposition: 'SaveOnly',
      },
      AS_DAVE,
    ),
  );
  const mb = await ctl('GET', '/mailboxes/dave@contoso.test');
  const json = mb.json() as {
    folders: unknown[];
    items: {
      subject: string;
      attachments: { name: string; size: number }[];
      extendedProperties: { value: string }[];
    }[];
  };
  assert.ok(json.folders.length >= 15);
  const item = json.items.find((i) => i.subject === 'seen by control')!;
  assert.deepEqual(
    item.attachments.map((a) => [a.name, a.size]),
    [['a.wav', 4]],
  );
  assert.deepEqual(
    item.extendedProperties.map((p) => p.value),
    ['42'],
  );
  await ctl('POST', '/reset');
  assert.equal((await ctl('GET', '/mailboxes/dave@contoso.test')).status, 404, 'reset returns to the seed');
  await assert.rejects(
    svc.call(getFolder, INBOX, AS_DAVE),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorNonExistentMailbox',
  );
  await svc.close();
  await sim.close();
});

test('throttling: concurrent calls beyond EWSMaxConcurrency get ErrorServerBusy with BackOffMilliseconds', async () => {
  const sim = await startExchangeSim({
    port: 0,
    plain: true,
    controlToken: 't',
    validateResponses: true,
    schemaDir: schemaDir(),
    seed: { ...SEED, throttling: { ewsMaxConcurrency: 2, backOffMilliseconds: 777 } },
  });
  await control(sim, 't')('POST', '/faults', { kind: 'delay', delayMs: 300, count: 3 });
  // One client, three calls at once: the voxsync transport does not serialise them, so the third
  // concurrent request of the account is over the limit of 2.
  const c = clientFor(sim, { auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' } });
  const results = await Promise.allSettled([0, 1, 2].map(() => c.call(getFolder, INBOX)));
  const busy = results.filter((r) => r.status === 'rejected');
  assert.equal(busy.length, 1);
  const reason = (busy[0] as PromiseRejectedResult).reason as unknown;
  assert.ok(reason instanceof SoapFaultError && reason.responseCode === 'ErrorServerBusy');
  assert.equal(reason.backOffMs, 777);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
  // Once the others finished, the account is under the limit again.
  ok(await c.call(getFolder, INBOX));
  await c.close();
  await sim.close();
});

test('seed validation names each problem with its path', async () => {
  await assert.rejects(
    startExchangeSim({ port: 0, plain: true, seed: { users: [{ smtp: 'nope', password: '' }] } as never }),
    (e: Error) => /users\.0\.smtp/.test(e.message) && /users\.0\.password/.test(e.message),
  );
  await assert.rejects(
    startExchangeSim({
      port: 0,
      plain: true,
      seed: { impersonationGrants: [{ account: 'ghost', mailboxes: 'all' }] },
    }),
    /unknown account ghost/,
  );
});

/** The subjectAltName the simulator's TLS server presents, as Node prints it ("DNS:a, IP Address:b"). */
async function presentedSans(sim: ExchangeSim): Promise<string[]> {
  const socket = connect({
    host: '127.0.0.1',
    port: sim.port,
    ca: [sim.certificatePem!],
    servername: 'localhost',
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    return (socket.getPeerCertificate().subjectaltname ?? '').split(', ');
  } finally {
    socket.destroy();
  }
}

test('the generated certificate names each host once: default host, and 0.0.0.0', async () => {
  for (const [host, want] of [
    ['127.0.0.1', ['IP Address:127.0.0.1', 'DNS:localhost']],
    ['0.0.0.0', ['DNS:localhost', 'IP Address:127.0.0.1']],
  ] as const) {
    const sim = await startExchangeSim({ host, port: 0, seed: SEED });
    try {
      assert.deepEqual(await presentedSans(sim), want, host);
    } finally {
      await sim.close();
    }
  }
});
