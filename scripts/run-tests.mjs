#!/usr/bin/env node
// Runs the node:test files of the named tiers (test/<tier>/**/*.test.ts) through tsx.
// Node 20's `--test` does not expand globs, so the file list is collected here.
// VOXSYNC_FROM_SOURCE=1: a test that spawns bin/voxsync.js runs the current sources, never a stale dist/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const tiers = process.argv.slice(2);
if (tiers.length === 0) {
  console.error('usage: run-tests.mjs TIER [TIER...]  (unit, integration, conformance, e2e)');
  process.exit(2);
}

function collect(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = tiers.flatMap((t) => collect(join('test', t)));
if (files.length === 0) {
  console.error(`no test files in tiers: ${tiers.join(', ')}`);
  process.exit(1);
}
const concurrency = process.env.VOXSYNC_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, VOXSYNC_TEST: '1', VOXSYNC_FROM_SOURCE: '1' } },
);
process.exit(result.status ?? 1);
