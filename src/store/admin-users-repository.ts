import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTables } from './api-tables.ts';

export interface AdminUser {
  readonly id: string;
  readonly username: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
    return { id: row.id, username, createdAt: now, updatedAt: now };
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

function toAdmin(row: { id: string; username: string; created_at: string; updated_at: string }): AdminUser {
  return { id: row.id, username: row.username, createdAt: row.created_at, updatedAt: row.updated_at };
}
