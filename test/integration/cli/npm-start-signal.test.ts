// `npm start` is what a new user runs; SIGTERM to it (a supervisor, `kill`, a CI job ending) must stop the demo:
// the start script execs node, so npm's forwarded signal reaches the demo process itself, not a shell that
// would leave it running. Run through npm itself, as a user does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

test('SIGTERM to npm start stops the demo (API and simulator stop answering)', async () => {
  const data = mkdtempSync(join(tmpdir(), 'voxsync-npm-start-'));
  const npm = spawn('npm', ['start', '--silent', '--', '--data', data, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, VOXSYNC_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(npm, 'exit');
  let out = '';
  // The processes npm started, so a failing run does not leave a demo behind.
  let children: number[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      npm.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl-C to stop.')) resolve();
      });
      npm.on('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
    });
    const api = /voxsync:\s+(http:\/\/\S+)/.exec(out)?.[1];
    const sim = /Exchange sim:\s+(https:\/\/[^/\s]+)/.exec(out)?.[1];
    assert.ok(api && sim, out);
    assert.equal((await fetch(`${api}/healthz`)).status, 200);
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(npm.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((pid) => pid > 0);
    npm.kill('SIGTERM');
    await exited;
    // npm waits for its child; once it has exited, nothing of the demo may still listen.
    await assert.rejects(fetch(`${api}/healthz`), `${api} still answers after SIGTERM`);
    const simPort = new URL(sim).port;
    await assert.rejects(fetch(`http://127.0.0.1:${simPort}/`), `simulator port ${simPort} still open`);
  } finally {
    if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: what a passing run leaves.
      }
    }
    rmSync(data, { recursive: true, force: true });
  }
});
