import type { StoreMigration } from './types.ts';

/** Administrators can be disabled (kept for the audit trail, unable to log in) instead of deleted. */
export const migration: StoreMigration = {
  name: '0101_admin_user_disable',
  async up(db) {
    await db.schema.alterTable('admin_users').addColumn('disabled_at', 'text').execute();
  },
};
