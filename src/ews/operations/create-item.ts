// CreateItem: messages (incl. FileAttachments and extended properties; SaveOnly into a folder is how
// voicemails are deposited), contacts and calendar items (with recurrence and time zones).
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';
import { readBaseFolderId, writeFolderIds, type BaseFolderId, type ItemId } from '../types/ids.ts';
import { readItems, writeItem, type Item } from '../types/items.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { emptyItems, itemsOf, writeItems } from './items-response.ts';

export type MessageDisposition = 'SaveOnly' | 'SendOnly' | 'SendAndSaveCopy';
export type SendMeetingInvitations = 'SendToNone' | 'SendOnlyToAll' | 'SendToAllAndSaveCopy';

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
    const input: CreateItemInput = { items: readItems(requireChild(body, NS_MESSAGES, 'Items')) };
    const saved = child(body, NS_MESSAGES, 'SavedItemFolderId');
    const folder = saved?.children.map(readBaseFolderId).find((f) => f !== undefined);
    if (folder !== undefined) input.savedItemFolderId = folder;
    const md = body.attrs['MessageDisposition'];
    if (md !== undefined) input.messageDisposition = md as MessageDisposition;
    const smi = body.attrs['SendMeetingInvitations'];
    if (smi !== undefined) input.sendMeetingInvitations = smi as SendMeetingInvitations;
    return input;
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
