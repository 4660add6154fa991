import type { ImportedIdRepository } from '../store/index.ts';

/**
 * Writes one imported contact or event under its import id: replaces the item already there, or
 * creates it and moves it to that id. Says which of the two happened, for the import report.
 */
export async function upsertByUid(
  ids: ImportedIdRepository,
  table: 'contacts' | 'calendar_events',
  mailboxId: string,
  uid: string,
  write: { replace(id: string): Promise<unknown>; create(): Promise<{ readonly id: string }> },
): Promise<'created' | 'updated'> {
  const { id, exists } = await ids.localIdFor(table, mailboxId, uid);
  if (exists) {
    await write.replace(id);
    return 'updated';
  }
  const created = await write.create();
  await ids.rekey(table, created.id, id);
  return 'created';
}
