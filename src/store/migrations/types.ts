import type { ColumnDataType, Expression, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * Column types that differ between the dialects. Everything else in a migration uses the portable
 * subset: text, integer, bigint, and the conventions of ../schema.ts.
 */
export interface MigrationTypes {
  readonly dialect: DialectName;
  /** Binary data: `blob` (SQLite) / `bytea` (PostgreSQL). */
  readonly binary: ColumnDataType | Expression<unknown>;
}

/**
 * One migration. `name` sorts in application order (`0001_core`, `0100_auth`...); it is the
 * identity recorded in the database, so never rename or edit a released migration: add a new one.
 * Migrations receive an untyped Kysely because they describe the schema at their point in history.
 */
export interface StoreMigration {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its time, not today's types
  up(db: Kysely<any>, types: MigrationTypes): Promise<void>;
}

export function migrationTypes(dialect: DialectName): MigrationTypes {
  return { dialect, binary: dialect === 'postgres' ? sql`bytea` : 'blob' };
}
