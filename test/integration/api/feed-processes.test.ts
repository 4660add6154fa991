// The change feed across processes and crashes, over real HTTP: a `voxsync deposit` run as a second
// process, and a change committed through a second store on the same database, reach a running
// server's event stream; a server killed right after a deposit committed loses nothing, because a
// restarted server replays it from the table for the client's Last-Event-ID.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectVoiceAudio } from '../../../src/services/audio.ts';
import { depositMessage } from '../../../src/services/messages.ts';
import { Store } from '../../../src/store/index.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { depositForm, makeWav, startApi, withId, type ApiHarness } from './harness.ts';
import { openEventStream } from './sse-client.ts';

const BIN = fileURLToPath(new URL('../../../bin/voxsync.js', import.meta.url));

/** The environment a CLI process needs to open the same store as the suite. */
function cliEnv(databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, VOXSYNC_FROM_SOURCE: '1', VOXSYNC_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.VOXSYNC_DATABASE_URL;
  if (databaseUrl !== undefined) env.VOXSYNC_DATABASE_URL = databaseUrl;
  return env;
}

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? -1, out };
}

/** `voxsync serve` in its own process; resolves with its URL once it listens. */
async function startServer(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /voxsync listening on (http:\/\/\S+) /.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`voxsync serve exited (${code}) before listening:\n${out}`)),
    );
  });
  return { child, url };
}

await eachDatabase('change feed across processes', (db) => {
  let api: ApiHarness;
  let t: string;
  let mailbox: { id: string; number: string };
  const children: ChildProcess[] = [];

  before(async () => {
    api = await startApi(db.store);
    t = api.adminToken;
    const fg = await api.request('POST', '/api/v1/feature-groups', { token: t, json: { name: 'Proc FG' } });
    const res = await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: { number: '7401', displayName: '7401', featureGroupId: fg.jsonAs(withId).id, pin: '8642' },
    });
    mailbox = { id: res.jsonAs(withId).id, number: '7401' };
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await api.close();
  });

  it('a `voxsync deposit` in another process reaches the running server’s SSE client', async () => {
    const stream = await openEventStream(api.baseUrl, { token: t });
    try {
      const wav = join(db.dataDir, 'cli.wav');
      writeFileSync(wav, makeWav(0.2));
      const r = await runCli(
        ['deposit', '--mailbox', mailbox.number, wav, '--from', '+15550123', '--data', db.dataDir],
        cliEnv(db.options.databaseUrl),
      );
      assert.equal(r.code, 0, r.out);
      const messageId = /message (\S+) stored/.exec(r.out)?.[1];
      assert.ok(messageId, r.out);
      const created = await stream.next((e) => e.event === 'message.created');
      assert.equal(created.data.messageId, messageId);
      assert.equal(created.data.mailboxId, mailbox.id);
      const mwi = await stream.next((e) => e.event === 'mwi.changed');
      assert.ok(Number(mwi.id) > Number(created.id));
    } finally {
      stream.close();
    }
  });

  it('a change committed through a second store on the same database reaches the first’s SSE client', async () => {
    const second = await Store.open(db.options);
    const stream = await openEventStream(api.baseUrl, { token: t });
    try {
      const bytes = makeWav(0.1);
      const { message } = await depositMessage(
        second,
        mailbox.id,
        { callerNumber: '+15550124', callerName: null, urgent: false, private: false },
        { bytes, info: inspectVoiceAudio(bytes) },
      );
      const created = await stream.next((e) => e.event === 'message.created');
      assert.equal(created.data.messageId, message.id);
    } finally {
      stream.close();
      await second.close();
    }
  });

  it('a server killed right after a deposit committed loses nothing: a restarted one replays it', async () => {
    const env = cliEnv(db.options.databaseUrl);
    const first = await startServer(db.dataDir, env);
    children.push(first.child);
    const stream = await openEventStream(first.url, { token: t });
    const deposit = async (url: string) => {
      const res = await fetch(`${url}/api/v1/mailboxes/${mailbox.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}` },
        body: depositForm(makeWav(0.1)),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { id: string }).id;
    };
    await deposit(first.url);
    const seen = await stream.next((e) => e.event === 'mwi.changed');
    stream.close();
    // Committed (201), then the process dies at once: no shutdown, no chance to publish anything.
    const lost = await deposit(first.url);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await startServer(db.dataDir, env);
    children.push(second.child);
    try {
      const resumed = await openEventStream(second.url, { token: t }, seen.id);
      try {
        const [created, mwi] = await resumed.take(2);
        assert.equal(created?.event, 'message.created');
        assert.equal(created?.data.messageId, lost);
        assert.equal(mwi?.event, 'mwi.changed');
        assert.ok(resumed.events.every((e) => e.event !== 'reset'));
      } finally {
        resumed.close();
      }
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });
});
