// CreateItem: messages (incl. FileAttachments and extended properties; SaveOnly into a folder is how
// voicemails are deposited), contacts and calendar items (with recurrence and time zones).
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';
import { enumAttr } from '../types/codec.ts';
import { readBaseFolderId, writeFolderIds, type BaseFolderId, type ItemId } from '../types/ids.ts';
import { readItems, writeItem, type Item } from '../types/items.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { emptyItems, itemsOf, writeItems } from './items-response.ts';

export const MESSAGE_DISPOSITIONS = ['SaveOnly', 'SendOnly', 'SendAndSaveCopy'] as const;
export type MessageDisposition = (typeof MESSAGE_DISPOSITIONS)[number];
export const SEND_MEETING_INVITATIONS = ['SendToNone', 'SendOnlyToAll', 'SendToAllAndSaveCopy'] as const;
export type SendMeetingInvitations = (typeof SEND_MEETING_INVITATIONS)[number];

export interface CreateItemInput {
  items: Item[];
  savedItemFolderId?: BaseFolderId;
  /** Required by Exchange for messages; SaveOnly stores without sending. */
  messageDisposition?: MessageDisposition;
  /** Required by Exchange for calendar items; SendToNone for synchronization. */
  sendMeetingInvitations?: SendMeetingInvitations;
}

/** The created item's id (and whatever else the server echoed, usually nothing). */
export interface CreatedItem {
  itemId: ItemId | undefined;
  item: Item | undefined;
}
export type CreateItemOutput = BatchResult<CreatedItem>[];

/**
 * CreateItem's parameters other than the items: a server that stores items as sent (the Exchange
 * simulator) reads the item elements itself.
 */
export function readCreateItemOptions(body: XmlElement): Omit<CreateItemInput, 'items'> {
  const input: Omit<CreateItemInput, 'items'> = {};
  const saved = child(body, NS_MESSAGES, 'SavedItemFolderId');
  const folder = saved?.children.map(readBaseFolderId).find((f) => f !== undefined);
  if (folder !== undefined) input.savedItemFolderId = folder;
  const md = enumAttr(body, 'MessageDisposition', MESSAGE_DISPOSITIONS);
  if (md !== undefined) input.messageDisposition = md;
  const smi = enumAttr(body, 'SendMeetingInvitations', SEND_MEETING_INVITATIONS);
  if (smi !== undefined) input.sendMeetingInvitations = smi;
  return input;
}

export const createItem: Operation<CreateItemInput, CreateItemOutput> &
  ServerOperation<CreateItemInput, CreateItemOutput> = {
  name: 'CreateItem',
  buildBody(input) {
    if (input.items.length === 0) throw new EwsRequestError('CreateItem needs at least one item.');
    const w = new XmlWriter().start('m:CreateItem', {
      MessageDisposition: input.messageDisposition,
      SendMeetingInvitations: input.sendMeetingInvitations,
    });
    if (input.savedItemFolderId !== undefined)
      writeFolderIds(w, 'm:SavedItemFolderId', [input.savedItemFolderId]);
    w.start('m:Items');
    for (const item of input.items) writeItem(w, item);
    w.end();
    return w.end().toString();
  },
  parseBody(body) {
    return parseBatch(body, 'CreateItemResponse', (msg) => {
      const item = itemsOf(msg)[0];
      return { itemId: item?.itemId, item };
    });
  },
  parseRequest(body: XmlElement) {
    return { ...readCreateItemOptions(body), items: readItems(requireChild(body, NS_MESSAGES, 'Items')) };
  },
  buildResponseBody(output) {
    return buildResponseMessages(
      'CreateItemResponse',
      'CreateItemResponseMessage',
      output,
      (w, created) => {
        if (created.item !== undefined) writeItems(w, [created.item]);
        else if (created.itemId !== undefined) writeItems(w, [{ kind: 'Message', itemId: created.itemId }]);
        else w.empty('m:Items');
      },
      undefined,
      emptyItems,
    );
  },
};
