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
import { boolAttr, enumAttr, parseIntStrict } from '../types/codec.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { emptyItems, itemsOf, writeItems } from './items-response.ts';
import { MESSAGE_DISPOSITIONS, type MessageDisposition } from './create-item.ts';

export const CONFLICT_RESOLUTIONS = ['NeverOverwrite', 'AutoResolve', 'AlwaysOverwrite'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];
export const SEND_MEETING_INVITATIONS_OR_CANCELLATIONS = [
  'SendToNone',
  'SendOnlyToAll',
  'SendOnlyToChanged',
  'SendToAllAndSaveCopy',
  'SendToChangedAndSaveCopy',
] as const;
export type SendMeetingInvitationsOrCancellations =
  (typeof SEND_MEETING_INVITATIONS_OR_CANCELLATIONS)[number];

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
  /** Server side: the element the new id is written in (Message, Contact...); t:Item when absent. */
  element?: string;
}
export type UpdateItemOutput = BatchResult<UpdatedItem>[];

const ACTION_ELEMENT = {
  set: 't:SetItemField',
  append: 't:AppendToItemField',
  delete: 't:DeleteItemField',
} as const;

/**
 * UpdateItem's parameters other than the item changes: a server that stores items as sent (the Exchange
 * simulator) reads the change elements itself.
 */
export function readUpdateItemOptions(body: XmlElement): Omit<UpdateItemInput, 'changes'> {
  const input: Omit<UpdateItemInput, 'changes'> = {
    conflictResolution: enumAttr(body, 'ConflictResolution', CONFLICT_RESOLUTIONS) ?? 'AutoResolve',
  };
  const md = enumAttr(body, 'MessageDisposition', MESSAGE_DISPOSITIONS);
  if (md !== undefined) input.messageDisposition = md;
  const calendar = enumAttr(
    body,
    'SendMeetingInvitationsOrCancellations',
    SEND_MEETING_INVITATIONS_OR_CANCELLATIONS,
  );
  if (calendar !== undefined) input.sendMeetingInvitationsOrCancellations = calendar;
  const suppress = boolAttr(body.attrs['SuppressReadReceipts']);
  if (suppress !== undefined) input.suppressReadReceipts = suppress;
  const saved = child(body, NS_MESSAGES, 'SavedItemFolderId');
  const folder = saved?.children.map(readBaseFolderId).find((f) => f !== undefined);
  if (folder !== undefined) input.savedItemFolderId = folder;
  return input;
}

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
    return { ...readUpdateItemOptions(body), changes };
  },
  buildResponseBody(output) {
    return buildResponseMessages(
      'UpdateItemResponse',
      'UpdateItemResponseMessage',
      output,
      (w, updated) => {
        writeItems(w, [{ kind: 'Item', element: updated.element ?? 'Item', itemId: updated.itemId }]);
        w.start('m:ConflictResults')
          .leaf('t:Count', updated.conflictResults ?? 0)
          .end();
      },
      undefined,
      emptyItems,
    );
  },
};
