// Every installed package supports the Node versions voxsync's `engines` promises: otherwise `npm install`
// warns EBADENGINE on a supported Node (cookie 2 and content-disposition 3 need Node 22), and the code may use
// what that Node lacks. Reads what is installed, so a dependency update that raises the floor fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly engines?: { readonly node?: string };
}

function manifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** Every package directory under a node_modules folder, nested ones included. */
function packages(modules: string): string[] {
  if (!existsSync(modules)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? readdirSync(join(modules, entry)).map((n) => join(modules, entry, n))
      : [join(modules, entry)];
    for (const dir of dirs) {
      if (!existsSync(join(dir, 'package.json'))) continue;
      out.push(dir, ...packages(join(dir, 'node_modules')));
    }
  }
  return out;
}

test("every installed package's engines.node admits the oldest Node voxsync supports", () => {
  const ours = manifest(join(ROOT, 'package.json')).engines?.node;
  assert.ok(ours, 'package.json declares engines.node');
  const oldest = semver.minVersion(ours);
  assert.ok(oldest, `cannot read ${ours}`);
  const dirs = packages(join(ROOT, 'node_modules'));
  assert.ok(dirs.length > 100, 'node_modules is installed');
  const refusing: string[] = [];
  for (const dir of dirs) {
    const m = manifest(join(dir, 'package.json'));
    const range = m.engines?.node;
    if (!range || !semver.validRange(range)) continue;
    if (!semver.satisfies(oldest, range)) refusing.push(`${m.name}@${m.version} needs node ${range}`);
  }
  assert.deepEqual(refusing, [], `packages that refuse Node ${oldest.version} (engines ${ours})`);
});
