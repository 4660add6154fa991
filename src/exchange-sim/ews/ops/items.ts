import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import type { Mailbox } from '../../mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { plainItemId, resolveFolder, resolveItem } from '../context.ts';
import { ItemError } from '../errors.ts';
import { parseNewItem } from '../item-parse.ts';
import { deliverLocally } from '../delivery.ts';
import { parsedWith, perInput, requestOf } from '../request.ts';
import type { XmlWriter } from '../../../ews/soap/xml-writer.ts';
import type { Item } from '../../../ews/types/items.ts';
import { buildResponseMessages } from '../../../ews/operations/response-messages.ts';
import { emptyItems } from '../../../ews/operations/items-response.ts';
import { getItem as sharedGetItem } from '../../../ews/operations/get-item.ts';
import {
  createItem as sharedCreateItem,
  readCreateItemOptions,
  type CreatedItem,
} from '../../../ews/operations/create-item.ts';
import { deleteItem as sharedDeleteItem } from '../../../ews/operations/delete-item.ts';
import { moveItem as sharedMoveItem } from '../../../ews/operations/move-item.ts';
import { copyItem as sharedCopyItem } from '../../../ews/operations/copy-item.ts';
import type { MovedItem } from '../../../ews/operations/move-copy.ts';
import { itemShape } from '../shape.ts';
import { resolveAnyItem } from '../calendar/occurrences.ts';

/** The id-only form of a stored item in a response (`<t:Message><t:ItemId .../></t:Message>`). */
export function idOnlyItem(mailbox: Mailbox, item: StoredItem): Item {
  const ids = mailbox.itemId(item);
  return { kind: 'Item', element: item.kind, itemId: { id: ids.id, changeKey: ids.changeKey } };
}

/** m:Items holding item XML the simulator wrote from stored content. */
function rawItems(w: XmlWriter, xml: string): void {
  w.start('m:Items').raw(xml).end();
}

export function getItem(ctx: OpContext): string {
  const req = requestOf(sharedGetItem, ctx);
  const shape = itemShape(req.shape);
  const results = perInput(req.itemIds, (id) => resolveAnyItem(ctx, id).write(shape));
  return buildResponseMessages(
    'GetItemResponse',
    'GetItemResponseMessage',
    results,
    rawItems,
    undefined,
    emptyItems,
  );
}

const DEFAULT_FOLDER: Record<string, string> = {
  Message: 'drafts',
  Contact: 'contacts',
  CalendarItem: 'calendar',
  Task: 'tasks',
  Item: 'drafts',
};

export function createItem(ctx: OpContext): string {
  const options = parsedWith(readCreateItemOptions, ctx);
  const disposition = options.messageDisposition;
  // Item content is stored as sent (StoredItem.props), so the item elements are read by item-parse.ts
  // rather than through the typed codecs, which drop elements voxsync does not model.
  // m:Items is required by the schema (validated before any operation runs).
  const items = child(ctx.body, NS_MESSAGES, 'Items')!.children;
  const results = perInput(items, (el): CreatedItem => {
    const parsed = parseNewItem(el, ctx.timeZoneId);
    const kind = parsed.init.kind;
    if (kind === 'Message' && disposition === undefined) {
      throw new ItemError('ErrorMessageDispositionRequired', 'MessageDisposition attribute is required.');
    }
    const sending = kind === 'Message' && disposition !== 'SaveOnly';
    let folder: Folder;
    if (sending) folder = ctx.mailbox.distinguished('sentitems')!;
    else
      folder =
        options.savedItemFolderId !== undefined
          ? resolveFolder(ctx, options.savedItemFolderId)
          : ctx.mailbox.distinguished(DEFAULT_FOLDER[kind] ?? 'drafts')!;
    if (sending) {
      deliverLocally(ctx.sim, ctx.mailbox, { ...parsed.init, attachments: parsed.attachments });
      parsed.init.messageFlags = 1;
      parsed.init.isRead = true;
      if (disposition === 'SendOnly') return { itemId: undefined, item: undefined };
    }
    const item = ctx.mailbox.createItem(folder, parsed.init);
    if (ctx.dropInlineAttachments !== true)
      for (const a of parsed.attachments) item.attachments.push({ ...a, no: item.nextAttachmentNo++ });
    return { itemId: undefined, item: idOnlyItem(ctx.mailbox, item) };
  });
  return sharedCreateItem.buildResponseBody(results);
}

export function deleteItem(ctx: OpContext): string {
  const req = requestOf(sharedDeleteItem, ctx);
  const results = perInput(req.itemIds, (id) => {
    const r = resolveAnyItem(ctx, id);
    if (r.item.kind === 'CalendarItem' && req.sendMeetingCancellations === undefined) {
      throw new ItemError(
        'ErrorSendMeetingCancellationsRequired',
        'SendMeetingCancellations attribute is required for Calendar items.',
      );
    }
    if (r.item.kind === 'Task' && req.affectedTaskOccurrences === undefined) {
      throw new ItemError(
        'ErrorAffectedTaskOccurrencesRequired',
        'AffectedTaskOccurrences attribute is required for Task items.',
      );
    }
    if (r.deleteOccurrence) {
      r.deleteOccurrence();
      return null;
    }
    // D: deleteitem-operation.md: MoveToDeletedItems moves the item to Deleted Items, SoftDelete to the
    // dumpster (Recoverable Items\Deletions), HardDelete removes it. Deleting again from where it went
    // removes it. (A mailbox restored from a state without the dumpster folder hard-deletes.)
    const target =
      req.deleteType === 'MoveToDeletedItems'
        ? ctx.mailbox.distinguished('deleteditems')
        : req.deleteType === 'SoftDelete'
          ? ctx.mailbox.distinguished('recoverableitemsdeletions')
          : undefined;
    if (target && r.item.folder !== target) ctx.mailbox.moveItem(r.item, target);
    else ctx.mailbox.deleteItem(r.item);
    return null;
  });
  return sharedDeleteItem.buildResponseBody(results);
}

function moveOrCopy(ctx: OpContext, op: typeof sharedMoveItem): string {
  const req = requestOf(op, ctx);
  const results = perInput(req.itemIds, (id): MovedItem => {
    const item = resolveItem(ctx, plainItemId(id));
    const folder = resolveFolder(ctx, req.toFolderId);
    const result =
      op.name === 'MoveItem' ? ctx.mailbox.moveItem(item, folder) : ctx.mailbox.copyItem(item, folder);
    if (req.returnNewItemIds === false) return { newItemId: undefined };
    const ids = ctx.mailbox.itemId(result);
    return { newItemId: { id: ids.id, changeKey: ids.changeKey }, element: result.kind };
  });
  return op.buildResponseBody(results);
}

export const moveItem = (ctx: OpContext): string => moveOrCopy(ctx, sharedMoveItem);
export const copyItem = (ctx: OpContext): string => moveOrCopy(ctx, sharedCopyItem);
