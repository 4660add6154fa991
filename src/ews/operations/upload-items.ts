// UploadItems: puts blobs from ExportItems back into a mailbox (the same or another one). CreateNew makes a
// new item in parentFolderId; Update replaces the content of itemId; UpdateOrCreate updates itemId when it
// still exists, else creates. One result per item: the ItemId of the item written.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { base64, boolAttr } from '../types/codec.ts';
import { itemIdCodec, readItemId, type FolderId, type ItemId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export type CreateAction = 'CreateNew' | 'Update' | 'UpdateOrCreate';
const CREATE_ACTIONS: readonly string[] = ['CreateNew', 'Update', 'UpdateOrCreate'];

export interface UploadItem {
  createAction: CreateAction;
  /** A folder id (not a distinguished name: the schema's ParentFolderId is a FolderIdType). */
  parentFolderId: FolderId;
  /** Required for Update, optional for UpdateOrCreate. */
  itemId?: ItemId;
  data: Uint8Array;
  isAssociated?: boolean;
}
export interface UploadItemsInput {
  items: UploadItem[];
}
export type UploadItemsOutput = BatchResult<ItemId | undefined>[];

export const uploadItems: Operation<UploadItemsInput, UploadItemsOutput> &
  ServerOperation<UploadItemsInput, UploadItemsOutput> = {
  name: 'UploadItems',
  buildBody(input) {
    if (input.items.length === 0) throw new EwsRequestError('UploadItems needs at least one item.');
    const w = new XmlWriter().start('m:UploadItems').start('m:Items');
    for (const it of input.items) {
      if (it.createAction === 'Update' && it.itemId === undefined)
        throw new EwsRequestError('UploadItems: CreateAction Update needs the ItemId to update.');
      w.start('t:Item', { CreateAction: it.createAction, IsAssociated: it.isAssociated });
      itemIdCodec.write(w, 't:ParentFolderId', it.parentFolderId);
      if (it.itemId !== undefined) itemIdCodec.write(w, 't:ItemId', it.itemId);
      base64.write(w, 't:Data', it.data);
      w.end();
    }
    return w.end().end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'UploadItemsResponse', (msg) => {
      const id = child(msg, NS_MESSAGES, 'ItemId');
      return id === undefined ? undefined : readItemId(id);
    }),
  parseRequest(body: XmlElement) {
    const items = requireChild(body, NS_MESSAGES, 'Items').children.map((el): UploadItem => {
      const action = el.attrs['CreateAction'] ?? '';
      if (!CREATE_ACTIONS.includes(action)) {
        throw new EwsProtocolError(
          `The 'CreateAction' attribute is invalid - The value '${action}' is invalid according to its datatype 'CreateActionType' - The Enumeration constraint failed.`,
        );
      }
      const item: UploadItem = {
        createAction: action as CreateAction,
        parentFolderId: readItemId(requireChild(el, NS_TYPES, 'ParentFolderId')),
        data: base64.read(requireChild(el, NS_TYPES, 'Data')),
      };
      const id = child(el, NS_TYPES, 'ItemId');
      if (id !== undefined) item.itemId = readItemId(id);
      const assoc = boolAttr(el.attrs['IsAssociated']);
      if (assoc !== undefined) item.isAssociated = assoc;
      return item;
    });
    return { items };
  },
  buildResponseBody: (output) =>
    buildResponseMessages('UploadItemsResponse', 'UploadItemsResponseMessage', output, (w, id) => {
      if (id !== undefined) itemIdCodec.write(w, 'm:ItemId', id);
    }),
};
