/**
 * Runs a test suite once per database dialect: SQLite (a fresh file in a temporary data directory)
 * and PostgreSQL (a freshly created, uniquely named database on VOXSYNC_TEST_PG_URL, dropped after
 * the suite). PostgreSQL suites are skipped with a visible reason when the server is unreachable,
 * unless VOXSYNC_REQUIRE_PG=1, in which case they fail.
 *
 *   await eachDatabase('mailboxes repository', (t) => {
 *     it('creates', async () => { const store = t.store; ... });
 *   });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { Store, type DialectName, type OpenStoreOptions } from '../../src/store/index.ts';

export const TEST_PG_URL = process.env.VOXSYNC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_PG = process.env.VOXSYNC_REQUIRE_PG === '1';

export interface TestDatabase {
  readonly dialect: DialectName;
  /** The open, migrated store (valid inside tests, i.e. after `before`). */
  readonly store: Store;
  /** The data directory of this suite (key file, SQLite file). */
  readonly dataDir: string;
  /** The options the store was opened with, to open a second store on the same database. */
  readonly options: OpenStoreOptions;
}

export interface EachDatabaseOptions {
  /** Extra store options (clock, migrations...). */
  readonly store?: Partial<OpenStoreOptions>;
  /** Run only these dialects. */
  readonly dialects?: readonly DialectName[];
}

let pgProbe: Promise<string | null> | undefined;

/** Null when PostgreSQL answers, else the reason it does not. Probed once per process. */
export function postgresUnavailable(): Promise<string | null> {
  pgProbe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (err) {
      return `PostgreSQL unreachable at ${TEST_PG_URL}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgProbe;
}

/**
 * Creates a uniquely named database and returns its URL and a function that drops it. Dropping fails when
 * the suite left connections to the database open (a Store it never closed): then the database is dropped
 * WITH (FORCE) anyway and the error names the sessions.
 */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `voxsync_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        // Without FORCE the server waits a few seconds for sessions that are still exiting, then refuses
        // with 55006 (object_in_use) if any remain.
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      } catch (err) {
        if ((err as { code?: unknown }).code !== '55006') throw err;
        const open = await c.query<{ pid: number; state: string | null; query: string }>(
          'SELECT pid, state, query FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        const sessions = open.rows.map((r) => `pid ${r.pid} ${r.state ?? '?'}: ${r.query}`).join('; ');
        throw new Error(
          `the suite left connections to ${name} open (close every Store it opens): ${sessions}`,
          {
            cause: err,
          },
        );
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Declares `describe('<title> [sqlite]')` and `describe('<title> [postgres]')`; `body` receives a
 * handle whose `store` is ready inside the suite's tests.
 */
export async function eachDatabase(
  title: string,
  body: (db: TestDatabase) => void,
  opts: EachDatabaseOptions = {},
): Promise<void> {
  const dialects = opts.dialects ?? (['sqlite', 'postgres'] as const);
  for (const dialect of dialects) {
    let skip: string | false = false;
    if (dialect === 'postgres') {
      const reason = await postgresUnavailable();
      if (reason !== null && !REQUIRE_PG) {
        skip = reason;
        process.stderr.write(`# SKIP ${title} [postgres]: ${reason}\n`);
      }
    }
    describe(`${title} [${dialect}]`, { skip }, () => {
      let store: Store | undefined;
      let options: OpenStoreOptions | undefined;
      let dataDir = '';
      let drop: (() => Promise<void>) | undefined;
      before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'voxsync-test-'));
        let databaseUrl: string | undefined;
        if (dialect === 'postgres') {
          const created = await createPostgresDatabase();
          databaseUrl = created.url;
          drop = created.drop;
        }
        options = { dataDir, databaseUrl, ...opts.store };
        store = await Store.open(options);
      });
      body({
        dialect,
        get store(): Store {
          if (!store) throw new Error('the store is only available inside tests (after `before`)');
          return store;
        },
        get dataDir(): string {
          return dataDir;
        },
        get options(): OpenStoreOptions {
          if (!options) throw new Error('options are only available inside tests');
          return options;
        },
      });
      // Registered after the body's hooks so it runs after them: servers and workers the suite started
      // on the store stop before the store closes. Store.close resolves once every connection is gone,
      // so the database is dropped with no session left to terminate.
      after(async () => {
        try {
          await store?.close();
          await drop?.();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      });
    });
  }
}
