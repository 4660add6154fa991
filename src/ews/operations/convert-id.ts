// ConvertId: translate item/folder ids between formats (EwsId, EwsLegacyId, EntryId, HexEntryId,
// StoreId, OwaId), one result per source id.
import { NS_MESSAGES, NS_TYPES, NS_XSI } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { boolAttr, requiredEnumAttr } from '../types/codec.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export const ID_FORMATS = ['EwsLegacyId', 'EwsId', 'EntryId', 'HexEntryId', 'StoreId', 'OwaId'] as const;
export type IdFormat = (typeof ID_FORMATS)[number];

export interface AlternateId {
  format: IdFormat;
  id: string;
  mailbox: string;
  isArchive?: boolean;
}

export interface ConvertIdInput {
  sourceIds: AlternateId[];
  destinationFormat: IdFormat;
}
export type ConvertIdOutput = BatchResult<AlternateId>[];

function readAlternateId(el: XmlElement): AlternateId {
  const a: AlternateId = {
    format: requiredEnumAttr(el, 'Format', ID_FORMATS),
    id: el.attrs['Id'] ?? '',
    mailbox: el.attrs['Mailbox'] ?? '',
  };
  const arch = boolAttr(el.attrs['IsArchive']);
  if (arch !== undefined) a.isArchive = arch;
  return a;
}

function attrsOf(a: AlternateId): Record<string, string | boolean | undefined> {
  return { Format: a.format, Id: a.id, Mailbox: a.mailbox, IsArchive: a.isArchive };
}

export const convertId: Operation<ConvertIdInput, ConvertIdOutput> &
  ServerOperation<ConvertIdInput, ConvertIdOutput> = {
  name: 'ConvertId',
  buildBody(input) {
    if (input.sourceIds.length === 0) throw new EwsRequestError('ConvertId needs at least one source id.');
    const w = new XmlWriter().start('m:ConvertId', { DestinationFormat: input.destinationFormat });
    w.start('m:SourceIds');
    for (const s of input.sourceIds) {
      if (s.mailbox === '') throw new EwsRequestError('ConvertId needs the mailbox of every source id.');
      w.empty('t:AlternateId', attrsOf(s));
    }
    w.end();
    return w.end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'ConvertIdResponse', (msg) => {
      const alt = child(msg, NS_MESSAGES, 'AlternateId');
      if (alt === undefined) throw new EwsProtocolError('ConvertIdResponseMessage without AlternateId.');
      return readAlternateId(alt);
    }),
  parseRequest: (body: XmlElement) => ({
    destinationFormat: requiredEnumAttr(body, 'DestinationFormat', ID_FORMATS),
    sourceIds: requireChild(body, NS_MESSAGES, 'SourceIds')
      .children.filter((c) => c.ns === NS_TYPES && c.local === 'AlternateId')
      .map(readAlternateId),
  }),
  buildResponseBody: (output) =>
    buildResponseMessages(
      'ConvertIdResponse',
      'ConvertIdResponseMessage',
      output,
      (w, a) => void w.empty('m:AlternateId', { 'xsi:type': 't:AlternateIdType', ...attrsOf(a) }),
      { 'xmlns:xsi': NS_XSI },
    ),
};
