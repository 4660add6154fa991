// ExportItems and UploadItems (D: exportitems-operation.md, uploaditems-operation.md). Requests are read by
// the shared ServerOperations and answered with their builders; the blob is export-format.ts's.
import { exportItems as exportOp } from '../../../ews/operations/export-items.ts';
import { uploadItems as uploadOp, type UploadItem } from '../../../ews/operations/upload-items.ts';
import type { ItemId } from '../../../ews/types/ids.ts';
import type { StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder, resolveItem } from '../context.ts';
import { ItemError } from '../errors.ts';
import { exportItemData, importItemData } from '../export-format.ts';
import { perInput, requestOf } from '../request.ts';

export function exportItems(ctx: OpContext): string {
  const input = requestOf(exportOp, ctx);
  return exportOp.buildResponseBody(
    perInput(input.itemIds, (id) => {
      const item = resolveItem(ctx, id);
      return { itemId: ctx.mailbox.itemId(item), data: exportItemData(item) };
    }),
  );
}

/** Replaces an item's content with an imported one, as one modification (new ChangeKey, an Update in sync). */
function overwrite(ctx: OpContext, item: StoredItem, data: Uint8Array): void {
  const imported = importItemData(data);
  if (imported.init.kind !== item.kind)
    throw new ItemError(
      'ErrorObjectTypeChanged',
      'The uploaded item is of another type than the item it updates.',
    );
  item.element = imported.init.element;
  item.props = imported.init.props;
  item.extended = imported.init.extended;
  item.isRead = imported.init.isRead;
  item.messageFlags = imported.init.messageFlags;
  item.attachments = [];
  item.nextAttachmentNo = 1;
  for (const a of imported.attachments) item.attachments.push({ ...a, no: item.nextAttachmentNo++ });
  ctx.mailbox.touchItem(item, false);
  for (const key of [...item.props.keys(), ...item.extended.keys()])
    item.fieldVersions.set(key, item.version);
}

function upload(ctx: OpContext, u: UploadItem): ItemId {
  const folder = resolveFolder(ctx, u.parentFolderId);
  let existing: StoredItem | undefined;
  if (u.itemId !== undefined) {
    try {
      existing = resolveItem(ctx, u.itemId);
      // Update acts on the item in the given parent folder.
      if (existing.folder !== folder)
        throw new ItemError('ErrorItemNotFound', 'The specified object was not found in the store.');
    } catch (err) {
      if (
        !(err instanceof ItemError) ||
        u.createAction !== 'UpdateOrCreate' ||
        err.responseCode !== 'ErrorItemNotFound'
      )
        throw err;
      existing = undefined;
    }
  } else if (u.createAction === 'Update') {
    throw new ItemError(
      'ErrorMissingArgument',
      'CreateAction Update needs the ItemId of the item to update.',
    );
  }
  if (existing && u.createAction !== 'CreateNew') {
    overwrite(ctx, existing, u.data);
    return ctx.mailbox.itemId(existing);
  }
  const imported = importItemData(u.data);
  const item = ctx.mailbox.createItem(folder, imported.init);
  for (const a of imported.attachments) item.attachments.push({ ...a, no: item.nextAttachmentNo++ });
  return ctx.mailbox.itemId(item);
}

export function uploadItems(ctx: OpContext): string {
  const input = requestOf(uploadOp, ctx);
  return uploadOp.buildResponseBody(perInput(input.items, (u) => upload(ctx, u)));
}
