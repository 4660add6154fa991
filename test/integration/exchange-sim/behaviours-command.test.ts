// The `voxsync exchange-sim` command as a user runs it (a child process of bin/voxsync.js), driven with the
// voxsync EwsClient: --seed FILE, --server-version, --port 0, HTTPS with the printed fingerprint pinned,
// --plain, --control-token and --data across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { EwsClient, type EwsClientOptions } from '../../../src/ews/client.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { SEED } from './helpers.ts';
import { ok } from './client-helpers.ts';
import { EwsAuthenticationError } from '../../../src/ews/transport/errors.ts';

const INBOX = { folderIds: [{ distinguished: 'inbox' as const }], shape: { baseShape: 'IdOnly' as const } };

interface Running {
  child: ChildProcess;
  ewsUrl: string;
  fingerprint: string | undefined;
  controlUrl: string | undefined;
}

async function runSim(args: string[]): Promise<Running> {
  const child = spawn(
    process.execPath,
    ['bin/voxsync.js', 'exchange-sim', '--host', '127.0.0.1', '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exchange-sim exited ${code}: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /EWS (\S+)/.exec(out)?.[1];
      const tlsLine = !args.includes('--plain');
      const fp = /fingerprint: (\S+)/.exec(out)?.[1];
      const ctl = /control API: (\S+)/.exec(out)?.[1];
      const ready = url && (!tlsLine || fp) && (!args.includes('--control-token') || ctl);
      if (ready) resolve({ child, ewsUrl: url, fingerprint: fp, controlUrl: ctl });
    });
  });
}

async function stop(r: Running): Promise<void> {
  r.child.removeAllListeners('exit');
  const exited = once(r.child, 'exit');
  r.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0, 'exchange-sim stops cleanly on SIGTERM');
}

test('exchange-sim command: --seed, --server-version 2019, HTTPS pinned by the printed fingerprint, --data kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-cmd-'));
  try {
    const seedFile = join(dir, 'seed.json');
    await writeFile(seedFile, JSON.stringify({ ...SEED, serverVersion: '2016' }));
    const data = join(dir, 'data');
    const args = ['--seed', seedFile, '--server-version', '2019', '--data', data];
    const first = await runSim(args);
    assert.match(first.ewsUrl, /^https:\/\/127\.0\.0\.1:\d+\/EWS\/Exchange\.asmx$/);
    assert.ok(first.fingerprint);
    const opts = (r: Running): EwsClientOptions => ({
      url: r.ewsUrl,
      auth: { kind: 'basic', user: 'svc-voxsync', password: 'svc-pw' },
      tls: { pins: [r.fingerprint!] },
      retry: { maxAttempts: 1 },
    });
    const client = new EwsClient(opts(first));
    ok(
      await client.call(
        getFolder,
        { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
        { impersonate: 'alice@contoso.test' },
      ),
    );
    assert.equal(client.serverVersionInfo?.minorVersion, 2, '--server-version 2019 overrides the seed: 15.2');
    const created = ok(
      await client.call(
        createItem,
        {
          items: [{ kind: 'Message', subject: 'kept by --data' }],
          savedItemFolderId: { distinguished: 'inbox' },
          messageDisposition: 'SaveOnly',
        },
        { impersonate: 'alice@contoso.test' },
      ),
    ).itemId!;
    await client.close();
    await stop(first);
    const second = await runSim(args);
    assert.equal(second.fingerprint, first.fingerprint, 'the certificate is kept in --data');
    const again = new EwsClient(opts(second));
    const item = ok(
      await again.call(
        getItem,
        { itemIds: [created], shape: { baseShape: 'Default' } },
        { impersonate: 'alice@contoso.test' },
      ),
    );
    assert.equal(item.subject, 'kept by --data');
    await again.close();
    await stop(second);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('exchange-sim command: --plain serves HTTP; the control API exists only with --control-token', async () => {
  const bare = await runSim(['--plain']);
  assert.match(bare.ewsUrl, /^http:\/\//);
  const base = bare.ewsUrl.replace(/\/EWS\/Exchange\.asmx$/, '');
  const none = await request(`${base}/sim/v1/users`, { headers: { authorization: 'Bearer x' } });
  await none.body.text();
  assert.equal(none.statusCode, 404, 'no control API without --control-token');
  // Without --seed there are no users: the endpoint answers, and refuses everyone.
  const nobody = new EwsClient({
    url: bare.ewsUrl,
    auth: { kind: 'basic', user: 'dave@contoso.test', password: 'dave-pw' },
    retry: { maxAttempts: 1 },
  });
  await assert.rejects(nobody.call(getFolder, INBOX), (e: unknown) => e instanceof EwsAuthenticationError);
  await nobody.close();
  await stop(bare);
  const withCtl = await runSim(['--plain', '--control-token', 'tok']);
  const added = await request(`${withCtl.controlUrl}/users`, {
    method: 'POST',
    headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    body: JSON.stringify({ smtp: 'dave@contoso.test', password: 'dave-pw' }),
  });
  await added.body.text();
  assert.equal(added.statusCode, 201);
  const dave = new EwsClient({
    url: withCtl.ewsUrl,
    auth: { kind: 'basic', user: 'dave@contoso.test', password: 'dave-pw' },
    retry: { maxAttempts: 1 },
  });
  assert.equal(ok(await dave.call(getFolder, INBOX)).folderId !== undefined, true);
  await dave.close();
  await stop(withCtl);
});
