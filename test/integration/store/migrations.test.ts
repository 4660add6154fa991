import { it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { main } from '../../../src/cli/main.ts';
import { Store, migrations, type StoreMigration } from '../../../src/store/index.ts';
import { eachDatabase } from '../../helpers/databases.ts';

/** What a later module's migration looks like: one file, one list entry. */
const extra: StoreMigration = {
  name: '0100_example_extension',
  async up(db, types) {
    await db.schema
      .createTable('example_blobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('data', types.binary, (c) => c.notNull())
      .execute();
  },
};

await eachDatabase('migrations', (t) => {
  it('applied the core migrations once; reopening applies nothing', async () => {
    assert.deepEqual(
      t.store.migration?.current,
      migrations.map((m) => m.name),
    );
    const again = await Store.open(t.options);
    try {
      assert.deepEqual(again.migration?.applied, []);
    } finally {
      await again.close();
    }
  });

  it('applies a migration added to the list, with the dialect binary type', async () => {
    const s = await Store.open({ ...t.options, migrations: [...migrations, extra] });
    try {
      assert.deepEqual(s.migration?.applied, ['0100_example_extension']);
      await sql`INSERT INTO example_blobs (id, data) VALUES (${'a'}, ${Buffer.from([0, 255, 1])})`.execute(
        s.db,
      );
      const rows = await sql<{ data: Uint8Array }>`SELECT data FROM example_blobs`.execute(s.db);
      assert.deepEqual([...rows.rows[0]!.data], [0, 255, 1]);
    } finally {
      await s.close();
    }
  });
});

it('voxsync migrate creates the SQLite database and key under --data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxsync-migrate-'));
  try {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const ctx = { stdout, stderr: new PassThrough(), env: {}, exitCode: 0 };
    const data = join(dir, 'data');
    assert.equal(await main(['node', 'voxsync', 'migrate', '--data', data], ctx), 0);
    assert.match(out, /applied 0001_core/);
    assert.ok(existsSync(join(data, 'voxsync.sqlite')) && existsSync(join(data, 'secret.key')));
    out = '';
    assert.equal(await main(['node', 'voxsync', 'migrate', '--data', data], ctx), 0);
    assert.match(out, /schema up to date/);
    assert.doesNotMatch(out, /applied/);
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const bad = { stdout, stderr, env: { DATABASE_URL: 'mysql://nope' }, exitCode: 0 };
    assert.equal(await main(['node', 'voxsync', 'migrate', '--data', data], bad), 1);
    assert.match(err, /databaseUrl \(from DATABASE_URL\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('0003 turns an endpoint stored with the removed oauth2 method into ntlm', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxsync-oauth2-'));
  try {
    const before = migrations.filter((m) => m.name < '0003');
    const old = await Store.open({ dataDir: dir, migrations: before });
    const now = new Date().toISOString();
    try {
      await sql`INSERT INTO endpoints (id, name, name_key, address, kind, url, port, voice_format, auth_method,
        exchange_version, demo, created_at, updated_at) VALUES ('e1', 'Cloud', 'cloud', 'ews:mail.example.com',
        'ews', 'https://mail.example.com/EWS/Exchange.asmx', 443, 'mp3', 'oauth2', 'auto', 0, ${now}, ${now})`.execute(
        old.db,
      );
    } finally {
      await old.close();
    }
    const store = await Store.open({ dataDir: dir });
    try {
      assert.ok(store.migration?.applied.includes('0003_auth_method_no_oauth2'));
      assert.equal((await store.endpoints.get('e1')).authMethod, 'ntlm');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
