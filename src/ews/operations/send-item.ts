// SendItem: sends items already in the mailbox (drafts) by id. Each ItemId needs its current ChangeKey (a
// missing or stale one is ErrorStaleObject). SaveItemToFolder=true keeps the sent copy in Sent Items or in
// savedItemFolderId; false keeps none (then savedItemFolderId must be absent). One result per id.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import {
  readBaseFolderId,
  readItemIds,
  writeFolderIds,
  writeItemIds,
  type BaseFolderId,
  type BaseItemId,
} from '../types/ids.ts';
import { parseBool } from '../types/codec.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface SendItemInput {
  itemIds: BaseItemId[];
  saveItemToFolder: boolean;
  /** Where the sent copy goes instead of Sent Items; only with saveItemToFolder. */
  savedItemFolderId?: BaseFolderId;
}
export type SendItemOutput = BatchResult<null>[];

export const sendItem: Operation<SendItemInput, SendItemOutput> &
  ServerOperation<SendItemInput, SendItemOutput> = {
  name: 'SendItem',
  buildBody(input) {
    if (input.itemIds.length === 0) throw new EwsRequestError('SendItem needs at least one item id.');
    if (!input.saveItemToFolder && input.savedItemFolderId !== undefined)
      throw new EwsRequestError('SendItem: a saved-item folder needs saveItemToFolder.');
    const w = new XmlWriter().start('m:SendItem', { SaveItemToFolder: input.saveItemToFolder });
    writeItemIds(w, 'm:ItemIds', input.itemIds);
    if (input.savedItemFolderId !== undefined)
      writeFolderIds(w, 'm:SavedItemFolderId', [input.savedItemFolderId]);
    return w.end().toString();
  },
  parseBody: (body) => parseBatch(body, 'SendItemResponse', () => null),
  parseRequest(body: XmlElement) {
    const flag = body.attrs['SaveItemToFolder'];
    if (flag === undefined) throw new EwsProtocolError('SendItem without SaveItemToFolder.');
    const input: SendItemInput = {
      itemIds: readItemIds(requireChild(body, NS_MESSAGES, 'ItemIds')),
      saveItemToFolder: parseBool(flag),
    };
    const folderEl = child(body, NS_MESSAGES, 'SavedItemFolderId')?.children[0];
    const folder = folderEl === undefined ? undefined : readBaseFolderId(folderEl);
    if (folder !== undefined) input.savedItemFolderId = folder;
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('SendItemResponse', 'SendItemResponseMessage', output, () => undefined),
};
