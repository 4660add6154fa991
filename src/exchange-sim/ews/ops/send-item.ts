// SendItem (D: senditem-operation.md): sends messages already in the mailbox, by ItemId with their current
// ChangeKey. The sent message goes to Sent Items, or to SavedItemFolderId, as a sent (no longer unsent), read
// item with a new ItemId; with SaveItemToFolder="false" no copy is kept. Local recipients receive it.
import type { Folder, StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { parseChangeKey, resolveFolder, resolveItem } from '../context.ts';
import { ItemError } from '../errors.ts';
import { deliverLocally, recipientAddresses } from '../delivery.ts';
import { sendItem as sendItemOp } from '../../../ews/operations/send-item.ts';
import { perInput, requestOf } from '../request.ts';

/**
 * SendItem needs the item's current ChangeKey: absent, empty or older → ErrorStaleObject (D: itemid.md,
 * responsecode.md); not parseable or not this item's → ErrorInvalidChangeKey.
 */
function checkChangeKey(raw: string | undefined, item: StoredItem): void {
  const stale = (): ItemError =>
    new ItemError(
      'ErrorStaleObject',
      'The change key passed in the request does not match the current change key for the item.',
    );
  if (raw === undefined || raw.trim() === '') throw stale();
  const ck = parseChangeKey(raw);
  if (!ck || ck.entry !== item.uid || ck.version > item.version)
    throw new ItemError('ErrorInvalidChangeKey', 'The change key is invalid.');
  if (ck.version < item.version) throw stale();
}

export function sendItem(ctx: OpContext): string {
  // SaveItemToFolder and a non-empty ItemIds are schema rules: the validator has refused requests without.
  const req = requestOf(sendItemOp, ctx);
  const save = req.saveItemToFolder;
  const folderId = req.savedItemFolderId;
  return sendItemOp.buildResponseBody(
    perInput(req.itemIds, (id) => {
      if (!save && folderId) {
        throw new ItemError(
          'ErrorInvalidSendItemSaveSettings',
          'SavedItemFolderId is not allowed when SaveItemToFolder is false.',
        );
      }
      if ('kind' in id) {
        throw new ItemError(
          'ErrorInvalidItemForOperationSendItem',
          'The item is not a message and cannot be sent.',
        );
      }
      const item = resolveItem(ctx, id);
      checkChangeKey(id.changeKey, item);
      if (item.kind !== 'Message') {
        throw new ItemError(
          'ErrorInvalidItemForOperationSendItem',
          'The item is not a message and cannot be sent.',
        );
      }
      if (recipientAddresses(item.props).length === 0) {
        throw new ItemError('ErrorMissingRecipients', 'The message has no recipients and cannot be sent.');
      }
      // Resolved before anything is delivered, so a bad target folder sends nothing.
      const target: Folder | undefined = save
        ? folderId
          ? resolveFolder(ctx, folderId)
          : ctx.mailbox.distinguished('sentitems')!
        : undefined;
      deliverLocally(ctx.sim, ctx.mailbox, item);
      // The sender's copy: sent (PR_MESSAGE_FLAGS without MSGFLAG_UNSENT) and read.
      item.messageFlags = 1;
      item.isRead = true;
      ctx.mailbox.touchItem(item, false);
      if (!target) ctx.mailbox.deleteItem(item);
      else if (target !== item.folder) ctx.mailbox.moveItem(item, target);
      return null;
    }),
  );
}
