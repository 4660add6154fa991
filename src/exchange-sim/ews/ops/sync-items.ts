// SyncFolderItems: parameters from the shared parser; changed items are written from stored content and
// handed to the shared response builder with the rest of the page.
import { decodeId, encodeId } from '../../mailbox/ids.ts';
import { itemChanges } from '../../mailbox/sync.ts';
import {
  syncFolderItems as sharedSyncFolderItems,
  type ItemChangeEvent,
  type SyncFolderItemsPage,
} from '../../../ews/operations/sync-folder-items.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import { attempt, requestOf } from '../request.ts';
import { itemShape } from '../shape.ts';
import { idOnlyItem } from './items.ts';

export function syncFolderItems(ctx: OpContext): string {
  const req = requestOf(sharedSyncFolderItems, ctx);
  const shape = itemShape(req.shape);
  const ignore = new Set<number>();
  for (const id of req.ignore ?? []) {
    const d = 'id' in id ? decodeId(id.id) : undefined;
    const item = d && d.kind === 'item' ? ctx.mailbox.items.get(d.entry) : undefined;
    if (item) ignore.add(item.uid);
  }
  const result = attempt((): SyncFolderItemsPage => {
    let folder;
    try {
      folder = resolveFolder(ctx, req.folderId);
    } catch (err) {
      if (err instanceof ItemError && err.responseCode === 'ErrorFolderNotFound') {
        throw new ItemError(
          'ErrorSyncFolderNotFound',
          'The specified folder for synchronization could not be found.',
        );
      }
      throw err;
    }
    let from = { base: 0, cursor: 0 };
    if (req.syncState !== undefined) {
      const pos = ctx.sim.codec.decode(req.syncState, 'items', ctx.mailbox.no, folder.entry);
      if (!pos || pos.cursor > ctx.mailbox.currentSeq) {
        throw new ItemError(
          'ErrorInvalidSyncStateData',
          'Synchronization state data is corrupt or otherwise invalid.',
        );
      }
      from = pos;
    }
    const page = itemChanges(ctx.mailbox, folder, from, req.maxChangesReturned, ignore);
    const changes = page.changes.map((c): ItemChangeEvent => {
      if (c.type === 'Delete')
        return { type: 'delete', itemId: { id: encodeId('item', ctx.mailbox.no, c.tombstone.entry) } };
      const ids = ctx.mailbox.itemId(c.item);
      if (c.type === 'ReadFlagChange') {
        return {
          type: 'readFlagChange',
          itemId: { id: ids.id, changeKey: ids.changeKey },
          isRead: c.item.isRead,
        };
      }
      return {
        type: c.type === 'Create' ? 'create' : 'update',
        item: idOnlyItem(ctx.mailbox, c.item),
        itemXml: writeItem(ctx.mailbox, c.item, shape, 'sync'),
      };
    });
    return {
      syncState: ctx.sim.codec.encode('items', ctx.mailbox.no, folder.entry, page.next),
      includesLastItemInRange: page.includesLast,
      changes,
    };
  });
  return sharedSyncFolderItems.buildResponseBody([result]);
}
