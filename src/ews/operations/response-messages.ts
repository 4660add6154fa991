// m:XxxResponse/m:ResponseMessages/m:XxxResponseMessage (XSD ResponseMessageType), both directions.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter, type Attrs } from '../soap/xml-writer.ts';
import { parseMessageXml, writeMessageXml } from '../soap/message-xml.ts';
import { EwsProtocolError, ResponseMessageError, type MessageXmlValues } from '../errors.ts';
import type { BatchResult } from './operation.ts';
import { toResponseCode, type ResponseCode } from '../types/response-code.ts';

export type ResponseClass = 'Success' | 'Warning' | 'Error';

/** Response codes that, even with ResponseClass=Warning, mean the item was not processed. */
const WARNING_AS_ERROR: ReadonlySet<ResponseCode> = new Set<ResponseCode>(['ErrorBatchProcessingStopped']);

export function responseMessageError(msg: XmlElement): ResponseMessageError {
  const xml = child(msg, NS_MESSAGES, 'MessageXml');
  return new ResponseMessageError({
    // A missing or empty ResponseCode is kept as empty text; it reads as UnlistedResponseCode.
    responseCode: (child(msg, NS_MESSAGES, 'ResponseCode')?.text ?? '').trim(),
    messageText: (child(msg, NS_MESSAGES, 'MessageText')?.text ?? '').trim(),
    messageXml: xml === undefined ? {} : parseMessageXml(xml),
  });
}

/** Whether one ResponseMessage element carries a result (Success, or a Warning that still has data). */
export function isSuccessMessage(msg: XmlElement): boolean {
  const cls = msg.attrs['ResponseClass'];
  if (cls === 'Success') return true;
  if (cls === 'Warning') {
    const code = toResponseCode(child(msg, NS_MESSAGES, 'ResponseCode')?.text ?? '');
    return !WARNING_AS_ERROR.has(code);
  }
  return false;
}

/** The ResponseMessage elements of a response body, in order. */
export function responseMessagesOf(body: XmlElement, responseName: string): XmlElement[] {
  if (body.ns !== NS_MESSAGES || body.local !== responseName) {
    throw new EwsProtocolError(`Expected m:${responseName}, got <${body.local}> in "${body.ns}".`);
  }
  const list = child(body, NS_MESSAGES, 'ResponseMessages');
  if (list === undefined) throw new EwsProtocolError(`m:${responseName} has no ResponseMessages.`);
  return list.children.filter((c) => c.ns === NS_MESSAGES);
}

/** Map each ResponseMessage to a value or a ResponseMessageError, in order. */
export function parseBatch<T>(
  body: XmlElement,
  responseName: string,
  parseOne: (msg: XmlElement) => T,
): BatchResult<T>[] {
  return responseMessagesOf(body, responseName).map((msg): BatchResult<T> => {
    if (!isSuccessMessage(msg)) return { ok: false, error: responseMessageError(msg) };
    if (msg.attrs['ResponseClass'] === 'Warning') {
      return { ok: true, value: parseOne(msg), warning: responseMessageError(msg) };
    }
    return { ok: true, value: parseOne(msg) };
  });
}

// ---- server side --------------------------------------------------------------------------------

export interface ResponseMessageFailure {
  responseCode: string;
  /** Written instead of `responseCode` when given (a ResponseMessageError passed through keeps the
   * server's text even when the schema does not list it). */
  rawResponseCode?: string;
  messageText: string;
  messageXml?: MessageXmlValues;
  /** Default Error. */
  responseClass?: ResponseClass;
}

/**
 * Builds `m:<responseName>` with one `m:<messageName>` per entry. A success entry writes ResponseCode
 * NoError then its content via `writeContent` (with a `warning`: ResponseClass=Warning, its text and code,
 * then the content); a failure writes MessageText/ResponseCode/DescriptiveLinkKey/MessageXml in schema
 * order, then `writeErrorContent`.
 */
export function buildResponseMessages<T>(
  responseName: string,
  messageName: string,
  entries: readonly (
    { ok: true; value: T; warning?: ResponseMessageFailure } | { ok: false; error: ResponseMessageFailure }
  )[],
  writeContent: (w: XmlWriter, value: T) => void,
  rootAttrs?: Attrs,
  /** Elements the schema requires even in an error message (ItemInfoResponseMessageType needs m:Items). */
  writeErrorContent?: (w: XmlWriter) => void,
): string {
  const w = new XmlWriter();
  w.start(`m:${responseName}`, rootAttrs).start('m:ResponseMessages');
  for (const e of entries) {
    if (e.ok && e.warning === undefined) {
      w.start(`m:${messageName}`, { ResponseClass: 'Success' });
      w.leaf('m:ResponseCode', 'NoError');
      writeContent(w, e.value);
      w.end();
    } else if (e.ok) {
      w.start(`m:${messageName}`, { ResponseClass: 'Warning' });
      writeMessageHead(w, e.warning!);
      writeContent(w, e.value);
      w.end();
    } else {
      w.start(`m:${messageName}`, { ResponseClass: e.error.responseClass ?? 'Error' });
      writeMessageHead(w, e.error);
      writeErrorContent?.(w);
      w.end();
    }
  }
  w.end().end();
  return w.toString();
}

function writeMessageHead(w: XmlWriter, f: ResponseMessageFailure): void {
  w.leaf('m:MessageText', f.messageText);
  w.leaf('m:ResponseCode', f.rawResponseCode ?? f.responseCode);
  w.leaf('m:DescriptiveLinkKey', 0);
  if (f.messageXml !== undefined && Object.keys(f.messageXml).length > 0) {
    writeMessageXml(w, f.messageXml, 'm:MessageXml');
  }
}

/** AttachmentInfoResponseMessageType requires m:Attachments even when the message is an error. */
export function emptyAttachments(w: XmlWriter): void {
  w.empty('m:Attachments');
}

/**
 * What Exchange puts in a failed SyncFolderItems/SyncFolderHierarchy message (samples/SyncFolderItems-
 * response-2.xml, SyncFolderHierarchy-response-2.xml): an empty state and "nothing more to come".
 */
export function emptySyncPage(includesLast: 'IncludesLastItemInRange' | 'IncludesLastFolderInRange') {
  return (w: XmlWriter): void => void w.empty('m:SyncState').leaf(`m:${includesLast}`, true);
}
