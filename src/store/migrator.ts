import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import type { DialectName } from './dialect.ts';
import { migrations as coreMigrations, type StoreMigration } from './migrations/index.ts';
import { migrationTypes } from './migrations/types.ts';

export class MigrationError extends Error {
  readonly code = 'store.migration_failed';
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(
      `Database migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

class ListProvider implements MigrationProvider {
  constructor(
    private readonly list: readonly StoreMigration[],
    private readonly dialect: DialectName,
  ) {}

  getMigrations(): Promise<Record<string, Migration>> {
    const types = migrationTypes(this.dialect);
    const out: Record<string, Migration> = {};
    for (const m of this.list) {
      if (out[m.name]) throw new Error(`Two migrations are named ${m.name}.`);
      out[m.name] = { up: (db) => m.up(db, types) };
    }
    return Promise.resolve(out);
  }
}

export interface MigrationReport {
  /** Names applied by this run, in order. */
  readonly applied: readonly string[];
  /** Every migration the database now has. */
  readonly current: readonly string[];
}

/**
 * Brings the schema to the latest version. Kysely's migrator takes a lock (a lock table on SQLite,
 * an advisory lock on PostgreSQL), so several nodes starting together apply each migration once.
 * On PostgreSQL the run is one transaction (DDL is transactional there). Migrations from different
 * ranges (store 00xx, api 01xx) may arrive in any order during development, so unordered application
 * is allowed: a missing lower-numbered migration is applied even after a higher one.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  dialect: DialectName,
  list: readonly StoreMigration[] = coreMigrations,
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: new ListProvider(list, dialect),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) throw new MigrationError(failed?.migrationName, error);
  const all = await migrator.getMigrations();
  return {
    applied: appliedNames(results),
    current: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
  };
}

function appliedNames(results: MigrationResultSet['results']): string[] {
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
