// `voxsync exchange-sim` option checks: the same --port wording as serve and demo (src/cli/options.ts),
// reported as a usage error (exit 2) before anything listens.
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

for (const bad of ['70000', '-1', '80.5', 'http', '', ' ', '0x50', '1e3']) {
  test(`exchange-sim --port ${JSON.stringify(bad)} is a usage error worded as for serve and demo`, async () => {
    const sim = capture();
    assert.equal(await main(['node', 'voxsync', 'exchange-sim', '--plain', '--port', bad], sim.ctx), 2);
    assert.match(sim.err(), new RegExp(`--port must be 0\\.\\.65535, not "${bad.replace('.', '\\.')}"`));
    assert.equal(sim.out(), '', 'nothing was started');
    const serve = capture();
    assert.equal(await main(['node', 'voxsync', 'serve', '--port', bad], serve.ctx), 2);
    const firstLine = (s: string) => s.split('\n').find((l) => l.includes('--port')) ?? '';
    assert.equal(firstLine(sim.err()), firstLine(serve.err()), 'same message as serve');
  });
}

test('exchange-sim --server-version outside 2013/2016/2019 is a usage error', async () => {
  const c = capture();
  assert.equal(await main(['node', 'voxsync', 'exchange-sim', '--server-version', '2010'], c.ctx), 2);
  assert.match(c.err(), /--server-version must be 2013, 2016 or 2019, got 2010/);
});
