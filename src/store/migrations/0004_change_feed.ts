import { sql } from 'kysely';
import type { StoreMigration } from './types.ts';

/**
 * The change feed: every change, written in the transaction that makes it, under a growing sequence
 * (see ../repositories/changes.ts). `change_feed_state` remembers how far pruning went, so a reader
 * whose cursor is older than that is told instead of silently skipping what was pruned.
 */
export const migration: StoreMigration = {
  name: '0004_change_feed',
  async up(db, types) {
    // SQLite: AUTOINCREMENT so a sequence is never reused, even after the newest rows are pruned.
    // PostgreSQL: a bigserial; commit order is kept by the append lock, not by the sequence itself.
    await db.schema
      .createTable('changes')
      .$call((t) =>
        types.dialect === 'postgres'
          ? t.addColumn('seq', 'bigserial', (c) => c.primaryKey())
          : t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement()),
      )
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mailbox_id', 'text')
      .addColumn('entity_id', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ix_changes__mailbox_seq')
      .on('changes')
      .columns(['mailbox_id', 'seq'])
      .execute();
    await db.schema.createIndex('ix_changes__at').on('changes').column('at').execute();

    await db.schema
      .createTable('change_feed_state')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('pruned_through', 'bigint', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO change_feed_state (id, pruned_through) VALUES (1, 0)`.execute(db);
  },
};
