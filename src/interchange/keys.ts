import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/**
 * Record ids for imported items. The repositories generate ids on create; an import must instead
 * give an item the same id every time (so a second import updates rather than duplicates), which
 * needs the direct Kysely writes below. No repository offers "create with this id".
 */
type Keyed = 'contacts' | 'calendar_events' | 'messages';

const PLAIN_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

/** The id an item with `uid` gets in `mailboxId`: the uid itself when free, else a stable hash of both. */
export async function localIdFor(
  tx: Transaction<Database>,
  table: Keyed,
  mailboxId: string,
  uid: string,
): Promise<{ id: string; exists: boolean }> {
  if (PLAIN_ID.test(uid)) {
    const row = await tx.selectFrom(table).select('mailbox_id').where('id', '=', uid).executeTakeFirst();
    if (!row) return { id: uid, exists: false };
    if (row.mailbox_id === mailboxId) return { id: uid, exists: true };
  }
  const id = derivedId(mailboxId, table, uid);
  const row = await tx
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('mailbox_id', '=', mailboxId)
    .executeTakeFirst();
  return { id, exists: row !== undefined };
}

/** A UUID-shaped SHA-256 of mailbox, kind and uid (the same uid in another mailbox gets another id). */
export function derivedId(mailboxId: string, table: string, uid: string): string {
  const h = createHash('sha256').update(`${mailboxId}\n${table}\n${uid}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes one imported contact or event under its import id: replaces the item already there, or
 * creates it and moves it to that id. Says which of the two happened, for the import report.
 */
export async function upsertByUid(
  tx: Transaction<Database>,
  table: 'contacts' | 'calendar_events',
  mailboxId: string,
  uid: string,
  write: { replace(id: string): Promise<unknown>; create(): Promise<{ readonly id: string }> },
): Promise<'created' | 'updated'> {
  const { id, exists } = await localIdFor(tx, table, mailboxId, uid);
  if (exists) {
    await write.replace(id);
    return 'updated';
  }
  const created = await write.create();
  await rekey(tx, table, created.id, id);
  return 'created';
}

/** Gives a just-created contact or event its import id (nothing references it yet). */
export async function rekey(
  tx: Transaction<Database>,
  table: 'contacts' | 'calendar_events',
  from: string,
  to: string,
): Promise<void> {
  await tx.updateTable(table).set({ id: to }).where('id', '=', from).execute();
}

/**
 * Gives a just-deposited message its import id and the read/trash state of the export. The audio
 * row references the message, so the message row is copied under the new id, the audio moved,
 * and the old row deleted.
 */
export async function rekeyMessage(
  tx: Transaction<Database>,
  from: string,
  to: string,
  state: { read: boolean; deletedAt: string | null },
): Promise<void> {
  const row = await tx.selectFrom('messages').selectAll().where('id', '=', from).executeTakeFirstOrThrow();
  await tx
    .insertInto('messages')
    .values({ ...row, id: to, read: state.read ? 1 : 0, deleted_at: state.deletedAt })
    .execute();
  await tx.updateTable('message_audio').set({ message_id: to }).where('message_id', '=', from).execute();
  await tx.deleteFrom('messages').where('id', '=', from).execute();
}
