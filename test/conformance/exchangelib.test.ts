// Conformance tier: exchangelib (Debian python3-exchangelib, run with /usr/bin/python3) drives the simulator.
// Missing exchangelib skips with a visible message, or fails when VOXSYNC_REQUIRE_CONFORMANCE=1 (CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSim } from '../integration/exchange-sim/helpers.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'exchangelib_check.py');

function exchangelibAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import exchangelib'], { stdio: 'ignore' });
  return r.status === 0;
}

const available = exchangelibAvailable();
const required = process.env['VOXSYNC_REQUIRE_CONFORMANCE'] === '1';
const skip =
  !available && !required
    ? 'exchangelib missing: install python3-exchangelib (Debian) to run this tier'
    : false;
if (skip) console.log(`# SKIP exchangelib conformance: ${skip}`);

test(
  'exchangelib drives the simulator: auth, impersonation, versions, folders, CRUD, calendar, sync, streaming',
  { skip, timeout: 180_000 },
  async () => {
    assert.ok(
      available,
      'python3-exchangelib is required (VOXSYNC_REQUIRE_CONFORMANCE=1) but /usr/bin/python3 cannot import exchangelib',
    );
    const sim = await startSim();
    let output = '';
    try {
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(PYTHON, [SCRIPT, sim.ewsUrl], {
          env: {
            ...process.env,
            SIM_USER: 'svc-voxsync',
            SIM_PASSWORD: 'svc-pw',
            SIM_MAILBOX: 'alice@contoso.test',
          },
        });
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('error', reject);
        child.on('close', (c) => resolve(c ?? 1));
      });
      assert.equal(code, 0, `exchangelib_check.py failed:\n${output}`);
      assert.match(output, /^OK$/m);
    } finally {
      await sim.close();
    }
  },
);
