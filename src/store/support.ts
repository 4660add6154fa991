import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** A repository runs on the database or inside a caller's transaction. */
export type Executor<DB = Database> = Kysely<DB> | Transaction<DB>;

export function newId(): string {
  return randomUUID();
}

/** The clock, injectable so tests can control time-dependent behaviour (retention, ordering). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export function toBool(v: number | boolean | bigint | string): boolean {
  return v === true || v === 1 || v === 1n || v === '1';
}
export function fromBool(v: boolean): number {
  return v ? 1 : 0;
}

/** Runs `fn` in a transaction, joining the caller's when the executor already is one. */
export async function inTransaction<T>(
  db: Executor,
  fn: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}

/**
 * `table.column` of a unique-constraint violation, or null for any other error. SQLite names the
 * columns in its message; PostgreSQL names the constraint, and our unique indexes are named
 * `uq_<table>__<column>` so both yield the same answer.
 */
export function uniqueViolation(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown };
  if (e.code === '23505' && typeof e.constraint === 'string') {
    const m = /^uq_(.+)__(.+)$/.exec(e.constraint);
    return m ? `${m[1]}.${m[2]}` : e.constraint;
  }
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && typeof e.message === 'string') {
    const m = /UNIQUE constraint failed: ([\w.]+)/.exec(e.message);
    if (m?.[1]) return m[1];
    if (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE') return 'unknown';
  }
  return null;
}

/** Whether an error is a foreign-key violation (a referenced row is missing or still referenced). */
export function foreignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** PostgreSQL returns COUNT/SUM as strings (int8/numeric); SQLite as numbers. */
export function toCount(v: string | number | bigint | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return Number(v);
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}

/**
 * Takes the row lock of one record for the rest of the transaction, so read-modify-write sequences
 * on it serialize (under PostgreSQL's READ COMMITTED two transactions would otherwise both read the
 * old row and the second write would undo the first). A no-op UPDATE is portable: SQLite already
 * serializes writers and accepts it unchanged. Returns false when the row does not exist.
 */
export async function lockRow(
  db: Executor,
  table: 'endpoints' | 'feature_groups' | 'mailboxes',
  id: string,
): Promise<boolean> {
  const r = await sql`UPDATE ${sql.table(table)} SET updated_at = updated_at WHERE id = ${id}`.execute(db);
  return Number(r.numAffectedRows ?? 0n) > 0;
}
