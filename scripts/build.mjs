#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json) and writes dist/build-stamp.json, which bin/voxsync.js
// reads to decide whether the build is current. Runs as npm's `prepare` script, so `npm install` and
// `npm ci` leave a ready build; an install without devDependencies has no TypeScript compiler, and
// then the bin runs the sources through tsx instead (slower to start, same behaviour).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, newestSourceMtime } from './build-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  console.log(
    'voxsync build: TypeScript is not installed (production install); the bin will run the sources.',
  );
  process.exit(0);
}

// The stamp records when compilation started: a source saved while tsc runs is newer than the stamp,
// so the bin treats that build as stale rather than missing the edit.
const startedAt = Date.now();
const distDir = join(root, 'dist');
// A clean output directory, so a module deleted from src/ does not linger in dist/ and stay importable.
rmSync(distDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  // Leave no half-written dist/ behind: without a stamp the bin runs the sources.
  rmSync(distDir, { recursive: true, force: true });
  console.error(
    'voxsync build: tsc failed; dist/ removed (the bin runs the sources until a build succeeds).',
  );
  process.exit(result.status ?? 1);
}
const stamp = {
  startedAt,
  finishedAt: Date.now(),
  newestSource: newestSourceMtime(join(root, 'src')),
  node: process.version,
};
writeFileSync(join(distDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
console.log(`voxsync build: dist/ ready in ${((stamp.finishedAt - startedAt) / 1000).toFixed(1)} s.`);
