import { sql, type Selectable } from 'kysely';
import { ConflictError, ErrorCodes } from '../../domain/index.ts';
import type { AdminUsersTable } from '../schema.ts';
import { newId, toCount, uniqueViolation, type Clock, type Executor } from '../support.ts';

export interface AdminUser {
  readonly id: string;
  readonly username: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabledAt: string | null;
}

/** Administrators and their scrypt password hashes (hashing happens in the caller). */
export class AdminUsersRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async create(username: string, passwordHash: string): Promise<AdminUser> {
    const now = this.clock().toISOString();
    const row = { id: newId(), username, password_hash: passwordHash, created_at: now, updated_at: now };
    try {
      await this.db.insertInto('admin_users').values(row).execute();
    } catch (err) {
      // The unique index decides, so two concurrent creations of one name cannot both succeed.
      const which = uniqueViolation(err);
      if (which === 'admin_users.username' || which === 'admin_users_username_key') {
        throw new ConflictError(
          ErrorCodes.adminUsernameTaken,
          'username',
          `An administrator named "${username}" already exists.`,
        );
      }
      throw err;
    }
    return { id: row.id, username, createdAt: now, updatedAt: now, disabledAt: null };
  }

  /**
   * Takes the row locks of every active administrator for the rest of the caller's transaction (a
   * no-op write), so two concurrent "disable unless last" checks serialize.
   */
  async lockActive(): Promise<void> {
    await sql`UPDATE admin_users SET updated_at = updated_at WHERE disabled_at IS NULL`.execute(this.db);
  }

  async countActive(): Promise<number> {
    const row = await this.db
      .selectFrom('admin_users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  /** Marks the administrator disabled; returns it as stored, or undefined when it does not exist. */
  async markDisabled(id: string): Promise<AdminUser | undefined> {
    const now = this.clock().toISOString();
    await this.db
      .updateTable('admin_users')
      .set({ disabled_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    return this.get(id);
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
      .set({ password_hash: passwordHash, updated_at: this.clock().toISOString() })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('admin_users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}

function toAdmin(row: Selectable<AdminUsersTable>): AdminUser {
  return {
    id: row.id,
    username: row.username,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
  };
}
