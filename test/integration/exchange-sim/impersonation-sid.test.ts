// ExchangeImpersonation by SID (ConnectingSID/SID) through the voxsync EwsClient: accounts have stable SIDs
// (derived from the directory, or set in the seed), a granted service account acts on the mailbox a SID
// names, and the header's failures are Exchange's: ErrorNonExistentMailbox (unknown SID), ErrorInvalidSid
// (not in SDDL form), ErrorInvalidExchangeImpersonationHeaderData (empty), ErrorImpersonateUserDenied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EwsClient } from '../../../src/ews/client.ts';
import { EwsRequestError, SoapFaultError } from '../../../src/ews/errors.ts';
import { NS_MESSAGES, NS_SOAP, NS_TYPES } from '../../../src/ews/soap/namespaces.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { parseSeed, SeedError, type SeedInput } from '../../../src/exchange-sim/config/seed.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';

const CAROL_SID = 'S-1-5-21-1004336348-1177238915-682003330-1105';
const SEED: SeedInput = {
  serverVersion: '2016',
  domains: ['contoso.test'],
  users: [
    { smtp: 'alice@contoso.test', password: 'alice-pw' },
    { smtp: 'bob@contoso.test', password: 'bob-pw' },
    { smtp: 'carol@contoso.test', password: 'carol-pw', sid: CAROL_SID },
  ],
  serviceAccounts: [{ userName: 'svc-voxsync', password: 'svc-pw' }],
  impersonationGrants: [{ account: 'svc-voxsync', mailboxes: ['alice@contoso.test', 'carol@contoso.test'] }],
};

let sim: ExchangeSim;
let client: EwsClient;
let sids: Map<string, string>;

async function usersOf(s: ExchangeSim): Promise<Map<string, string>> {
  const res = await fetch(`${s.url}/sim/v1/users`, { headers: { authorization: 'Bearer tok' } });
  assert.equal(res.status, 200);
  const users = (await res.json()) as { smtp: string | null; userName: string; sid: string }[];
  return new Map(users.map((u) => [u.smtp ?? u.userName, u.sid]));
}

before(async () => {
  sim = await startSim({ seed: SEED, controlToken: 'tok' });
  client = new EwsClient({
    url: sim.ewsUrl,
    auth: { kind: 'basic', user: 'svc-voxsync', password: 'svc-pw' },
    impersonationKind: 'SID',
    retry: { maxAttempts: 1 },
  });
  sids = await usersOf(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function faultOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SoapFaultError, `a SOAP fault, got ${String(err)}`);
    return err.responseCode;
  }
  assert.fail('the call should have failed');
}

