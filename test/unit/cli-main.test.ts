import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';

function capture(): { ctx: CliContext; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return { ctx: { stdout, stderr, env: {}, exitCode: 0 }, out: () => o, err: () => e };
}

test('--help exits 0 and names the program', async () => {
  const c = capture();
  const code = await main(['node', 'voxsync', '--help'], c.ctx);
  assert.equal(code, 0);
  assert.match(c.out(), /Usage: voxsync/);
});

test('an unknown command is a usage error (exit 2)', async () => {
  const c = capture();
  const code = await main(['node', 'voxsync', 'no-such-command'], c.ctx);
  assert.equal(code, 2);
  assert.match(c.err(), /error:/);
});
