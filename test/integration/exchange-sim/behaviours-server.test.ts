// Server-wide behaviours through the voxsync EwsClient: the emulated release's RequestServerVersion and
// ServerVersionInfo, ErrorServerBusy back-off honoured by the client's retry policy, ConcurrentSyncCalls
// and subscription-count throttling, and control-API faults scoped to one operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { EwsLogger } from '../../../src/ews/client.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import { EwsAuthenticationError, EwsHttpStatusError } from '../../../src/ews/transport/errors.ts';
import { parseResponseEnvelope } from '../../../src/ews/soap/envelope.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { SEED, startSim } from './helpers.ts';
import { clientFor, failCode, ok } from './client-helpers.ts';

const AS_ALICE = { impersonate: 'alice@contoso.test' };
const INBOX = { folderIds: [{ distinguished: 'inbox' as const }], shape: { baseShape: 'IdOnly' as const } };

async function control(sim: ExchangeSim, body: unknown): Promise<void> {
  const res = await request(`${sim.url}/sim/v1/faults`, {
    method: 'POST',
    headers: { authorization: 'Bearer ctl', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  assert.ok(res.statusCode < 300, text);
}

async function activeFaults(sim: ExchangeSim): Promise<unknown[]> {
  const res = await request(`${sim.url}/sim/v1/faults`, { headers: { authorization: 'Bearer ctl' } });
  return (await res.body.json()) as unknown[];
}

/** Polls an observable condition (no fixed sleep decides the outcome); fails after 10 s. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

// EWS-PROTOCOL.md §0/§1 (D: web-service-reference/serverversioninfo.md, requestserverversion.md): 15.0 is
// Exchange 2013, 15.1 is 2016, 15.2 is 2019; there is no Exchange2019 value, 2019 is driven with Exchange2016.
const RELEASES = [
  { release: '2013', minor: 0, newest: 'Exchange2013_SP1', tooNew: 'Exchange2016' },
  { release: '2016', minor: 1, newest: 'Exchange2016', tooNew: 'V2018_01_08' },
  { release: '2019', minor: 2, newest: 'Exchange2016', tooNew: 'V2018_01_08' },
] as const;

for (const r of RELEASES) {
  test(`emulated Exchange ${r.release}: answers ${r.newest} with ServerVersionInfo 15.${r.minor}, refuses ${r.tooNew}`, async () => {
    const sim = await startSim({ seed: { ...SEED, serverVersion: r.release } });
    const current = clientFor(sim, { serverVersion: r.newest });
    ok(await current.call(getFolder, INBOX, AS_ALICE));
    assert.equal(current.serverVersionInfo?.majorVersion, 15);
    assert.equal(current.serverVersionInfo?.minorVersion, r.minor);
    await current.close();
    const older = clientFor(sim, { serverVersion: 'Exchange2010_SP2' });
    ok(await older.call(getFolder, INBOX, AS_ALICE));
    await older.close();
    const newer = clientFor(sim, { serverVersion: r.tooNew });
    await assert.rejects(
      newer.call(getFolder, INBOX, AS_ALICE),
      (e: unknown) =>
        e instanceof SoapFaultError &&
        e.responseCode === 'ErrorInvalidServerVersion' &&
        e.serverVersion?.minorVersion === r.minor,
    );
    await newer.close();
    await sim.close();
  });
}

test('a request without RequestServerVersion is accepted and still answered with ServerVersionInfo', async () => {
  // Raw: the voxsync client always sends RequestServerVersion; only a hand-written envelope can omit it.
  const sim = await startSim();
  const res = await request(sim.ewsUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('alice@contoso.test:alice-pw').toString('base64')}`,
      'content-type': 'text/xml; charset=utf-8',
    },
    body:
      '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><s:Body>' +
      '<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></s:Body></s:Envelope>',
  });
  const text = await res.body.text();
  assert.equal(res.statusCode, 200);
  const env = parseResponseEnvelope(text, { httpStatus: res.statusCode });
  assert.equal(env.serverVersion?.minorVersion, 1);
  assert.deepEqual(
    getFolder.parseBody(env.body).map((m) => m.ok),
    [true],
  );
  await sim.close();
});

test('ErrorServerBusy: the client waits BackOffMilliseconds before retrying, then succeeds', async () => {
  const sim = await startSim({ controlToken: 'ctl' });
  const retries: { delayMs: number; code: unknown }[] = [];
  const logger: EwsLogger = {
    debug: () => undefined,
    warn: (obj) => void retries.push(obj as { delayMs: number; code: unknown }),
  };
  const client = clientFor(sim, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }, logger });
  await control(sim, { kind: 'serverBusy', operation: 'GetFolder', count: 1, backOffMs: 250 });
  ok(await client.call(getFolder, INBOX, AS_ALICE));
  // D: ews-throttling-in-exchange.md: "wait the number of milliseconds indicated by BackOffMilliseconds".
  assert.equal(retries.length, 1, 'one retry');
  assert.equal(retries[0]!.code, 'ErrorServerBusy');
  assert.ok(retries[0]!.delayMs >= 250, `waited ${retries[0]!.delayMs} ms`);
  await client.close();
  await sim.close();
});

test('ConcurrentSyncCalls: a sync call beyond the policy is ErrorServerBusy while other calls still run', async () => {
  // D: ews-throttling-in-exchange.md Table 1 (ConcurrentSyncCalls, Exchange 2016/2019).
  const sim = await startSim({
    controlToken: 'ctl',
    seed: { ...SEED, throttling: { concurrentSyncCalls: 1, backOffMilliseconds: 321 } },
  });
  const client = clientFor(sim);
  const sync = () =>
    client.call(
      syncFolderItems,
      { folderId: { distinguished: 'inbox' }, shape: { baseShape: 'IdOnly' }, maxChangesReturned: 10 },
      AS_ALICE,
    );
  /** A sync call held by a delay fault, returned once the simulator has taken the fault (the call is
   * then in flight and holds the sync slot) rather than after a guessed sleep. The delay only bounds
   * how long the slot stays taken; everything asserted meanwhile is a few local round trips. */
  const heldSync = async () => {
    await control(sim, { kind: 'delay', operation: 'SyncFolderItems', delayMs: 2000, count: 1 });
    const call = sync();
    await until(async () => (await activeFaults(sim)).length === 0, 'the sync call to take the delay');
    // Wrapped: an async function returning the promise itself would wait for it to settle.
    return { call };
  };
  const running = (await heldSync()).call;
  const refused = await sync().then(
    () => assert.fail('a second sync call must be refused while the first holds the only slot'),
    (e: unknown) => e,
  );
  assert.ok(refused instanceof SoapFaultError && refused.responseCode === 'ErrorServerBusy', String(refused));
  assert.equal(refused.backOffMs, 321);
  ok(await running);
  // A call that is not Sync* is not limited by ConcurrentSyncCalls, even while a sync call runs.
  const again = (await heldSync()).call;
  ok(await client.call(getFolder, INBOX, AS_ALICE));
  ok(await again);
  ok(await sync()); // the slot is free again
  await client.close();
  await sim.close();
});

test('EWSMaxSubscriptions is charged to the target mailbox: one more is ErrorExceededSubscriptionCount', async () => {
  // EWS-PROTOCOL.md §5 (D: how-to-maintain-affinity... Table 1): charged to the impersonated mailbox.
  const sim = await startSim({ seed: { ...SEED, throttling: { ewsMaxSubscriptions: 2 } } });
  const client = clientFor(sim);
  const sub = (impersonate: string) =>
    client.call(
      subscribe,
      { kind: 'streaming', folderIds: [{ distinguished: 'inbox' }], eventTypes: ['NewMailEvent'] },
      { impersonate },
    );
  ok(await sub('alice@contoso.test'));
  ok(await sub('alice@contoso.test'));
  assert.equal(failCode(await sub('alice@contoso.test')), 'ErrorExceededSubscriptionCount');
  ok(await sub('bob@contoso.test'));
  await client.close();
  await sim.close();
});

test('control API faults apply to the named operation only, and an all-operations fault to every call', async () => {
  const sim = await startSim({ controlToken: 'ctl' });
  const client = clientFor(sim);
  const created = ok(
    await client.call(
      createItem,
      {
        items: [{ kind: 'Message', subject: 'fault scope' }],
        savedItemFolderId: { distinguished: 'inbox' },
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
  ).itemId!;
  await control(sim, { kind: 'http503', operation: 'GetFolder', count: 2 });
  const get = () => client.call(getItem, { itemIds: [created], shape: { baseShape: 'IdOnly' } }, AS_ALICE);
  ok(await get()); // GetItem is not GetFolder
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      client.call(getFolder, INBOX, AS_ALICE),
      (e: unknown) => e instanceof EwsHttpStatusError && e.httpStatus === 503,
    );
  }
  ok(await client.call(getFolder, INBOX, AS_ALICE)); // count used up
  await control(sim, { kind: 'serverBusy', count: 2, backOffMs: 5 }); // operation defaults to all
  await assert.rejects(
    get(),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorServerBusy',
  );
  await assert.rejects(
    client.call(getFolder, INBOX, AS_ALICE),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorServerBusy',
  );
  ok(await get());
  await client.close();
  await sim.close();
});

test('control API: removing a user ends their logins and mailbox; revoking a grant ends impersonation', async () => {
  const sim = await startSim({ controlToken: 'ctl' });
  const ctl = async (method: 'DELETE', path: string): Promise<number> => {
    const res = await request(`${sim.url}/sim/v1${path}`, {
      method,
      headers: { authorization: 'Bearer ctl' },
    });
    await res.body.text();
    return res.statusCode;
  };
  const bob = clientFor(sim, { auth: { kind: 'basic', user: 'bob@contoso.test', password: 'bob-pw' } });
  ok(await bob.call(getFolder, INBOX));
  const svc = clientFor(sim);
  ok(await svc.call(getFolder, INBOX, AS_ALICE));
  assert.equal(await ctl('DELETE', '/users/bob@contoso.test'), 204);
  assert.equal(await ctl('DELETE', '/users/bob@contoso.test'), 404);
  await assert.rejects(
    bob.call(getFolder, INBOX),
    (e: unknown) => e instanceof EwsAuthenticationError && e.httpStatus === 401,
  );
  await assert.rejects(
    svc.call(getFolder, INBOX, { impersonate: 'bob@contoso.test' }),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorNonExistentMailbox',
  );
  assert.equal(await ctl('DELETE', '/grants/svc-voxsync'), 204);
  await assert.rejects(
    svc.call(getFolder, INBOX, AS_ALICE),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorImpersonateUserDenied',
  );
  await bob.close();
  await svc.close();
  await sim.close();
});

test('seed: pre-filled messages, contacts and calendar items are there for load tests', async () => {
  const sim = await startSim({
    seed: {
      ...SEED,
      users: [
        ...SEED.users,
        { smtp: 'erin@contoso.test', password: 'erin-pw', messages: 4, contacts: 3, calendarItems: 2 },
      ],
    },
  });
  const erin = clientFor(sim, { auth: { kind: 'basic', user: 'erin@contoso.test', password: 'erin-pw' } });
  const count = async (folder: 'inbox' | 'contacts' | 'calendar') =>
    ok(
      await erin.call(findItem, {
        parentFolderIds: [{ distinguished: folder }],
        shape: { baseShape: 'Default' },
      }),
    ).items;
  const inbox = await count('inbox');
  assert.equal(inbox.length, 4);
  assert.ok(inbox.every((i) => i.kind === 'Message' && i.subject));
  const contacts = await count('contacts');
  assert.equal(contacts.length, 3);
  assert.ok(contacts.every((i) => i.kind === 'Contact'));
  const calendar = await count('calendar');
  assert.equal(calendar.length, 2);
  assert.ok(calendar.every((i) => i.kind === 'CalendarItem'));
  await erin.close();
  await sim.close();
});

test('EWSFindCountLimit caps a FindItem page; paging on from the returned offset reaches the rest', async () => {
  // EWS-PROTOCOL.md §7 (D: ews-throttling-in-exchange.md: the default policy "limits the page size").
  const sim = await startSim({
    seed: {
      ...SEED,
      throttling: { ewsFindCountLimit: 3 },
      users: [...SEED.users, { smtp: 'finn@contoso.test', password: 'finn-pw', messages: 5 }],
    },
  });
  const finn = clientFor(sim, { auth: { kind: 'basic', user: 'finn@contoso.test', password: 'finn-pw' } });
  const page = async (offset: number) =>
    ok(
      await finn.call(findItem, {
        parentFolderIds: [{ distinguished: 'inbox' }],
        shape: { baseShape: 'IdOnly' },
        view: { type: 'IndexedPage', offset, maxEntriesReturned: 100 },
      }),
    );
  const first = await page(0);
  assert.equal(first.items.length, 3);
  assert.equal(first.totalItemsInView, 5);
  assert.equal(first.includesLastItemInRange, false);
  const rest = await page(first.indexedPagingOffset!);
  assert.equal(rest.items.length, 2);
  assert.equal(rest.includesLastItemInRange, true);
  await finn.close();
  await sim.close();
});
