// Stored items → t:Message / t:Contact / t:CalendarItem XML for a requested shape.
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { Attachment, EmbeddedItem, StoredItem } from '../mailbox/model.ts';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { Attachment as WireAttachment } from '../../ews/types/attachments.ts';
import { ITEM_ORDER } from '../mailbox/schema-order.ts';
import { elementXml } from '../xml/write-element.ts';
import { extendedPropertyXml, PR_MESSAGE_FLAGS } from './extended.ts';
import { itemTag } from './mapi-props.ts';
import { mimeContentOf } from './mime.ts';
import type { Shape } from './shape.ts';
import { encodeId } from '../mailbox/ids.ts';
import { masterSummary } from './calendar/occurrences.ts';
import { computedXml, isoSeconds } from './computed.ts';
import {
  attachmentSize,
  calendarUid,
  DERIVED_NOT_IN_DEFAULT,
  derivedProperties,
  itemSize,
} from './item-derived.ts';

/** ItemClass of an item created without one. */
export const DEFAULT_CLASS: Record<string, string> = {
  Message: 'IPM.Note',
  Contact: 'IPM.Contact',
  CalendarItem: 'IPM.Appointment',
  Task: 'IPM.Task',
  Item: 'IPM',
};

/** Properties a Default shape leaves out (they cost the server; clients ask for them explicitly). */
const NOT_IN_DEFAULT = new Set(['MimeContent', 'Body', 'InternetMessageHeaders', 'UniqueBody']);

export type WriteMode = 'get' | 'find' | 'sync';

export function attachmentId(mailbox: Mailbox, item: StoredItem, no: number): string {
  return encodeId('occurrence', mailbox.no, item.uid, 0x10000 + no);
}

const iso = isoSeconds;

/**
 * One attachment in the shared attachment model: the summary GetItem lists (no content), or with `content`
 * the full attachment of GetAttachment (file bytes, or the attached item written for `shape`).
 */
export function wireAttachment(
  mailbox: Mailbox,
  item: StoredItem,
  a: Attachment,
  content?: { shape: Shape },
): WireAttachment {
  const base = {
    attachmentId: { id: attachmentId(mailbox, item, a.no) },
    name: a.name,
    ...(a.contentType === '' ? {} : { contentType: a.contentType }),
    ...(a.contentId === undefined ? {} : { contentId: a.contentId }),
    size: attachmentSize(a),
    lastModifiedTime: iso(a.lastModified).slice(0, -1),
    isInline: a.isInline,
  };
  if (a.kind === 'file') {
    return { kind: 'file', ...base, isContactPhoto: false, ...(content ? { content: a.content } : {}) };
  }
  // The attached item's content is kept as sent, so it is written here and passed on as XML.
  return { kind: 'item', ...base, ...(content ? { itemXml: writeEmbeddedItem(a.item, content.shape) } : {}) };
}

