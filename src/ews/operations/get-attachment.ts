// GetAttachment: attachments (with content) by AttachmentId, one result per id.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { attachmentsCodec, writeAttachment, type Attachment } from '../types/attachments.ts';
import { attachmentIdCodec } from '../types/ids.ts';
import { readPaths, writePath, type PropertyPath } from '../types/paths.ts';
import { parseBool } from '../types/codec.ts';
import type { BodyTypeResponse } from '../types/shapes.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, emptyAttachments, parseBatch } from './response-messages.ts';

export interface AttachmentShape {
  includeMimeContent?: boolean;
  bodyType?: BodyTypeResponse;
  filterHtmlContent?: boolean;
  additionalProperties?: PropertyPath[];
}

export interface GetAttachmentInput {
  attachmentIds: string[];
  shape?: AttachmentShape;
}
export type GetAttachmentOutput = BatchResult<Attachment>[];

export const getAttachment: Operation<GetAttachmentInput, GetAttachmentOutput> &
  ServerOperation<GetAttachmentInput, GetAttachmentOutput> = {
  name: 'GetAttachment',
  buildBody(input) {
    if (input.attachmentIds.length === 0) throw new EwsRequestError('GetAttachment needs at least one id.');
    const w = new XmlWriter().start('m:GetAttachment');
    const s = input.shape;
    if (s !== undefined) {
      w.start('m:AttachmentShape');
      if (s.includeMimeContent !== undefined) w.leaf('t:IncludeMimeContent', s.includeMimeContent);
      w.leafOpt('t:BodyType', s.bodyType);
      if (s.filterHtmlContent !== undefined) w.leaf('t:FilterHtmlContent', s.filterHtmlContent);
      if (s.additionalProperties !== undefined && s.additionalProperties.length > 0) {
        w.start('t:AdditionalProperties');
        for (const p of s.additionalProperties) writePath(w, p);
        w.end();
      }
      w.end();
    }
    w.start('m:AttachmentIds');
    for (const id of input.attachmentIds) w.empty('t:AttachmentId', { Id: id });
    w.end();
    return w.end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'GetAttachmentResponse', (msg) => {
      const list = child(msg, NS_MESSAGES, 'Attachments');
      const a = list === undefined ? undefined : attachmentsCodec.read(list)[0];
      if (a === undefined) throw new EwsProtocolError('GetAttachmentResponseMessage without an attachment.');
      return a;
    }),
  parseRequest(body: XmlElement) {
    const ids = requireChild(body, NS_MESSAGES, 'AttachmentIds')
      .children.filter((c) => c.ns === NS_TYPES && c.local === 'AttachmentId')
      .map((c) => attachmentIdCodec.read(c).id);
    const input: GetAttachmentInput = { attachmentIds: ids };
    const shapeEl = child(body, NS_MESSAGES, 'AttachmentShape');
    if (shapeEl !== undefined) {
      const shape: AttachmentShape = {};
      const mime = child(shapeEl, NS_TYPES, 'IncludeMimeContent');
      if (mime !== undefined) shape.includeMimeContent = parseBool(mime.text);
      const bt = child(shapeEl, NS_TYPES, 'BodyType');
      if (bt !== undefined) shape.bodyType = bt.text.trim() as BodyTypeResponse;
      const filter = child(shapeEl, NS_TYPES, 'FilterHtmlContent');
      if (filter !== undefined) shape.filterHtmlContent = parseBool(filter.text);
      const add = child(shapeEl, NS_TYPES, 'AdditionalProperties');
      if (add !== undefined) shape.additionalProperties = readPaths(add);
      input.shape = shape;
    }
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages(
      'GetAttachmentResponse',
      'GetAttachmentResponseMessage',
      output,
      (w, a) => {
        w.start('m:Attachments');
        writeAttachment(w, a);
        w.end();
      },
      undefined,
      emptyAttachments,
    ),
};
