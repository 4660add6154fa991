import type { MessageDepositInput, MessagePatch, VoiceMessage } from '../domain/index.ts';
import type { DepositAudio, MwiChange, Store } from '../store/index.ts';
import { inServiceTransaction, type ServiceScope } from './transaction.ts';

/** Records a message change and, when the lamp or a count moved, the mailbox's new MWI. */
function recordMessageChange(
  scope: ServiceScope,
  kind: 'message.created' | 'message.updated' | 'message.deleted',
  message: Pick<VoiceMessage, 'id' | 'mailboxId'>,
  mwi: MwiChange,
  changes?: readonly string[],
): void {
  scope.recordChange({
    kind,
    mailboxId: message.mailboxId,
    entityId: message.id,
    data: changes !== undefined ? { messageId: message.id, changes } : { messageId: message.id },
  });
  if (mwi.changed) {
    const s = mwi.state;
    scope.recordChange({
      kind: 'mwi.changed',
      mailboxId: message.mailboxId,
      entityId: null,
      data: { mwi: { on: s.on, newCount: s.newCount, oldCount: s.oldCount, urgentCount: s.urgentCount } },
    });
  }
}

/** Stores a voice message (audio checked by the caller with `inspectVoiceAudio`) and recomputes the MWI. */
export async function depositMessage(
  store: Store,
  mailboxId: string,
  meta: MessageDepositInput,
  audio: DepositAudio,
): Promise<{ message: VoiceMessage; mwi: MwiChange }> {
  return inServiceTransaction(store, async (scope) => {
    const result = await scope.messages.deposit(mailboxId, meta, audio);
    recordMessageChange(scope, 'message.created', result.message, result.mwi);
    return result;
  });
}

/** Marks a message read or unread, urgent or private. */
export async function updateMessage(
  store: Store,
  mailboxId: string,
  messageId: string,
  patch: MessagePatch,
): Promise<VoiceMessage> {
  return inServiceTransaction(store, async (scope) => {
    const result = await scope.messages.update(mailboxId, messageId, patch);
    recordMessageChange(scope, 'message.updated', result.message, result.mwi, Object.keys(patch));
    return result.message;
  });
}

/** Moves a message to the trash (purged after the retention period). */
export async function trashMessage(store: Store, mailboxId: string, messageId: string): Promise<void> {
  await inServiceTransaction(store, async (scope) => {
    const result = await scope.messages.moveToTrash(mailboxId, messageId);
    recordMessageChange(scope, 'message.deleted', result.message, result.mwi);
  });
}

/** Takes a message back out of the trash. */
export async function restoreMessage(
  store: Store,
  mailboxId: string,
  messageId: string,
): Promise<VoiceMessage> {
  return inServiceTransaction(store, async (scope) => {
    const result = await scope.messages.restore(mailboxId, messageId);
    recordMessageChange(scope, 'message.updated', result.message, result.mwi, ['deletedAt']);
    return result.message;
  });
}

/** Deletes a message and its audio for good. */
export async function purgeMessage(store: Store, mailboxId: string, messageId: string): Promise<void> {
  await inServiceTransaction(store, async (scope) => {
    const mwi = await scope.messages.deletePermanently(mailboxId, messageId);
    recordMessageChange(scope, 'message.deleted', { id: messageId, mailboxId }, mwi);
  });
}

/** Purges every message trashed before `cutoff` (the hourly retention run); returns how many. */
export async function purgeTrashBefore(store: Store, cutoff: Date): Promise<number> {
  return inServiceTransaction(store, (scope) => scope.messages.purgeTrash(cutoff));
}
