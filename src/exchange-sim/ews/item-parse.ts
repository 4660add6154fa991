// Request items (t:Message, t:Contact, t:CalendarItem...) → stored items, and property updates.
import { child, childrenOf, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { ExtendedProp, FileAttachment } from '../mailbox/model.ts';
import type { NewItem } from '../mailbox/mailbox.ts';
import { isItemKind, type ItemKind } from '../mailbox/schema-order.ts';
import { isMessageFlags, parseExtendedProperty } from './extended.ts';
import { ItemError } from './errors.ts';
import { withUtcDateTime } from './calendar/local-time.ts';

/** Properties the server computes; a client sending them is ignored rather than stored. */
const COMPUTED = new Set([
  'ItemId',
  'ParentFolderId',
  'DateTimeCreated',
  'LastModifiedTime',
  'Size',
  'HasAttachments',
  'IsDraft',
  'IsSubmitted',
  'CalendarItemType',
  'IsRecurring',
  'FirstOccurrence',
  'LastOccurrence',
  'ModifiedOccurrences',
  'DeletedOccurrences',
  'ConversationId',
  'EffectiveRights',
]);

/** Top-level dictionaries whose entries are keyed (Key attribute); SetItemField merges them by key. */
export const DICTIONARIES = new Set(['EmailAddresses', 'PhoneNumbers', 'ImAddresses', 'PhysicalAddresses']);

export function kindOf(element: string): ItemKind {
  if (isItemKind(element)) return element;
  throw new ItemError('ErrorInvalidRequest', `The item type ${element} is not supported by this server.`);
}

export interface ParsedItem {
  readonly init: NewItem;
  readonly attachments: Omit<FileAttachment, 'no'>[];
  readonly flagsGiven: boolean;
}

export function parseFileAttachments(attachmentsEl: XmlElement): Omit<FileAttachment, 'no'>[] {
  const out: Omit<FileAttachment, 'no'>[] = [];
  for (const a of attachmentsEl.children) {
    if (a.local !== 'FileAttachment') {
      throw new ItemError('ErrorInvalidRequest', `${a.local} attachments are not supported by this server.`);
    }
    const content = child(a, NS_TYPES, 'Content')?.text ?? '';
    out.push({
      name: child(a, NS_TYPES, 'Name')?.text ?? '',
      contentType: child(a, NS_TYPES, 'ContentType')?.text ?? 'application/octet-stream',
      contentId: child(a, NS_TYPES, 'ContentId')?.text,
      isInline: child(a, NS_TYPES, 'IsInline')?.text.trim() === 'true',
      content: Buffer.from(content.replace(/\s+/g, ''), 'base64'),
      lastModified: new Date(),
    });
  }
  return out;
}

/** Parses one item of CreateItem's Items. `draft` = MessageDisposition SaveOnly without PR_MESSAGE_FLAGS. */
export function parseNewItem(el: XmlElement, timeZoneId?: string): ParsedItem {
  const kind = kindOf(el.local);
  const props = new Map<string, XmlElement>();
  const extended = new Map<string, ExtendedProp>();
  let attachments: Omit<FileAttachment, 'no'>[] = [];
  let isRead: boolean | undefined;
  let flags: number | undefined;
  for (const c of el.children) {
    if (c.local === 'ExtendedProperty') {
      const { key, prop } = parseExtendedProperty(c);
      if (isMessageFlags(prop.uri)) {
        flags = Number.parseInt(String(prop.value), 10);
        if (!Number.isFinite(flags))
          throw new ItemError('ErrorInvalidExtendedPropertyValue', 'The extended property value is invalid.');
      } else extended.set(key, prop);
    } else if (c.local === 'Attachments') {
      attachments = parseFileAttachments(c);
    } else if (c.local === 'IsRead') {
      isRead = c.text.trim() === 'true' || c.text.trim() === '1';
    } else if (!COMPUTED.has(c.local)) {
      props.set(c.local, withUtcDateTime(c, timeZoneId));
    }
  }
  // A created message is an unsent, read draft unless PR_MESSAGE_FLAGS says otherwise
  // (D: how-to-import-items-by-using-ews-in-exchange.md sets 0x0E07 = 1 to import a received, read item).
  let messageFlags = flags ?? 0x9;
  if (isRead !== undefined) messageFlags = isRead ? messageFlags | 1 : messageFlags & ~1;
  return {
    init: { kind, element: el.local, props, extended, isRead: (messageFlags & 1) === 1, messageFlags },
    attachments,
    flagsGiven: flags !== undefined,
  };
}

/** Merges keyed entries (EmailAddress1, Business...) of a dictionary property into the stored one. */
export function mergeDictionary(existing: XmlElement | undefined, incoming: XmlElement): XmlElement {
  const entries = new Map<string, XmlElement>();
  for (const e of existing?.children ?? []) entries.set(e.attrs['Key'] ?? '', e);
  for (const e of childrenOf(incoming, NS_TYPES, 'Entry')) {
    const key = e.attrs['Key'] ?? '';
    const prev = entries.get(key);
    if (incoming.local === 'PhysicalAddresses' && prev) {
      const parts = new Map(prev.children.map((p) => [p.local, p] as const));
      for (const p of e.children) parts.set(p.local, p);
      entries.set(key, {
        ...prev,
        children: PHYSICAL_ORDER.flatMap((n) => (parts.has(n) ? [parts.get(n)!] : [])),
      });
    } else entries.set(key, e);
  }
  return { ...incoming, children: [...entries.values()] };
}

const PHYSICAL_ORDER = ['Street', 'City', 'State', 'CountryOrRegion', 'PostalCode'];

/** Removes one entry (or one part of a physical address entry) from a dictionary property. */
export function deleteFromDictionary(
  existing: XmlElement,
  key: string,
  part: string | undefined,
): XmlElement | undefined {
  const children: XmlElement[] = [];
  for (const e of existing.children) {
    if (e.attrs['Key'] !== key) children.push(e);
    else if (part) {
      const rest = e.children.filter((p) => p.local !== part);
      if (rest.length > 0) children.push({ ...e, children: rest });
    }
  }
  return children.length > 0 ? { ...existing, children } : undefined;
}
