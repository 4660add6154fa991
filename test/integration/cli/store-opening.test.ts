// Which store a command opens: every command names it on stderr, and only serve/migrate/demo create one.
// `voxsync admin token` from another folder used to create a new empty store and print a token the running
// server rejected; now it refuses, naming the path and how to point at the right store, and creates nothing.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { createPostgresDatabase, postgresUnavailable } from '../../helpers/databases.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

async function cli(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CliContext = { stdout, stderr, env, exitCode: 0 };
  const code = await main(['node', 'voxsync', ...args], ctx);
  return { code, out, err };
}

describe('store opening on SQLite', () => {
  const root = mkdtempSync(join(tmpdir(), 'voxsync-store-open-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('admin token, export and import refuse a folder without a store and create nothing there', async () => {
    const elsewhere = join(root, 'elsewhere');
    for (const args of [
      ['admin', 'token', '--name', 'pbx', '--data', elsewhere],
      ['export', '--mailbox', '4001', '--out', join(root, 'out'), '--data', elsewhere],
      ['import', '--mailbox', '4001', '--in', root, '--data', elsewhere],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
      assert.ok(r.err.includes(join(elsewhere, 'voxsync.sqlite')), r.err);
      assert.match(r.err, /--data DIR/);
      assert.match(r.err, /voxsync migrate/);
      assert.doesNotMatch(r.out, /vxa_/);
      assert.ok(!existsSync(elsewhere) || readdirSync(elsewhere).length === 0, `${elsewhere} was written to`);
    }
  });

  it('migrate creates the store; admin token then opens it and names it on stderr', async () => {
    const data = join(root, 'data');
    const migrated = await cli(['migrate', '--data', data]);
    assert.equal(migrated.code, 0, migrated.err);
    assert.match(
      migrated.err,
      new RegExp(`^store: sqlite ${join(data, 'voxsync.sqlite').replace(/[.]/g, '\\.')}$`, 'm'),
    );
    const token = await cli(['admin', 'token', '--name', 'pbx', '--data', data]);
    assert.equal(token.code, 0, token.err);
    assert.match(token.out, /vxa_/);
    assert.ok(token.err.includes(`store: sqlite ${join(data, 'voxsync.sqlite')}`), token.err);
  });
});

const pgSkip = await postgresUnavailable();
describe('store opening on PostgreSQL', { skip: pgSkip ?? false }, () => {
  it('admin token refuses an empty database and leaves it empty; after migrate it works', async () => {
    const db = await createPostgresDatabase();
    const data = mkdtempSync(join(tmpdir(), 'voxsync-store-open-pg-'));
    try {
      const env = { DATABASE_URL: db.url, VOXSYNC_SECRET_KEY: KEY };
      const refused = await cli(['admin', 'token', '--name', 'pbx', '--data', data], env);
      assert.equal(refused.code, 1, refused.err);
      assert.match(refused.err, /holds no voxsync store/);
      assert.match(refused.err, /DATABASE_URL/);
      const migrated = await cli(['migrate', '--data', data], env);
      assert.equal(migrated.code, 0, migrated.err);
      assert.match(migrated.err, /^store: postgres /m);
      const token = await cli(['admin', 'token', '--name', 'pbx', '--data', data], env);
      assert.equal(token.code, 0, token.err);
      assert.match(token.out, /vxa_/);
    } finally {
      rmSync(data, { recursive: true, force: true });
      await db.drop();
    }
  });
});
