// CreateAttachment: add attachments to an existing item. Each result carries the new AttachmentId,
// whose RootItemChangeKey is the parent item's new ChangeKey.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { attachmentsCodec, writeAttachment, type Attachment } from '../types/attachments.ts';
import { readItemId, type AttachmentId, type ItemId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, emptyAttachments, parseBatch } from './response-messages.ts';

export interface CreateAttachmentInput {
  parentItemId: ItemId;
  attachments: Attachment[];
}
/** The new attachment's id; `kind` says which element the server answered with (file when absent). */
export type CreatedAttachment = AttachmentId & { kind?: Attachment['kind'] };
export type CreateAttachmentOutput = BatchResult<CreatedAttachment>[];

export const createAttachment: Operation<CreateAttachmentInput, CreateAttachmentOutput> &
  ServerOperation<CreateAttachmentInput, CreateAttachmentOutput> = {
  name: 'CreateAttachment',
  buildBody(input) {
    if (input.attachments.length === 0)
      throw new EwsRequestError('CreateAttachment needs at least one attachment.');
    const w = new XmlWriter().start('m:CreateAttachment');
    w.empty('m:ParentItemId', { Id: input.parentItemId.id, ChangeKey: input.parentItemId.changeKey });
    w.start('m:Attachments');
    for (const a of input.attachments) writeAttachment(w, a);
    w.end();
    return w.end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'CreateAttachmentResponse', (msg) => {
      const list = child(msg, NS_MESSAGES, 'Attachments');
      const a = list === undefined ? undefined : attachmentsCodec.read(list)[0];
      if (a?.attachmentId === undefined)
        throw new EwsProtocolError('CreateAttachmentResponseMessage without an AttachmentId.');
      return { ...a.attachmentId, kind: a.kind };
    }),
  parseRequest(body: XmlElement) {
    return {
      parentItemId: readItemId(requireChild(body, NS_MESSAGES, 'ParentItemId')),
      attachments: attachmentsCodec.read(requireChild(body, NS_MESSAGES, 'Attachments')),
    };
  },
  buildResponseBody: (output) =>
    buildResponseMessages(
      'CreateAttachmentResponse',
      'CreateAttachmentResponseMessage',
      output,
      (w, created) => {
        const { kind, ...attachmentId } = created;
        w.start('m:Attachments');
        writeAttachment(w, { kind: kind ?? 'file', attachmentId });
        w.end();
      },
      undefined,
      emptyAttachments,
    ),
};
