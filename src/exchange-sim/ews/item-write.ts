// Stored items → t:Message / t:Contact / t:CalendarItem XML for a requested shape.
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { StoredItem } from '../mailbox/model.ts';
import { ITEM_ORDER } from '../mailbox/schema-order.ts';
import { escapeText } from '../../ews/soap/xml-writer.ts';
import { elementXml } from '../xml/write-element.ts';
import { extendedPropertyXml, parseTag, PR_MESSAGE_FLAGS } from './extended.ts';
import { itemTag } from './mapi-props.ts';
import { mimeOf } from './mime.ts';
import type { Shape } from './shape.ts';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import { encodeId } from '../mailbox/ids.ts';
import { masterSummary } from './calendar/occurrences.ts';

const DEFAULT_CLASS: Record<string, string> = {
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

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function itemSize(item: StoredItem): number {
  let n = 200;
  for (const p of item.props.values()) n += JSON.stringify(p).length / 2;
  for (const a of item.attachments) n += a.content.length;
  return Math.round(n);
}

/** Computed properties, as XML by element name, for the item's current state. */
function computed(mailbox: Mailbox, item: StoredItem): Map<string, string> {
  const out = new Map<string, string>();
  const ids = mailbox.itemId(item);
  const parent = mailbox.folderId(item.folder);
  out.set('ItemId', `<t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/>`);
  out.set('ParentFolderId', `<t:ParentFolderId Id="${parent.id}" ChangeKey="${parent.changeKey}"/>`);
  if (!item.props.has('ItemClass'))
    out.set('ItemClass', `<t:ItemClass>${DEFAULT_CLASS[item.kind] ?? 'IPM'}</t:ItemClass>`);
  if (item.attachments.length > 0) {
    let a = '<t:Attachments>';
    for (const att of item.attachments) {
      a += `<t:FileAttachment><t:AttachmentId Id="${attachmentId(mailbox, item, att.no)}"/><t:Name>${escapeText(att.name)}</t:Name><t:ContentType>${escapeText(att.contentType)}</t:ContentType>`;
      if (att.contentId !== undefined) a += `<t:ContentId>${escapeText(att.contentId)}</t:ContentId>`;
      a += `<t:Size>${att.content.length}</t:Size><t:LastModifiedTime>${iso(att.lastModified).slice(0, -1)}</t:LastModifiedTime><t:IsInline>${att.isInline}</t:IsInline><t:IsContactPhoto>false</t:IsContactPhoto></t:FileAttachment>`;
    }
    out.set('Attachments', a + '</t:Attachments>');
  }
  out.set('DateTimeReceived', `<t:DateTimeReceived>${iso(item.received)}</t:DateTimeReceived>`);
  out.set('Size', `<t:Size>${itemSize(item)}</t:Size>`);
  if (!item.props.has('Sensitivity')) out.set('Sensitivity', '<t:Sensitivity>Normal</t:Sensitivity>');
  if (!item.props.has('Importance')) out.set('Importance', '<t:Importance>Normal</t:Importance>');
  const draft = item.kind === 'Message' && (item.messageFlags & 8) !== 0;
  out.set('IsSubmitted', '<t:IsSubmitted>false</t:IsSubmitted>');
  out.set('IsDraft', `<t:IsDraft>${draft}</t:IsDraft>`);
  out.set('DateTimeCreated', `<t:DateTimeCreated>${iso(item.created)}</t:DateTimeCreated>`);
  out.set(
    'HasAttachments',
    `<t:HasAttachments>${item.attachments.some((a) => !a.isInline)}</t:HasAttachments>`,
  );
  out.set('LastModifiedTime', `<t:LastModifiedTime>${iso(item.modified)}</t:LastModifiedTime>`);
  if (item.kind === 'Message') out.set('IsRead', `<t:IsRead>${item.isRead}</t:IsRead>`);
  if (item.kind === 'CalendarItem') {
    const recurring = item.props.has('Recurrence');
    out.set(
      'CalendarItemType',
      `<t:CalendarItemType>${recurring ? 'RecurringMaster' : 'Single'}</t:CalendarItemType>`,
    );
    out.set('IsRecurring', `<t:IsRecurring>${recurring}</t:IsRecurring>`);
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
    const computedValue = uri['PropertyTag']
      ? itemTag(item, parseTag(uri['PropertyTag']), itemSize(item))
      : undefined;
    if (computedValue !== undefined) x += extendedPropertyXml({ uri, value: computedValue });
  }
  return x;
}

/** Writes the item element for the shape. Find and sync responses never include Body/Attachments content. */
export function writeItem(mailbox: Mailbox, item: StoredItem, shape: Shape, mode: WriteMode): string {
  const ids = mailbox.itemId(item);
  const order = ITEM_ORDER[item.kind];
  const tag = `t:${item.element === 'Item' ? 'Item' : item.kind}`;
  if (
    shape.base === 'IdOnly' &&
    shape.fields.size === 0 &&
    shape.indexed.size === 0 &&
    shape.extended.size === 0 &&
    !shape.includeMime
  ) {
    return `<${tag}><t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/></${tag}>`;
  }
  const comp = computed(mailbox, item);
  const parts: { pos: number; xml: string }[] = [];
  const want = (name: string): boolean => {
    if (name === 'ItemId') return true;
    if (shape.fields.has(name)) return mode === 'get' || (name !== 'Body' && name !== 'Attachments');
    if (shape.base === 'IdOnly') return false;
    if (mode !== 'get' && (name === 'Body' || name === 'Attachments')) return false;
    return shape.base === 'AllProperties' || !NOT_IN_DEFAULT.has(name);
  };
  for (const [name, xml] of comp) if (want(name)) parts.push({ pos: order.get(name) ?? 9999, xml });
  for (const [name, el] of item.props) {
    if (comp.has(name)) continue;
    const entries = want(name) ? el : indexedEntries(el, shape.indexed.get(name));
    if (entries) parts.push({ pos: order.get(name) ?? 9999, xml: elementXml(entries, `t:${name}`) });
  }
  if (shape.includeMime && mode === 'get' && item.kind === 'Message') {
    parts.push({
      pos: -1,
      xml: `<t:MimeContent CharacterSet="UTF-8">${Buffer.from(mimeOf(item)).toString('base64')}</t:MimeContent>`,
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