/** Computed properties, as XML by element name, for the item's current state. */
function computed(mailbox: Mailbox, item: StoredItem, want: (name: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  const put = (name: string, value: unknown): void => void out.set(name, computedXml(item.kind, name, value));
  put('ItemId', mailbox.itemId(item));
  put('ParentFolderId', mailbox.folderId(item.folder));
  if (!item.props.has('ItemClass')) put('ItemClass', DEFAULT_CLASS[item.kind] ?? 'IPM');
  if (item.attachments.length > 0) {
    put(
      'Attachments',
      item.attachments.map((a) => wireAttachment(mailbox, item, a)),
    );
  }
  put('DateTimeReceived', iso(item.received));
  put('Size', itemSize(item));
  if (!item.props.has('Sensitivity')) put('Sensitivity', 'Normal');
  if (!item.props.has('Importance')) put('Importance', 'Normal');
  put('IsSubmitted', false);
  put('IsDraft', item.kind === 'Message' && (item.messageFlags & 8) !== 0);
  put('DateTimeCreated', iso(item.created));
  put(
    'HasAttachments',
    item.attachments.some((a) => !a.isInline),
  );
  put('LastModifiedTime', iso(item.modified));
  if (item.kind === 'Message') put('IsRead', item.isRead);
  for (const [k, v] of derivedProperties(mailbox, item, want)) out.set(k, v);
  if (item.kind === 'CalendarItem') {
    const recurring = item.props.has('Recurrence');
    put('CalendarItemType', recurring ? 'RecurringMaster' : 'Single');
    put('IsRecurring', recurring);
    if (recurring) for (const [k, v] of masterSummary(mailbox, item)) out.set(k, v);
  }
  return out;
}

function extendedXml(item: StoredItem, shape: Shape): string {
  let x = '';
  for (const [key, uri] of shape.extended) {
    if (key.startsWith(`tag:${PR_MESSAGE_FLAGS}:`)) {
      if (item.kind === 'Message') x += extendedPropertyXml({ uri, value: String(item.messageFlags) });
      continue;
    }
    const p = item.extended.get(key);
    if (p) {
      x += extendedPropertyXml({ uri, value: p.value });
      continue;
    }
    const computedValue =
      uri.propertyTag !== undefined ? itemTag(item, uri.propertyTag, itemSize(item)) : undefined;
    if (computedValue !== undefined) x += extendedPropertyXml({ uri, value: computedValue });
  }
  return x;
}

/** Writes the item element for the shape. Find and sync responses never include Body/Attachments content. */
export function writeItem(mailbox: Mailbox, item: StoredItem, shape: Shape, mode: WriteMode): string {
  const order = ITEM_ORDER[item.kind];
  const tag = `t:${item.element === 'Item' ? 'Item' : item.kind}`;
  if (
    shape.base === 'IdOnly' &&
    shape.fields.size === 0 &&
    shape.indexed.size === 0 &&
    shape.extended.size === 0 &&
    !shape.includeMime
  ) {
    return `<${tag}>${computedXml(item.kind, 'ItemId', mailbox.itemId(item))}</${tag}>`;
  }
  const parts: { pos: number; xml: string }[] = [];
  const want = (name: string): boolean => {
    if (name === 'ItemId') return true;
    if (shape.fields.has(name)) return mode === 'get' || (name !== 'Body' && name !== 'Attachments');
    if (shape.base === 'IdOnly') return false;
    if (mode !== 'get' && (name === 'Body' || name === 'Attachments')) return false;
    return shape.base === 'AllProperties' || (!NOT_IN_DEFAULT.has(name) && !DERIVED_NOT_IN_DEFAULT.has(name));
  };
  const comp = computed(mailbox, item, want);
  for (const [name, xml] of comp) if (want(name)) parts.push({ pos: order.get(name) ?? 9999, xml });
  for (const [name, el] of item.props) {
    if (comp.has(name)) continue;
    const entries = want(name) ? el : indexedEntries(el, shape.indexed.get(name));
    if (entries) parts.push({ pos: order.get(name) ?? 9999, xml: elementXml(entries, `t:${name}`) });
  }
  if ((shape.includeMime || shape.fields.has('MimeContent')) && mode === 'get') {
    parts.push({
      pos: -1,
      xml: `<t:MimeContent CharacterSet="UTF-8">${Buffer.from(mimeContentOf(item, calendarUid(mailbox, item))).toString('base64')}</t:MimeContent>`,
    });
  }
  const ext = extendedXml(item, shape);
  if (ext) parts.push({ pos: order.get('ExtendedProperty')!, xml: ext });
  parts.sort((a, b) => a.pos - b.pos);
  return `<${tag}>${parts.map((p) => p.xml).join('')}</${tag}>`;
}

/** Only the dictionary entries (and physical address parts) an IndexedFieldURI asked for; Exchange returns
 * just the requested entry, not the whole dictionary. */
function indexedEntries(el: XmlElement, wanted: ReadonlySet<string> | undefined): XmlElement | undefined {
  if (!wanted) return undefined;
  const children: XmlElement[] = [];
  for (const entry of el.children) {
    const key = entry.attrs['Key'] ?? '';
    if (wanted.has(key)) children.push(entry);
    else {
      const partsOf = entry.children.filter((p) => wanted.has(`${key}/${p.local}`));
      if (partsOf.length > 0) children.push({ ...entry, children: partsOf });
    }
  }
  return children.length > 0 ? { ...el, children } : undefined;
}

/**
 * An attached item (GetAttachment): its stored properties as sent, with the defaults a created item gets,
 * for the AttachmentShape (base AllProperties; extended properties only when asked for). An attached item
 * has no id, folder or change history, so those properties are absent.
 */
function writeEmbeddedItem(e: EmbeddedItem, shape: Shape): string {
  const order = ITEM_ORDER[e.kind];
  const parts: { pos: number; xml: string }[] = [];
  const add = (name: string, xml: string): void => void parts.push({ pos: order.get(name) ?? 9999, xml });
  for (const [name, el] of e.props) add(name, elementXml(el, `t:${name}`));
  const put = (name: string, value: unknown): void => add(name, computedXml(e.kind, name, value));
  if (!e.props.has('ItemClass')) put('ItemClass', DEFAULT_CLASS[e.kind] ?? 'IPM');
  if (e.kind === 'Message' && !e.props.has('IsRead')) put('IsRead', e.isRead);
  put('DateTimeCreated', iso(e.created));
  put('HasAttachments', false);
  let ext = '';
  for (const [key, uri] of shape.extended) {
    if (key.startsWith(`tag:${PR_MESSAGE_FLAGS}:`) && e.kind === 'Message') {
      ext += extendedPropertyXml({ uri, value: String(e.messageFlags) });
      continue;
    }
    const p = e.extended.get(key);
    if (p) ext += extendedPropertyXml({ uri, value: p.value });
  }
  if (ext) add('ExtendedProperty', ext);
  parts.sort((a, b) => a.pos - b.pos);
  const tag = `t:${e.element === 'Item' ? 'Item' : e.kind}`;
  return `<${tag}>${parts.map((p) => p.xml).join('')}</${tag}>`;
}
