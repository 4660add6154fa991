import { ErrorCodes, NotFoundError } from '../../domain/index.ts';
import type { Executor } from '../support.ts';

/** Throws NotFoundError unless the mailbox exists (content repositories write under a mailbox). */
export async function requireMailbox(db: Executor, mailboxId: string): Promise<void> {
  const row = await db.selectFrom('mailboxes').select('id').where('id', '=', mailboxId).executeTakeFirst();
  if (!row)
    throw new NotFoundError(ErrorCodes.mailboxNotFound, `There is no mailbox with id "${mailboxId}".`);
}
