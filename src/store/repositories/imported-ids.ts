import { createHash } from 'node:crypto';
import { fromBool, type Executor } from '../support.ts';

/** The tables whose records an import addresses by the exported UID or message id. */
export type ImportedTable = 'contacts' | 'calendar_events' | 'messages';

const PLAIN_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

/** A UUID-shaped SHA-256 of mailbox, kind and uid (the same uid in another mailbox gets another id). */
export function derivedId(mailboxId: string, table: string, uid: string): string {
  const h = createHash('sha256').update(`${mailboxId}\n${table}\n${uid}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Record ids for imported items. The other repositories generate ids on create; an import must give
 * an item the same id every time (so a second import updates rather than duplicates), which needs
 * the direct writes below: look an id up, and move a just-created record to its import id.
 */
export class ImportedIdRepository {
  constructor(private readonly db: Executor) {}

  /** The id an item with `uid` gets in `mailboxId`: the uid itself when free, else a stable hash of both. */
  async localIdFor(
    table: ImportedTable,
    mailboxId: string,
    uid: string,
  ): Promise<{ id: string; exists: boolean }> {
    if (PLAIN_ID.test(uid)) {
      const row = await this.db
        .selectFrom(table)
        .select('mailbox_id')
        .where('id', '=', uid)
        .executeTakeFirst();
      if (!row) return { id: uid, exists: false };
      if (row.mailbox_id === mailboxId) return { id: uid, exists: true };
    }
    const id = derivedId(mailboxId, table, uid);
    const row = await this.db
      .selectFrom(table)
      .select('id')
      .where('id', '=', id)
      .where('mailbox_id', '=', mailboxId)
      .executeTakeFirst();
    return { id, exists: row !== undefined };
  }

  /** Gives a just-created contact or event its import id (nothing references it yet). */
  async rekey(table: 'contacts' | 'calendar_events', from: string, to: string): Promise<void> {
    await this.db.updateTable(table).set({ id: to }).where('id', '=', from).execute();
  }

  /**
   * Gives a just-deposited message its import id and the read/trash state of the export. The audio
   * row references the message, so the message row is copied under the new id, the audio moved,
   * and the old row deleted. Run it inside the caller's transaction.
   */
  async rekeyMessage(
    from: string,
    to: string,
    state: { read: boolean; deletedAt: string | null },
  ): Promise<void> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', from)
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('messages')
      .values({ ...row, id: to, read: fromBool(state.read), deleted_at: state.deletedAt })
      .execute();
    await this.db
      .updateTable('message_audio')
      .set({ message_id: to })
      .where('message_id', '=', from)
      .execute();
    await this.db.deleteFrom('messages').where('id', '=', from).execute();
  }
}
