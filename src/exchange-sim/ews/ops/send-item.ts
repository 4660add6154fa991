// SendItem (D: senditem-operation.md): sends messages already in the mailbox, by ItemId with their current
// ChangeKey. The sent message goes to Sent Items, or to SavedItemFolderId, as a sent (no longer unsent), read
// item with a new ItemId; with SaveItemToFolder="false" no copy is kept. Local recipients receive it.
import { child, type XmlElement } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import type { Folder, StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { parseChangeKey, resolveFolder, resolveItem } from '../context.ts';
import { ItemError, schemaFaultAt } from '../errors.ts';
import { deliverLocally, recipientAddresses } from '../delivery.ts';
import { sendItem as sendItemOp } from '../../../ews/operations/send-item.ts';
import { perInput } from '../request.ts';

const BOOLEAN: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/**
 * SendItem needs the item's current ChangeKey: absent, empty or older → ErrorStaleObject (D: itemid.md,
 * responsecode.md); not parseable or not this item's → ErrorInvalidChangeKey.
 */
function checkChangeKey(el: XmlElement, item: StoredItem): void {
  const raw = el.attrs['ChangeKey'];
  const stale = (): ItemError =>
    new ItemError(
      'ErrorStaleObject',
      'The change key passed in the request does not match the current change key for the item.',
    );
  if (raw === undefined || raw.trim() === '') throw stale();
  const ck = parseChangeKey(el);
  if (!ck || ck.entry !== item.uid || ck.version > item.version)
    throw new ItemError('ErrorInvalidChangeKey', 'The change key is invalid.');
  if (ck.version < item.version) throw stale();
}

export function sendItem(ctx: OpContext): string {
  const flag = ctx.body.attrs['SaveItemToFolder'];
  if (flag === undefined)
    throw schemaFaultAt("The required attribute 'SaveItemToFolder' is missing.", 'SendItem');
  const save = BOOLEAN[flag.trim()];
  if (save === undefined) {
    throw schemaFaultAt(
      `The 'SaveItemToFolder' attribute is invalid - The value '${flag}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean' - The string '${flag}' is not a valid Boolean value.`,
      'SendItem',
    );
  }
  const ids = child(ctx.body, NS_MESSAGES, 'ItemIds')?.children;
  if (!ids || ids.length === 0) {
    throw schemaFaultAt(
      "The element 'SendItem' has incomplete content. List of possible elements expected: 'ItemIds'.",
      'SendItem',
    );
  }
  const folderEl = child(ctx.body, NS_MESSAGES, 'SavedItemFolderId')?.children[0];
  return sendItemOp.buildResponseBody(
    perInput(ids, (el) => {
      if (!save && folderEl) {
        throw new ItemError(
          'ErrorInvalidSendItemSaveSettings',
          'SavedItemFolderId is not allowed when SaveItemToFolder is false.',
        );
      }
      if (el.local !== 'ItemId') {
        throw new ItemError(
          'ErrorInvalidItemForOperationSendItem',
          'The item is not a message and cannot be sent.',
        );
      }
      const item = resolveItem(ctx, el);
      checkChangeKey(el, item);
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
        ? folderEl
          ? resolveFolder(ctx, folderEl)
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
