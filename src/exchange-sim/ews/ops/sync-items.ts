import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import { decodeId, encodeId } from '../../mailbox/ids.ts';
import { itemChanges } from '../../mailbox/sync.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import { failure, success, wrap } from '../response.ts';
import { shapeOf } from '../shape.ts';

const NAME = 'SyncFolderItemsResponseMessage';

/** MaxSyncChangesReturnedType: 1..512, guaranteed by the schema validation every request passes first. */
function maxChanges(ctx: OpContext): number {
  return Number(child(ctx.body, NS_MESSAGES, 'MaxChangesReturned')!.text.trim());
}

export function syncFolderItems(ctx: OpContext): string {
  const shape = shapeOf(ctx.body, 'ItemShape');
  const max = maxChanges(ctx);
  const folderEl = child(ctx.body, NS_MESSAGES, 'SyncFolderId')!.children[0]!;
  const ignore = new Set<number>();
  for (const id of child(ctx.body, NS_MESSAGES, 'Ignore')?.children ?? []) {
    const d = decodeId(id.attrs['Id'] ?? '');
    const item = d && d.kind === 'item' ? ctx.mailbox.items.get(d.entry) : undefined;
    if (item) ignore.add(item.uid);
  }
  try {
    let folder;
    try {
      folder = resolveFolder(ctx, folderEl);
    } catch (err) {
      if (err instanceof ItemError && err.responseCode === 'ErrorFolderNotFound') {
        throw new ItemError(
          'ErrorSyncFolderNotFound',
          'The specified folder for synchronization could not be found.',
        );
      }
      throw err;
    }
    const stateText = child(ctx.body, NS_MESSAGES, 'SyncState')?.text.trim() ?? '';
    let from = { base: 0, cursor: 0 };
    if (stateText !== '') {
      const pos = ctx.sim.codec.decode(stateText, 'items', ctx.mailbox.no, folder.entry);
      if (!pos || pos.cursor > ctx.mailbox.currentSeq) {
        throw new ItemError(
          'ErrorInvalidSyncStateData',
          'Synchronization state data is corrupt or otherwise invalid.',
        );
      }
      from = pos;
    }
    const page = itemChanges(ctx.mailbox, folder, from, max, ignore);
    let x = '';
    for (const c of page.changes) {
      if (c.type === 'Delete') {
        x += `<t:Delete><t:ItemId Id="${encodeId('item', ctx.mailbox.no, c.tombstone.entry)}"/></t:Delete>`;
      } else if (c.type === 'ReadFlagChange') {
        const ids = ctx.mailbox.itemId(c.item);
        x += `<t:ReadFlagChange><t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/><t:IsRead>${c.item.isRead}</t:IsRead></t:ReadFlagChange>`;
      } else {
        x += `<t:${c.type}>${writeItem(ctx.mailbox, c.item, shape, 'sync')}</t:${c.type}>`;
      }
    }
    const state = ctx.sim.codec.encode('items', ctx.mailbox.no, folder.entry, page.next);
    return wrap(
      'SyncFolderItems',
      success(
        NAME,
        `<m:SyncState>${state}</m:SyncState><m:IncludesLastItemInRange>${page.includesLast}</m:IncludesLastItemInRange><m:Changes>${x}</m:Changes>`,
      ),
    );
  } catch (err) {
    if (!(err instanceof ItemError)) throw err;
    // Shape of ../ews/samples/SyncFolderItems-response-2.xml: empty SyncState, IncludesLastItemInRange=true.
    return wrap(
      'SyncFolderItems',
      failure(NAME, err, '<m:SyncState/><m:IncludesLastItemInRange>true</m:IncludesLastItemInRange>'),
    );
  }
}
