// Whether dist/ (written by scripts/build.mjs) still matches src/. Shared by the build script, which
// writes the stamp, and bin/voxsync.js, which checks it on every start (a walk of src/ costs a few ms).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = 'build-stamp.json';

/** The latest modification time (ms) of any file under `dir`, 0 when it holds none. */
export function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/**
 * Why the sources must run instead of dist/, or undefined when the build is current: no stamp (never
 * built, a failed build, or a build in progress), or a source file saved after the build started.
 */
export function staleReason(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist', STAMP_FILE), 'utf8'));
  } catch {
    return 'no build';
  }
  if (typeof stamp?.startedAt !== 'number') return 'no build';
  let newest;
  try {
    newest = newestSourceMtime(join(root, 'src'));
  } catch {
    // A package without its sources (only dist/ shipped) can only run the build.
    return undefined;
  }
  return newest > stamp.startedAt ? 'sources changed since the build' : undefined;
}
