import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ApiTables } from './api-tables.ts';

export interface AdminUser {
  readonly id: string;
  readonly username: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabledAt: string | null;
}

/** Why an administrator was not disabled. */
export type DisableRefusal = 'not_found' | 'already_disabled' | 'last_active';

export class AdminUsernameTakenError extends Error {
  readonly code = 'admin_user.username_taken';
  constructor(username: string) {
    super(`An administrator named "${username}" already exists.`);
    this.name = 'AdminUsernameTakenError';
  }
}

/** Administrators and their scrypt password hashes (hashing happens in the caller). */
export class AdminUsersRepository {
  constructor(private readonly db: Kysely<ApiTables>) {}

  async create(username: string, passwordHash: string): Promise<AdminUser> {
    if (await this.findByUsername(username)) throw new AdminUsernameTakenError(username);
    const now = new Date().toISOString();
    const row = { id: randomUUID(), username, password_hash: passwordHash, created_at: now, updated_at: now };
    await this.db.insertInto('admin_users').values(row).execute();
    return { id: row.id, username, createdAt: now, updatedAt: now, disabledAt: null };
  }

  /**
   * Disables an administrator unless that would leave no active one. The active rows are locked
   * first (a no-op write), so two concurrent disables of the last two cannot both pass the check.
   */
  async disable(id: string): Promise<AdminUser | DisableRefusal> {
    return this.db.transaction().execute(async (tx) => {
      await sql`UPDATE admin_users SET updated_at = updated_at WHERE disabled_at IS NULL`.execute(tx);
      const target = await tx.selectFrom('admin_users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!target) return 'not_found';
      if (target.disabled_at !== null) return 'already_disabled';
      const active = await tx
        .selectFrom('admin_users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(active.n) <= 1) return 'last_active';
      const now = new Date().toISOString();
      await tx
        .updateTable('admin_users')
        .set({ disabled_at: now, updated_at: now })
        .where('id', '=', id)
        .execute();
      return toAdmin({ ...target, disabled_at: now, updated_at: now });
    });
  }

  async findByUsername(username: string): Promise<(AdminUser & { passwordHash: string }) | undefined> {
    const row = await this.db
      .selectFrom('admin_users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? { ...toAdmin(row), passwordHash: row.password_hash } : undefined;
  }

  async get(id: string): Promise<AdminUser | undefined> {
    const row = await this.db.selectFrom('admin_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAdmin(row) : undefined;
  }

  async list(): Promise<AdminUser[]> {
    const rows = await this.db.selectFrom('admin_users').selectAll().orderBy('username').execute();
    return rows.map(toAdmin);
  }

  /** Returns false when no such administrator exists. */
  async setPasswordHash(username: string, passwordHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('admin_users')
      .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('admin_users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toAdmin(row: {
  id: string;
  username: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}): AdminUser {
  return {
    id: row.id,
    username: row.username,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
  };
}
