#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install` through the `prepare` script) when it is
// current, and the TypeScript sources through tsx otherwise: with no build, when a file under src/ changed
// after the build, or when VOXSYNC_FROM_SOURCE=1 (the test runner sets it so tests run the current code).
// Compiling on every start costs seconds; the built code starts in a fraction of that (docs/benchmarks.md).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleReason } from '../scripts/build-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fromSource = process.env.VOXSYNC_FROM_SOURCE === '1' || staleReason(root) !== undefined;
let entry;
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'src', 'cli', 'main.ts');
} else {
  entry = join(root, 'dist', 'cli', 'main.js');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
