// Acceptance checks of `voxsync exchange-sim` run as a user runs it (a child process of bin/voxsync.js): the
// control API's connection-reset fault over HTTPS, the documented `count | rate` fault body, and seed-file
// validation (a grant may name a user by its default logon name; every problem is listed in one start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { EwsClient } from '../../../src/ews/client.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { SEED } from './helpers.ts';
import { ok } from './client-helpers.ts';

const INBOX = { folderIds: [{ distinguished: 'inbox' as const }], shape: { baseShape: 'IdOnly' as const } };

interface Running {
  child: ChildProcess;
  ewsUrl: string;
  fingerprint: string | undefined;
  controlUrl: string | undefined;
  stderr: () => string;
}

function spawnSim(args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['bin/voxsync.js', 'exchange-sim', '--host', '127.0.0.1', '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

async function runSim(args: string[]): Promise<Running> {
  const child = spawnSim(args);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exchange-sim exited ${code}: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /EWS (\S+)/.exec(out)?.[1];
      const fp = /fingerprint: (\S+)/.exec(out)?.[1];
      const ctl = /control API: (\S+)/.exec(out)?.[1];
      const ready = url && (args.includes('--plain') || fp) && (!args.includes('--control-token') || ctl);
      if (ready) resolve({ child, ewsUrl: url, fingerprint: fp, controlUrl: ctl, stderr: () => err });
    });
  });
}

/** Runs the command to its end (a seed it refuses), returning the exit code and stderr. */
async function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawnSim(['--plain', ...args]);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.on('data', () => child.kill('SIGTERM'));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr: err };
}

async function stop(r: Running): Promise<void> {
  r.child.removeAllListeners('exit');
  const exited = once(r.child, 'exit');
  r.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0, `exchange-sim stops cleanly on SIGTERM (stderr: ${r.stderr()})`);
}

async function postFault(
  r: Running,
  body: unknown,
  dispatcher?: Agent,
): Promise<{ status: number; text: string }> {
  const res = await request(`${r.controlUrl}/faults`, {
    method: 'POST',
    headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(dispatcher ? { dispatcher } : {}),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

test('exchange-sim command over HTTPS: a reset fault resets one connection and the simulator keeps serving', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-accept-'));
  try {
    const seedFile = join(dir, 'seed.json');
    await writeFile(seedFile, JSON.stringify(SEED));
    const data = join(dir, 'data');
    // HTTPS (no --plain): the reset has to reach the TCP socket under the TLS layer.
    const sim = await runSim(['--seed', seedFile, '--control-token', 'tok', '--data', data]);
    const trusted = new Agent({ connect: { ca: await readFile(join(data, 'tls', 'cert.pem'), 'utf8') } });
    const client = (): EwsClient =>
      new EwsClient({
        url: sim.ewsUrl,
        auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' },
        tls: { pins: [sim.fingerprint!] },
        retry: { maxAttempts: 1 },
      });
    const added = await postFault(sim, { kind: 'reset', operation: 'GetFolder', count: 1 }, trusted);
    assert.equal(added.status, 201, added.text);
    const first = client();
    await assert.rejects(first.call(getFolder, INBOX), 'the faulted call sees its connection reset');
    await first.close();
    const second = client();
    ok(await second.call(getFolder, INBOX));
    await second.close();
    await trusted.close();
    assert.doesNotMatch(sim.stderr(), /ERR_INVALID_HANDLE_TYPE/);
    await stop(sim);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('control API: a fault rule takes count or rate, not both', async () => {
  const sim = await runSim(['--plain', '--control-token', 'tok']);
  const both = await postFault(sim, { kind: 'http503', count: 1, rate: 0.5 });
  assert.equal(both.status, 400);
  assert.match(both.text, /count or rate, not both/);
  assert.equal((await postFault(sim, { kind: 'http503', count: 1 })).status, 201);
  assert.equal((await postFault(sim, { kind: 'http503', rate: 0.5 })).status, 201);
  await stop(sim);
});

test('seed file: a grant names a user by its default logon name; every cross-field problem is listed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-accept-'));
  try {
    const good = join(dir, 'good.json');
    // alice's logon name defaults to the SMTP local part, as `A user logs on as user` documents.
    await writeFile(
      good,
      JSON.stringify({
        ...SEED,
        impersonationGrants: [{ account: 'alice', mailboxes: ['bob@contoso.test'] }],
      }),
    );
    const started = await runSim(['--plain', '--seed', good]);
    await stop(started);

    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        users: [
          { smtp: 'a@x.test', password: 'p' },
          { smtp: 'A@x.test', password: 'p' },
        ],
        impersonationGrants: [
          { account: 'ghost', mailboxes: 'all' },
          { account: 'a', mailboxes: ['nobody@x.test'] },
        ],
      }),
    );
    const refused = await runToExit(['--seed', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /users\.1\.smtp: duplicate smtp A@x\.test/);
    assert.match(refused.stderr, /impersonationGrants\.0\.account: unknown account ghost/);
    assert.match(
      refused.stderr,
      /impersonationGrants\.1\.mailboxes\.0: no user has the mailbox nobody@x\.test/,
    );
    assert.doesNotMatch(
      refused.stderr,
      /impersonationGrants\.1\.account/,
      'a names a@x.test by its logon name',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
