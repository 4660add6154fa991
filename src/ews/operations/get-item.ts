// GetItem: items by id with a response shape (base shape + AdditionalProperties incl. extended and
// indexed fields). One result per requested id, in order.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { readItemIds, writeItemIds, type BaseItemId } from '../types/ids.ts';
import { readItemShape, writeItemShape, type ItemShape } from '../types/shapes.ts';
import type { Item } from '../types/items.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { emptyItems, itemsOf, writeItems } from './items-response.ts';

export interface GetItemInput {
  itemIds: BaseItemId[];
  shape: ItemShape;
}
export type GetItemOutput = BatchResult<Item>[];

export const getItem: Operation<GetItemInput, GetItemOutput> & ServerOperation<GetItemInput, GetItemOutput> =
  {
    name: 'GetItem',
    buildBody(input) {
      if (input.itemIds.length === 0) throw new EwsRequestError('GetItem needs at least one item id.');
      const w = new XmlWriter().start('m:GetItem');
      writeItemShape(w, 'm:ItemShape', input.shape);
      writeItemIds(w, 'm:ItemIds', input.itemIds);
      return w.end().toString();
    },
    parseBody(body) {
      return parseBatch(body, 'GetItemResponse', (msg) => {
        const item = itemsOf(msg)[0];
        if (item === undefined) throw new EwsProtocolError('GetItemResponseMessage without an item.');
        return item;
      });
    },
    parseRequest(body: XmlElement) {
      return {
        shape: readItemShape(requireChild(body, NS_MESSAGES, 'ItemShape')),
        itemIds: readItemIds(requireChild(body, NS_MESSAGES, 'ItemIds')),
      };
    },
    buildResponseBody(output) {
      return buildResponseMessages(
        'GetItemResponse',
        'GetItemResponseMessage',
        output,
        (w, item) => writeItems(w, [item]),
        undefined,
        emptyItems,
      );
    },
  };
