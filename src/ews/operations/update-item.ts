// UpdateItem: SetItemField / AppendToItemField / DeleteItemField per item, with ConflictResolution.
// Each result carries the item's new ItemId+ChangeKey (store it: the next update needs it).
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { readBaseFolderId, readBaseItemId, writeBaseItemId, writeFolderIds } from '../types/ids.ts';
import type { BaseFolderId, BaseItemId, ItemId } from '../types/ids.ts';
import { isItemElement, readItem, writeItem, type Item } from '../types/items.ts';
import { readPath, writePath, type PropertyPath } from '../types/paths.ts';
import { parseIntStrict } from '../types/codec.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { emptyItems, itemsOf, writeItems } from './items-response.ts';
import type { MessageDisposition } from './create-item.ts';

export type ConflictResolution = 'NeverOverwrite' | 'AutoResolve' | 'AlwaysOverwrite';
export type SendMeetingInvitationsOrCancellations =
  'SendToNone' | 'SendOnlyToAll' | 'SendOnlyToChanged' | 'SendToAllAndSaveCopy' | 'SendToChangedAndSaveCopy';

/** `item` holds exactly the property named by `path` (an item of the right kind). */
export type ItemChangeDescription =
  | { action: 'set'; path: PropertyPath; item: Item }
  | { action: 'append'; path: PropertyPath; item: Item }
  | { action: 'delete'; path: PropertyPath };

export interface ItemChange {
  /** With a ChangeKey: required for NeverOverwrite to detect conflicts. */
  itemId: BaseItemId;
  updates: ItemChangeDescription[];
}

export interface UpdateItemInput {
  changes: ItemChange[];
  conflictResolution: ConflictResolution;
  messageDisposition?: MessageDisposition;
  /** Required by Exchange when a calendar item is updated; SendToNone for synchronization. */
  sendMeetingInvitationsOrCancellations?: SendMeetingInvitationsOrCancellations;
  suppressReadReceipts?: boolean;
  savedItemFolderId?: BaseFolderId;
}

export interface UpdatedItem {
  itemId: ItemId;
  /** Number of properties the server could not merge (AutoResolve). */
  conflictResults?: number;
}
export type UpdateItemOutput = BatchResult<UpdatedItem>[];

const ACTION_ELEMENT = {
  set: 't:SetItemField',
  append: 't:AppendToItemField',
  delete: 't:DeleteItemField',
} as const;

export const updateItem: Operation<UpdateItemInput, UpdateItemOutput> &
  ServerOperation<UpdateItemInput, UpdateItemOutput> = {
  name: 'UpdateItem',
  buildBody(input) {
    if (input.changes.length === 0) throw new EwsRequestError('UpdateItem needs at least one item change.');
    const w = new XmlWriter().start('m:UpdateItem', {
      MessageDisposition: input.messageDisposition,
      ConflictResolution: input.conflictResolution,
      SendMeetingInvitationsOrCancellations: input.sendMeetingInvitationsOrCancellations,
      SuppressReadReceipts: input.suppressReadReceipts,
    });
    if (input.savedItemFolderId !== undefined)
      writeFolderIds(w, 'm:SavedItemFolderId', [input.savedItemFolderId]);
    w.start('m:ItemChanges');
    for (const change of input.changes) {
      if (change.updates.length === 0) throw new EwsRequestError('An item change needs at least one update.');
      w.start('t:ItemChange');
      writeBaseItemId(w, change.itemId);
      w.start('t:Updates');
      for (const u of change.updates) {
        w.start(ACTION_ELEMENT[u.action]);
        writePath(w, u.path);
        if (u.action !== 'delete') writeItem(w, u.item);
        w.end();
      }
      w.end().end();
    }
    w.end();
    return w.end().toString();
  },
  parseBody(body) {
    return parseBatch(body, 'UpdateItemResponse', (msg) => {
      const itemId = itemsOf(msg)[0]?.itemId;
      if (itemId === undefined)
        throw new EwsProtocolError('UpdateItemResponseMessage without the new ItemId.');
      const out: UpdatedItem = { itemId };
      const count = child(msg, NS_MESSAGES, 'ConflictResults');
      const c = count === undefined ? undefined : child(count, NS_TYPES, 'Count');
      if (c !== undefined) out.conflictResults = parseIntStrict(c.text);
      return out;
    });
  },
  parseRequest(body: XmlElement) {
    const changes: ItemChange[] = [];
    for (const ch of requireChild(body, NS_MESSAGES, 'ItemChanges').children) {
      if (ch.ns !== NS_TYPES || ch.local !== 'ItemChange') continue;
      const itemId = ch.children.map(readBaseItemId).find((x) => x !== undefined);
      if (itemId === undefined) throw new EwsProtocolError('ItemChange without an item id.');
      const updates: ItemChangeDescription[] = [];
      for (const u of requireChild(ch, NS_TYPES, 'Updates').children) {
        const path = u.children.map(readPath).find((p) => p !== undefined);
        if (path === undefined) throw new EwsProtocolError(`${u.local} without a property path.`);
        if (u.local === 'DeleteItemField') {
          updates.push({ action: 'delete', path });
          continue;
        }
        const itemEl = u.children.find(isItemElement);
        if (itemEl === undefined) throw new EwsProtocolError(`${u.local} without an item.`);
        updates.push({ action: u.local === 'SetItemField' ? 'set' : 'append', path, item: readItem(itemEl) });
      }
      changes.push({ itemId, updates });
    }
    const input: UpdateItemInput = {
      changes,
      conflictResolution: (body.attrs['ConflictResolution'] ?? 'AutoResolve') as ConflictResolution,
    };
    const a = body.attrs;
    if (a['MessageDisposition'] !== undefined)
      input.messageDisposition = a['MessageDisposition'] as MessageDisposition;
    if (a['SendMeetingInvitationsOrCancellations'] !== undefined) {
      input.sendMeetingInvitationsOrCancellations = a[
        'SendMeetingInvitationsOrCancellations'
      ] as SendMeetingInvitationsOrCancellations;
    }
    if (a['SuppressReadReceipts'] !== undefined)
      input.suppressReadReceipts = a['SuppressReadReceipts'] === 'true';
    const saved = child(body, NS_MESSAGES, 'SavedItemFolderId');
    const folder = saved?.children.map(readBaseFolderId).find((f) => f !== undefined);
    if (folder !== undefined) input.savedItemFolderId = folder;
    return input;
  },
  buildResponseBody(output) {
    return buildResponseMessages(
      'UpdateItemResponse',
      'UpdateItemResponseMessage',
      output,
      (w, updated) => {
        writeItems(w, [{ kind: 'Item', element: 'Item', itemId: updated.itemId }]);
        w.start('m:ConflictResults')
          .leaf('t:Count', updated.conflictResults ?? 0)
          .end();
      },
      undefined,
      emptyItems,
    );
  },
};
