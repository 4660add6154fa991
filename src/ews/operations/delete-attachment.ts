// DeleteAttachment: remove attachments by AttachmentId. Each result names the parent (root) item with its
// new ChangeKey, since removing an attachment changes the item.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { attachmentIdCodec, type ItemId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface DeleteAttachmentInput {
  attachmentIds: string[];
}
/** The root item's id and new ChangeKey. */
export type DeleteAttachmentOutput = BatchResult<ItemId>[];

export const deleteAttachment: Operation<DeleteAttachmentInput, DeleteAttachmentOutput> &
  ServerOperation<DeleteAttachmentInput, DeleteAttachmentOutput> = {
  name: 'DeleteAttachment',
  buildBody(input) {
    if (input.attachmentIds.length === 0)
      throw new EwsRequestError('DeleteAttachment needs at least one attachment id.');
    const w = new XmlWriter().start('m:DeleteAttachment').start('m:AttachmentIds');
    for (const id of input.attachmentIds) w.empty('t:AttachmentId', { Id: id });
    return w.end().end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'DeleteAttachmentResponse', (msg) => {
      const root = child(msg, NS_MESSAGES, 'RootItemId');
      const id = root?.attrs['RootItemId'];
      if (id === undefined) throw new EwsProtocolError('DeleteAttachmentResponseMessage without RootItemId.');
      const ck = root?.attrs['RootItemChangeKey'];
      return ck === undefined ? { id } : { id, changeKey: ck };
    }),
  parseRequest: (body: XmlElement) => ({
    attachmentIds: requireChild(body, NS_MESSAGES, 'AttachmentIds')
      .children.filter((c) => c.ns === NS_TYPES && c.local === 'AttachmentId')
      .map((c) => attachmentIdCodec.read(c).id),
  }),
  buildResponseBody: (output) =>
    buildResponseMessages('DeleteAttachmentResponse', 'DeleteAttachmentResponseMessage', output, (w, root) =>
      w.empty('m:RootItemId', { RootItemId: root.id, RootItemChangeKey: root.changeKey }),
    ),
};
