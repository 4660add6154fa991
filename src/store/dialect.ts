import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { createPostgresPool, type DatabaseConnectionLostError } from './postgres-pool.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export const SQLITE_FILE_NAME = 'voxsync.sqlite';

export interface DatabaseTarget {
  /** Data directory; the SQLite file is created here when no `databaseUrl` is given. */
  readonly dataDir: string;
  /** `postgres://...` selects PostgreSQL (DATABASE_URL). */
  readonly databaseUrl?: string | undefined;
  /** Overrides the SQLite file path (`:memory:` for throwaway databases). */
  readonly sqlitePath?: string | undefined;
  /** PostgreSQL only: told about each pooled connection the server or network ended (default: a process
   * warning). The process keeps running and the next query opens a new connection. */
  readonly onConnectionLost?: ((err: DatabaseConnectionLostError) => void) | undefined;
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data lives, with any password removed (safe to print). */
  readonly location: string;
  /** Closes the database and resolves once no connection to it is left open. */
  close(): Promise<void>;
}

/**
 * Opens the database: PostgreSQL when a URL is given, else SQLite under the data directory (created on
 * first start). The SQLite connection enforces foreign keys, uses WAL (readers do not block the
 * writer) and waits on a busy database instead of failing at once.
 */
export function openDatabase(target: DatabaseTarget): OpenedDatabase {
  if (target.databaseUrl !== undefined && target.databaseUrl !== '') {
    const url = target.databaseUrl;
    if (!/^postgres(?:ql)?:\/\//.test(url)) {
      throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL.');
    }
    const { pool, closed } = createPostgresPool({ url, max: 10, onConnectionLost: target.onConnectionLost });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      location: redactUrl(url),
      close: async () => {
        await db.destroy();
        await closed();
      },
    };
  }
  const path = target.sqlitePath ?? join(target.dataDir, SQLITE_FILE_NAME);
  if (path !== ':memory:') mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
