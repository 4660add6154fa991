// `--data` across restarts: a seed that gained a user must not give its mailbox a mailbox number (which every
// ItemId carries) of a mailbox kept in the snapshot, and directory changes made through the control API are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import { EwsAuthenticationError } from '../../../src/ews/transport/errors.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { DirectoryJournalError } from '../../../src/exchange-sim/directory-journal.ts';
import { startSim } from './helpers.ts';
import { failCode, ok } from './client-helpers.ts';

const ALICE = { smtp: 'alice@contoso.test', password: 'alice-pw' };

function clientOf(sim: ExchangeSim, user: string, password: string): EwsClient {
  return new EwsClient({
    url: sim.ewsUrl,
    auth: { kind: 'basic', user, password },
    retry: { maxAttempts: 1 },
  });
}

async function create(client: EwsClient, subject: string) {
  return ok(
    await client.call(createItem, {
      items: [{ kind: 'Message', subject }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    }),
  ).itemId!;
}

test('--data: a seed user added since the snapshot cannot read a kept mailbox by its ItemIds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-data-'));
  try {
    const first = await startSim({ seed: { users: [ALICE] }, dataDir: dir, controlToken: 'tok' });
    const added = await request(`${first.url}/sim/v1/users`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      body: JSON.stringify({ smtp: 'erin@contoso.test', password: 'erin-pw' }),
    });
    await added.body.text();
    assert.equal(added.statusCode, 201);
    const erin = clientOf(first, 'erin@contoso.test', 'erin-pw');
    const erinsItem = await create(erin, 'erin private');
    await erin.close();
    await first.close();

    const seed = { users: [ALICE, { smtp: 'frank@contoso.test', password: 'frank-pw' }] };
    const second = await startSim({ seed, dataDir: dir, controlToken: 'tok' });
    const frank = clientOf(second, 'frank@contoso.test', 'frank-pw');
    await create(frank, 'frank own');
    const read = await frank.call(getItem, { itemIds: [erinsItem], shape: { baseShape: 'Default' } });
    assert.equal(failCode(read), 'ErrorItemNotFound', "erin's ItemId does not name an item of frank's");
    await frank.close();
    const kept = await request(`${second.url}/sim/v1/mailboxes/erin@contoso.test`, {
      headers: { authorization: 'Bearer tok' },
    });
    assert.match(await kept.body.text(), /erin private/, "erin's mailbox is kept");
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function control(sim: ExchangeSim, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
  const res = await request(`${sim.url}/sim/v1/${path}`, {
    method,
    headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? (JSON.parse(text) as unknown) : undefined };
}

const inbox = (client: EwsClient, impersonate?: string) =>
  client.call(
    getFolder,
    { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'Default' } },
    impersonate ? { impersonate } : {},
  );

