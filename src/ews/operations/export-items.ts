// ExportItems: each item's full content as an opaque blob (Data) with its current ItemId, for backup or
// moving items between mailboxes with UploadItems. The blob's format is the server's own; clients store and
// send it back unchanged. One result per id.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { base64 } from '../types/codec.ts';
import { itemIdCodec, readItemId, type ItemId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface ExportItemsInput {
  itemIds: ItemId[];
}
export interface ExportedItem {
  itemId: ItemId;
  data: Uint8Array;
}
export type ExportItemsOutput = BatchResult<ExportedItem>[];

export const exportItems: Operation<ExportItemsInput, ExportItemsOutput> &
  ServerOperation<ExportItemsInput, ExportItemsOutput> = {
  name: 'ExportItems',
  buildBody(input) {
    if (input.itemIds.length === 0) throw new EwsRequestError('ExportItems needs at least one item id.');
    const w = new XmlWriter().start('m:ExportItems').start('m:ItemIds');
    for (const id of input.itemIds) itemIdCodec.write(w, 't:ItemId', id);
    return w.end().end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'ExportItemsResponse', (msg) => {
      const id = child(msg, NS_MESSAGES, 'ItemId');
      const data = child(msg, NS_MESSAGES, 'Data');
      if (id === undefined || data === undefined)
        throw new EwsProtocolError('ExportItemsResponseMessage without ItemId and Data.');
      return { itemId: readItemId(id), data: base64.read(data) };
    }),
  parseRequest(body: XmlElement) {
    const ids = requireChild(body, NS_MESSAGES, 'ItemIds').children.map((c) => {
      if (c.local !== 'ItemId') throw new EwsProtocolError(`The element '${c.local}' is unexpected here.`);
      return readItemId(c);
    });
    return { itemIds: ids };
  },
  buildResponseBody: (output) =>
    buildResponseMessages('ExportItemsResponse', 'ExportItemsResponseMessage', output, (w, v) => {
      itemIdCodec.write(w, 'm:ItemId', v.itemId);
      base64.write(w, 'm:Data', v.data);
    }),
};
