// FileAttachmentType and ItemAttachmentType (types.xsd AttachmentType sequence).
import { NS_TYPES } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import {
  base64,
  bool,
  dateTime,
  field,
  int,
  readFields,
  str,
  table,
  writeFields,
  type Codec,
} from './codec.ts';
import { attachmentIdCodec, type AttachmentId } from './ids.ts';

interface AttachmentBase {
  attachmentId?: AttachmentId;
  name?: string;
  contentType?: string;
  contentId?: string;
  contentLocation?: string;
  size?: number;
  lastModifiedTime?: string;
  isInline?: boolean;
}

export interface FileAttachment extends AttachmentBase {
  kind: 'file';
  isContactPhoto?: boolean;
  content?: Uint8Array;
}

/** An attached item; `item` is the parsed embedded item when the server sent it (GetAttachment). */
export interface ItemAttachment<TItem = unknown> extends AttachmentBase {
  kind: 'item';
  item?: TItem;
  /**
   * Server side: the embedded item already serialized, written in place of `item` (the Exchange simulator
   * keeps item content as sent, so it does not go through the typed item codecs).
   */
  itemXml?: string;
}

export type Attachment = FileAttachment | ItemAttachment;

const baseFields = [
  field('AttachmentId', 'attachmentId', attachmentIdCodec),
  field('Name', 'name', str),
  field('ContentType', 'contentType', str),
  field('ContentId', 'contentId', str),
  field('ContentLocation', 'contentLocation', str),
  field('Size', 'size', int),
  field('LastModifiedTime', 'lastModifiedTime', dateTime),
  field('IsInline', 'isInline', bool),
];
const fileTable = table([
  ...baseFields,
  field('IsContactPhoto', 'isContactPhoto', bool),
  field('Content', 'content', base64),
]);
const itemBaseTable = table(baseFields);

/** The item (de)serializer, registered by items.ts (items contain attachments which contain items). */
interface NestedItemCodec {
  read(el: XmlElement): unknown;
  write(w: XmlWriter, item: unknown): void;
  isItemElement(el: XmlElement): boolean;
}
let nested: NestedItemCodec | undefined;
export function registerNestedItemCodec(codec: NestedItemCodec): void {
  nested = codec;
}

export function readAttachment(el: XmlElement): Attachment | undefined {
  if (el.ns !== NS_TYPES) return undefined;
  if (el.local === 'FileAttachment') {
    const out: Record<string, unknown> = { kind: 'file' };
    readFields(el, fileTable, out);
    return out as unknown as FileAttachment;
  }
  if (el.local === 'ItemAttachment' || el.local === 'ReferenceAttachment') {
    const out: Record<string, unknown> = { kind: 'item' };
    readFields(el, itemBaseTable, out);
    const inner = nested === undefined ? undefined : el.children.find((c) => nested!.isItemElement(c));
    if (inner !== undefined) out['item'] = nested!.read(inner);
    return out as unknown as ItemAttachment;
  }
  return undefined;
}

export function writeAttachment(w: XmlWriter, a: Attachment): void {
  if (a.kind === 'file') {
    w.start('t:FileAttachment');
    writeFields(w, a, fileTable);
    w.end();
  } else {
    w.start('t:ItemAttachment');
    writeFields(w, a, itemBaseTable);
    if (a.itemXml !== undefined) w.raw(a.itemXml);
    else if (a.item !== undefined && nested !== undefined) nested.write(w, a.item);
    w.end();
  }
}

/** NonEmptyArrayOfAttachmentsType. */
export const attachmentsCodec: Codec<Attachment[]> = {
  read: (el) => {
    const out: Attachment[] = [];
    for (const c of el.children) {
      const a = readAttachment(c);
      if (a !== undefined) out.push(a);
    }
    return out;
  },
  write: (w, q, v) => {
    if (v.length === 0) return;
    w.start(q);
    for (const a of v) writeAttachment(w, a);
    w.end();
  },
};
