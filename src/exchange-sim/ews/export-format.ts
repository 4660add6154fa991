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
import type { FileAttachment, StoredItem } from '../mailbox/model.ts';
import { ItemError } from './errors.ts';
import { extendedPropertyXml } from './extended.ts';
import { parseNewItem } from './item-parse.ts';
import { elementXml } from '../xml/write-element.ts';

const MAGIC = Buffer.from('VXEX', 'latin1');
const FORMAT = 1;
const HEAD = MAGIC.length + 1 + 8;
/** An exported item inflates to at most this (attachments included); more is not one of our blobs. */
const MAX_ITEM_BYTES = 64 * 1024 * 1024;

export function exportItemData(item: StoredItem): Buffer {
  let xml = `<t:${item.element} xmlns:t="${NS_TYPES}">`;
  for (const el of item.props.values()) xml += elementXml(el);
  for (const p of item.extended.values()) xml += extendedPropertyXml(p);
  xml += extendedPropertyXml({
    uri: { PropertyTag: '0x0E07', PropertyType: 'Integer' },
    value: String(item.messageFlags),
  });
  if (item.attachments.length > 0) {
    xml += '<t:Attachments>';
    for (const a of item.attachments) {
      const cid = a.contentId === undefined ? '' : `<t:ContentId>${escapeText(a.contentId)}</t:ContentId>`;
      xml += `<t:FileAttachment><t:Name>${escapeText(a.name)}</t:Name><t:ContentType>${escapeText(a.contentType)}</t:ContentType>${cid}<t:IsInline>${a.isInline}</t:IsInline><t:Content>${a.content.toString('base64')}</t:Content></t:FileAttachment>`;
    }
    xml += '</t:Attachments>';
  }
  xml += `</t:${item.element}>`;
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head.writeUInt8(FORMAT, MAGIC.length);
  head.writeBigUInt64BE(BigInt(Math.max(0, item.received.getTime())), MAGIC.length + 1);
  return Buffer.concat([head, deflateRawSync(Buffer.from(xml, 'utf8'))]);
}

export interface ImportedItem {
  init: NewItem;
  attachments: Omit<FileAttachment, 'no'>[];
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
