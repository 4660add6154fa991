import { newId, type Clock, type Executor } from '../support.ts';

export type SessionSubject =
  | { readonly kind: 'admin'; readonly adminUserId: string }
  | { readonly kind: 'mailbox'; readonly mailboxId: string };

export type Session = SessionSubject & { readonly id: string; readonly expiresAt: string };

/** Login sessions of the browser UI; the cookie value is stored only as its SHA-256. */
export class SessionsRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async create(tokenHash: string, subject: SessionSubject, expiresAt: Date): Promise<Session> {
    const id = newId();
    await this.db
      .insertInto('sessions')
      .values({
        id,
        token_hash: tokenHash,
        kind: subject.kind,
        admin_user_id: subject.kind === 'admin' ? subject.adminUserId : null,
        mailbox_id: subject.kind === 'mailbox' ? subject.mailboxId : null,
        created_at: this.clock().toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { ...subject, id, expiresAt: expiresAt.toISOString() };
  }

  /** The unexpired session with this token hash. */
  async findLive(tokenHash: string, now = this.clock()): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.kind === 'admin' && row.admin_user_id) {
      return { kind: 'admin', adminUserId: row.admin_user_id, id: row.id, expiresAt: row.expires_at };
    }
    if (row.kind === 'mailbox' && row.mailbox_id) {
      return { kind: 'mailbox', mailboxId: row.mailbox_id, id: row.id, expiresAt: row.expires_at };
    }
    return undefined;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /**
   * Ends every session of a mailbox (its PIN changed or it was deleted), except `keepSessionId`:
   * the session of a user who changed their own PIN.
   */
  async deleteForMailbox(mailboxId: string, keepSessionId?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('mailbox_id', '=', mailboxId);
    if (keepSessionId !== undefined) q = q.where('id', '!=', keepSessionId);
    await q.execute();
  }

  async deleteForAdmin(adminUserId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('admin_user_id', '=', adminUserId).execute();
  }

  async purgeExpired(now = this.clock()): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', now.toISOString())
      .execute();
    return result.reduce((n, r) => n + Number(r.numDeletedRows), 0);
  }
}
