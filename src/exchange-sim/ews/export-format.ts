// The simulator's ExportItems blob (opaque to clients, D: exportitems-operation.md): "VXEX", a format byte
// (1), the received time (ms since 1970, 8 bytes), then the item as a deflated CreateItem-style element -
// stored properties, extended properties (PR_MESSAGE_FLAGS carries read/draft state) and file attachments.
// Importing runs that element through the same parser as CreateItem, so a blob is checked like a request;
// anything that is not such a blob is ErrorCorruptData.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import { escapeText } from '../../ews/soap/xml-writer.ts';
import { parseXml } from '../../ews/soap/xml-tree.ts';
import type { NewItem } from '../mailbox/mailbox.ts';
import type { Attachment, EmbeddedItem, StoredItem } from '../mailbox/model.ts';
import { ItemError } from './errors.ts';
import { extendedPropertyXml, PR_MESSAGE_FLAGS } from './extended.ts';
import { parseNewItem, type NewAttachment } from './item-parse.ts';
import { elementXml } from '../xml/write-element.ts';

const MAGIC = Buffer.from('VXEX', 'latin1');
const FORMAT = 1;
const HEAD = MAGIC.length + 1 + 8;
/** An exported item inflates to at most this (attachments included); more is not one of our blobs. */
const MAX_ITEM_BYTES = 64 * 1024 * 1024;

/** An item's own content as a CreateItem-style element: stored and extended properties, read/draft state. */
function contentXml(item: EmbeddedItem, inner: string): string {
  let xml = `<t:${item.element}>`;
  for (const el of item.props.values()) xml += elementXml(el);
  xml += inner;
  for (const p of item.extended.values()) xml += extendedPropertyXml(p);
  xml += extendedPropertyXml({
    uri: { propertyTag: PR_MESSAGE_FLAGS, propertyType: 'Integer' },
    value: String(item.messageFlags),
  });
  return `${xml}</t:${item.element}>`;
}

function attachmentXml(a: Attachment): string {
  const head = `<t:Name>${escapeText(a.name)}</t:Name><t:ContentType>${escapeText(a.contentType)}</t:ContentType>${
    a.contentId === undefined ? '' : `<t:ContentId>${escapeText(a.contentId)}</t:ContentId>`
  }<t:IsInline>${a.isInline}</t:IsInline>`;
  if (a.kind === 'file') {
    return `<t:FileAttachment>${head}<t:Content>${a.content.toString('base64')}</t:Content></t:FileAttachment>`;
  }
  return `<t:ItemAttachment>${head}${contentXml(a.item, '')}</t:ItemAttachment>`;
}

export function exportItemData(item: StoredItem): Buffer {
  // Attachments sit in their schema position (after Body), so they are written with the properties.
  const attachments =
    item.attachments.length === 0
      ? ''
      : `<t:Attachments>${item.attachments.map(attachmentXml).join('')}</t:Attachments>`;
  const xml = contentXml(item, attachments).replace(
    `<t:${item.element}>`,
    `<t:${item.element} xmlns:t="${NS_TYPES}">`,
  );
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head.writeUInt8(FORMAT, MAGIC.length);
  head.writeBigUInt64BE(BigInt(Math.max(0, item.received.getTime())), MAGIC.length + 1);
  return Buffer.concat([head, deflateRawSync(Buffer.from(xml, 'utf8'))]);
}

export interface ImportedItem {
  init: NewItem;
  attachments: NewAttachment[];
}

const corrupt = (why: string): ItemError =>
  new ItemError('ErrorCorruptData', `The item data is corrupt and cannot be processed: ${why}.`);

export function importItemData(data: Uint8Array): ImportedItem {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (b.length < HEAD || !b.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt('not an exported item');
  if (b.readUInt8(MAGIC.length) !== FORMAT) throw corrupt('unknown format');
  const received = new Date(Number(b.readBigUInt64BE(MAGIC.length + 1)));
  let xml: Buffer;
  try {
    xml = inflateRawSync(b.subarray(HEAD), { maxOutputLength: MAX_ITEM_BYTES });
  } catch {
    throw corrupt('the content does not inflate');
  }
  try {
    const parsed = parseNewItem(parseXml(xml, { maxBytes: MAX_ITEM_BYTES }));
    const init: NewItem = Number.isNaN(received.getTime()) ? parsed.init : { ...parsed.init, received };
    return { init, attachments: parsed.attachments };
  } catch (err) {
    // The blob is ours but its item does not parse (XML, schema or item errors): damaged data.
    throw corrupt(err instanceof Error ? err.message : String(err));
  }
}