const inboxAs = (sid: string) =>
  client.call(
    getFolder,
    { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
    { impersonate: sid },
  );

test('accounts get SDDL SIDs in the domain; a seeded SID is kept; the same directory gives the same SIDs', async () => {
  const alice = sids.get('alice@contoso.test')!;
  const bob = sids.get('bob@contoso.test')!;
  assert.match(alice, /^S-1-5-21-\d+-\d+-\d+-\d+$/);
  assert.equal(
    alice.split('-').slice(0, 7).join('-'),
    bob.split('-').slice(0, 7).join('-'),
    'one domain SID',
  );
  assert.notEqual(alice, bob);
  assert.equal(sids.get('carol@contoso.test'), CAROL_SID);
  const again = await startSim({ seed: SEED, controlToken: 'tok' });
  try {
    assert.deepEqual(await usersOf(again), sids, 'deterministic across starts');
  } finally {
    await again.close();
  }
});

test('GET /sim/v1/users lists service accounts too, marked as such, with their SIDs', async () => {
  const res = await fetch(`${sim.url}/sim/v1/users`, { headers: { authorization: 'Bearer tok' } });
  const listed = (await res.json()) as { kind: string; smtp: string | null; userName: string; sid: string }[];
  assert.deepEqual(
    listed.map((a) => [a.kind, a.smtp, a.userName]),
    [
      ['user', 'alice@contoso.test', 'alice'],
      ['user', 'bob@contoso.test', 'bob'],
      ['user', 'carol@contoso.test', 'carol'],
      ['serviceAccount', null, 'svc-voxsync'],
    ],
  );
  const svc = listed.find((a) => a.kind === 'serviceAccount')!;
  const domainOf = (sid: string) => sid.split('-').slice(0, 7).join('-');
  assert.equal(domainOf(svc.sid), domainOf(sids.get('alice@contoso.test')!), 'a SID in the same domain');
  assert.notEqual(svc.sid, sids.get('alice@contoso.test'));
});

test('impersonation by SID acts on the mailbox the SID names', async () => {
  const [made] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject: 'made as carol by SID' }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    { impersonate: CAROL_SID },
  );
  assert.ok(made?.ok);
  const subjectsAs = async (who: string, kind: 'SID' | 'PrimarySmtpAddress') => {
    const [r] = await client.call(
      findItem,
      {
        parentFolderIds: [{ distinguished: 'inbox' }],
        shape: { baseShape: 'Default' },
        traversal: 'Shallow',
      },
      { impersonate: who, impersonationKind: kind },
    );
    assert.ok(r?.ok);
    return r.value.items.map((i) => i.subject);
  };
  assert.deepEqual(await subjectsAs('carol@contoso.test', 'PrimarySmtpAddress'), ['made as carol by SID']);
  assert.deepEqual(await subjectsAs(sids.get('alice@contoso.test')!, 'SID'), [], "alice's inbox is another");
  // SIDs compare case-insensitively, as Windows does.
  const [lower] = await inboxAs(CAROL_SID.toLowerCase());
  assert.ok(lower?.ok);
});

test('an unknown SID is ErrorNonExistentMailbox; a malformed one ErrorInvalidSid; an empty one header data', async () => {
  assert.equal(await faultOf(inboxAs('S-1-5-21-1-2-3-4242')), 'ErrorNonExistentMailbox');
  assert.equal(await faultOf(inboxAs('not-a-sid')), 'ErrorInvalidSid');
  assert.equal(
    await faultOf(inboxAs('S-1-5-21-99999999999')),
    'ErrorInvalidSid',
    'sub-authority over 32 bits',
  );
  // voxsync's client refuses to send an empty one; another client's request, written out:
  await assert.rejects(inboxAs('  '), (e: unknown) => e instanceof EwsRequestError);
  const res = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      authorization: `Basic ${Buffer.from('svc-voxsync:svc-pw').toString('base64')}`,
    },
    body: `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS_SOAP}" xmlns:t="${NS_TYPES}" xmlns:m="${NS_MESSAGES}"><s:Header><t:RequestServerVersion Version="Exchange2016"/><t:ExchangeImpersonation><t:ConnectingSID><t:SID> </t:SID></t:ConnectingSID></t:ExchangeImpersonation></s:Header><s:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></s:Body></s:Envelope>`,
  });
  assert.equal(res.status, 500);
  assert.match(
    await res.text(),
    /<e:ResponseCode>ErrorInvalidExchangeImpersonationHeaderData<\/e:ResponseCode>/,
  );
});

test('the SID of a mailbox the caller holds no grant for is ErrorImpersonateUserDenied', async () => {
  assert.equal(await faultOf(inboxAs(sids.get('bob@contoso.test')!)), 'ErrorImpersonateUserDenied');
});

test('seed files: a SID must be in SDDL form and unique', () => {
  assert.throws(
    () => parseSeed({ users: [{ smtp: 'a@x.test', password: 'p', sid: 'S-1-5-x' }] }),
    (e: unknown) => e instanceof SeedError && /users\.0\.sid: must be a SID/.test(e.message),
  );
  assert.throws(
    () =>
      parseSeed({
        users: [{ smtp: 'a@x.test', password: 'p', sid: CAROL_SID }],
        serviceAccounts: [{ userName: 'svc', password: 'p', sid: CAROL_SID.toLowerCase() }],
      }),
    (e: unknown) => e instanceof SeedError && /serviceAccounts\.0\.sid: duplicate SID/.test(e.message),
  );
});