test('--data: users and grants changed through the control API are kept, passwords only as hashes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-data-'));
  try {
    const first = await startSim({ dataDir: dir, controlToken: 'tok' });
    assert.equal(
      (await control(first, 'POST', 'users', { smtp: 'dave@contoso.test', password: 'dave-pw' })).status,
      201,
    );
    assert.equal(
      (await control(first, 'POST', 'users', { smtp: 'erin@contoso.test', password: 'erin-pw' })).status,
      201,
    );
    const sids = (await control(first, 'GET', 'users')).json as { smtp: string; sid: string }[];
    const daveSid = sids.find((u) => u.smtp === 'dave@contoso.test')?.sid;
    assert.equal((await control(first, 'DELETE', 'users/erin@contoso.test')).status, 204);
    assert.equal(
      (await control(first, 'DELETE', 'grants/svc-voxsync')).status,
      204,
      'the seed grant is revoked',
    );
    const grant = { account: 'dave', mailboxes: ['alice@contoso.test'] };
    assert.equal((await control(first, 'POST', 'grants', grant)).status, 201);
    const dave = clientOf(first, 'dave@contoso.test', 'dave-pw');
    await create(dave, 'dave kept');
    await dave.close();
    await first.close();

    const file = join(dir, 'directory.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const stored = await readFile(file, 'utf8');
    assert.doesNotMatch(stored, /dave-pw/, 'no clear-text password in the data dir');
    const kinds = (JSON.parse(stored) as { changes: { op: string; smtp?: string }[] }).changes;
    assert.ok(
      !kinds.some((c) => c.op === 'addUser' && c.smtp === 'erin@contoso.test'),
      "the removed user's credential is not kept",
    );

    const second = await startSim({ dataDir: dir, controlToken: 'tok' });
    const daveAgain = clientOf(second, 'dave@contoso.test', 'dave-pw');
    assert.equal(ok(await inbox(daveAgain)).displayName, 'Inbox');
    assert.equal(
      ok(await inbox(daveAgain, 'alice@contoso.test')).displayName,
      'Inbox',
      'the added grant is kept',
    );
    await daveAgain.close();
    const daveNtlm = new EwsClient({
      url: second.ewsUrl,
      auth: { kind: 'ntlm', user: 'dave', password: 'dave-pw', domain: 'CONTOSO' },
      retry: { maxAttempts: 1 },
    });
    assert.equal(ok(await inbox(daveNtlm)).displayName, 'Inbox', 'NTLM works from the kept NT hash');
    await daveNtlm.close();
    for (const [user, password] of [
      ['dave@contoso.test', 'wrong'],
      ['erin@contoso.test', 'erin-pw'],
    ] as const) {
      const refused = clientOf(second, user, password);
      await assert.rejects(inbox(refused), (e: unknown) => e instanceof EwsAuthenticationError, user);
      await refused.close();
    }
    const svc = clientOf(second, 'svc-voxsync', 'svc-pw');
    await assert.rejects(
      inbox(svc, 'bob@contoso.test'),
      (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorImpersonateUserDenied',
      'the revoked seed grant stays revoked',
    );
    await svc.close();
    const users = (await control(second, 'GET', 'users')).json as { smtp: string; sid: string }[];
    assert.equal(
      users.find((u) => u.smtp === 'dave@contoso.test')?.sid,
      daveSid,
      'same SID after the restart',
    );
    assert.deepEqual((await control(second, 'GET', 'grants')).json, [grant]);
    const kept = await control(second, 'GET', 'mailboxes/dave@contoso.test');
    assert.match(JSON.stringify(kept.json), /dave kept/);

    // Reset goes back to the seed, also for the next start.
    assert.equal((await control(second, 'POST', 'reset')).status, 204);
    await second.close();
    const third = await startSim({ dataDir: dir, controlToken: 'tok' });
    const gone = clientOf(third, 'dave@contoso.test', 'dave-pw');
    await assert.rejects(inbox(gone), (e: unknown) => e instanceof EwsAuthenticationError);
    await gone.close();
    await third.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--data: a directory.json that cannot be read back stops the start with a typed error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-data-'));
  try {
    for (const [text, why] of [
      ['{"version":1,"changes":[', /not valid JSON/],
      ['{"version":1,"changes":[{"op":"addUser","smtp":"x@contoso.test"}]}', /unknown format \(changes\.0\./],
      ['{"version":2,"changes":[]}', /unknown format/],
    ] as const) {
      await writeFile(join(dir, 'directory.json'), text);
      await assert.rejects(
        startSim({ dataDir: dir }),
        (e: unknown) =>
          e instanceof DirectoryJournalError &&
          e.code === 'exchange_sim.directory_journal_invalid' &&
          why.test(e.message),
        text,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--data: a mailbox kept before the Exchange 2016 folders existed gets them at start, its items intact', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-data-'));
  const added = new Set([
    'syncissues',
    'conflicts',
    'localfailures',
    'serverfailures',
    'recipientcache',
    'todosearch',
  ]);
  try {
    const first = await startSim({ seed: { users: [ALICE] }, dataDir: dir });
    const alice = clientOf(first, ALICE.smtp, ALICE.password);
    const kept = await create(alice, 'kept across versions');
    await alice.close();
    await first.close();
    // The snapshot as an older version wrote it: without the folders added since.
    const file = join(dir, 'mailboxes.json');
    const snap = JSON.parse(await readFile(file, 'utf8')) as {
      mailboxes: { folders: { distinguished: string | null }[] }[];
    };
    let removed = 0;
    for (const m of snap.mailboxes) {
      const before = m.folders.length;
      m.folders = m.folders.filter((f) => !added.has(f.distinguished ?? ''));
      removed += before - m.folders.length;
    }
    assert.equal(removed, added.size);
    await writeFile(file, JSON.stringify(snap));

    const second = await startSim({ seed: { users: [ALICE] }, dataDir: dir });
    const again = clientOf(second, ALICE.smtp, ALICE.password);
    const folders = await again.call(getFolder, {
      folderIds: [...added].map((d) => ({ distinguished: d as 'syncissues' })),
      shape: { baseShape: 'Default' },
    });
    assert.deepEqual(
      folders.map((r) => r.ok),
      [...added].map(() => true),
    );
    assert.equal(
      ok([folders[1]!]).parentFolderId?.id,
      ok([folders[0]!]).folderId?.id,
      'Conflicts under Sync Issues',
    );
    const item = ok(await again.call(getItem, { itemIds: [kept], shape: { baseShape: 'Default' } }));
    assert.equal(item.subject, 'kept across versions');
    await again.close();
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
