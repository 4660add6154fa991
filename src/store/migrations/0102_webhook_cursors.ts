import { sql } from 'kysely';
import type { StoreMigration } from './types.ts';

/**
 * Webhooks fed from the change feed: one cursor per webhook (the last sequence it is done with) and a
 * lease naming the node that delivers it, so several nodes never deliver one webhook's events twice or
 * out of order. A delivery row now names the change it carries (`seq`), once per webhook.
 */
export const migration: StoreMigration = {
  name: '0102_webhook_cursors',
  async up(db) {
    await db.schema
      .createTable('webhook_cursors')
      .addColumn('webhook_id', 'text', (c) => c.primaryKey().references('webhooks.id').onDelete('cascade'))
      .addColumn('cursor_seq', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .execute();
    await db.schema.alterTable('webhook_deliveries').addColumn('seq', 'bigint').execute();
    await db.schema
      .createIndex('uq_webhook_deliveries__webhook_seq')
      .unique()
      .on('webhook_deliveries')
      .columns(['webhook_id', 'seq'])
      .execute();
    // Deliveries queued from the former in-memory bus have no change behind them; they are not retried.
    await sql`UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
      last_error = 'not retried after the upgrade to the change feed' WHERE status = 'pending'`.execute(db);
  },
};
