// Shared by MoveItem and CopyItem (BaseMoveCopyItemType). A move changes the item's Id; the new id comes back
// in m:Items unless ReturnNewItemIds=false.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { parseBool } from '../types/codec.ts';
import {
  readBaseFolderId,
  readItemIds,
  writeFolderIds,
  writeItemIds,
  type BaseFolderId,
  type BaseItemId,
  type ItemId,
} from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { emptyItems, itemsOf, writeItems } from './items-response.ts';

export interface MoveCopyItemInput {
  toFolderId: BaseFolderId;
  itemIds: BaseItemId[];
  returnNewItemIds?: boolean;
}
export interface MovedItem {
  newItemId: ItemId | undefined;
  /** Server side: the element the new id is written in (Message, Contact...); t:Item when absent. */
  element?: string;
}
export type MoveCopyItemOutput = BatchResult<MovedItem>[];

export function moveCopy(
  name: 'MoveItem' | 'CopyItem',
): Operation<MoveCopyItemInput, MoveCopyItemOutput> & ServerOperation<MoveCopyItemInput, MoveCopyItemOutput> {
  return {
    name,
    buildBody(input) {
      if (input.itemIds.length === 0) throw new EwsRequestError(`${name} needs at least one item id.`);
      const w = new XmlWriter().start(`m:${name}`);
      writeFolderIds(w, 'm:ToFolderId', [input.toFolderId]);
      writeItemIds(w, 'm:ItemIds', input.itemIds);
      if (input.returnNewItemIds !== undefined) w.leaf('m:ReturnNewItemIds', input.returnNewItemIds);
      return w.end().toString();
    },
    parseBody: (body) =>
      parseBatch(body, `${name}Response`, (msg) => ({ newItemId: itemsOf(msg)[0]?.itemId })),
    parseRequest(body: XmlElement) {
      const to = requireChild(body, NS_MESSAGES, 'ToFolderId')
        .children.map(readBaseFolderId)
        .find((f) => f !== undefined);
      if (to === undefined) throw new EwsProtocolError(`${name} without a target folder.`);
      const input: MoveCopyItemInput = {
        toFolderId: to,
        itemIds: readItemIds(requireChild(body, NS_MESSAGES, 'ItemIds')),
      };
      const r = child(body, NS_MESSAGES, 'ReturnNewItemIds');
      if (r !== undefined) input.returnNewItemIds = parseBool(r.text);
      return input;
    },
    buildResponseBody: (output) =>
      buildResponseMessages(
        `${name}Response`,
        `${name}ResponseMessage`,
        output,
        (w, v) => {
          if (v.newItemId === undefined) w.empty('m:Items');
          else writeItems(w, [{ kind: 'Item', element: v.element ?? 'Item', itemId: v.newItemId }]);
        },
        undefined,
        emptyItems,
      ),
  };
}
