// Request items (t:Message, t:Contact, t:CalendarItem...) → stored items, and property updates.
//
// Item content is kept as a property bag (StoredItem.props: the element as sent, per property) instead of
// going through the shared typed item codecs: a server must store and give back every property a client
// sets, and exchangelib and DavMail send elements voxsync's typed model does not have (MimeContent,
// Categories variants, Task fields, contact details...), which the codecs skip. Sub-structures whose meaning
// the simulator uses are read with the shared codecs: extended properties (extended.ts), attachments
// (below), recurrences (STRUCTURED), mailboxes, ids and paths.
import { childrenOf, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { ExtendedProp, FileAttachment, ItemAttachment } from '../mailbox/model.ts';
import { EwsProtocolError } from '../../ews/errors.ts';
import { readAttachment, type Attachment as WireAttachment } from '../../ews/types/attachments.ts';
import { isItemElement } from '../../ews/types/items.ts';
import { recurrenceCodec, type Recurrence } from '../../ews/types/recurrence.ts';
import type { NewItem } from '../mailbox/mailbox.ts';
import { isItemKind, type ItemKind } from '../mailbox/schema-order.ts';
import { isMessageFlags, parseExtendedProperty } from './extended.ts';
import { ItemError, schemaFaultAt } from './errors.ts';
import { canonicalProperty } from './canonical.ts';

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

/** Properties whose structure the simulator interprets later are checked by the shared codecs when stored
 * (the schema validator has already checked everything the schema can express). */
const STRUCTURED: Record<string, (el: XmlElement) => unknown> = {
  Recurrence: (el) => recurrenceCodec.read(el),
};

export function checkProperty(el: XmlElement): void {
  const read = STRUCTURED[el.local];
  if (!read) return;
  let value: unknown;
  try {
    value = read(el);
  } catch (err) {
    if (err instanceof EwsProtocolError) throw schemaFaultAt(err.message, el.local);
    throw err;
  }
  // DaysOfWeek is a list type, so the schema accepts an empty one; Exchange refuses the pattern on save.
  const pattern = (value as Partial<Recurrence> | undefined)?.pattern;
  if (pattern?.type === 'Weekly' && pattern.daysOfWeek.length === 0)
    throw new ItemError(
      'ErrorCalendarInvalidDayForWeeklyRecurrence',
      'A weekly recurrence needs at least one day in DaysOfWeek.',
    );
}

export interface ParsedItem {
  readonly init: NewItem;
  readonly attachments: NewAttachment[];
  readonly flagsGiven: boolean;
}

export type NewAttachment = Omit<FileAttachment, 'no'> | Omit<ItemAttachment, 'no'>;

/** The shared attachment codec, with an unreadable attachment reported as Exchange would (schema fault). */
function readAttachmentElement(el: XmlElement): WireAttachment | undefined {
  try {
    return readAttachment(el);
  } catch (err) {
    if (err instanceof EwsProtocolError) throw schemaFaultAt(err.message, el.local);
    throw err;
  }
}

/**
 * NonEmptyArrayOfAttachmentsType of CreateItem/CreateAttachment. The attachment fields come from the
 * shared codec; an attached item's content is read like a created item's (parseNewItem), so it keeps every
 * property the client sent.
 */
export function parseAttachments(attachmentsEl: XmlElement): NewAttachment[] {
  const out: NewAttachment[] = [];
  for (const el of attachmentsEl.children) {
    const a = el.local === 'ReferenceAttachment' ? undefined : readAttachmentElement(el);
    if (a === undefined) {
      throw new ItemError('ErrorInvalidRequest', `${el.local} attachments are not supported by this server.`);
    }
    const base = {
      name: a.name ?? '',
      contentId: a.contentId,
      isInline: a.isInline ?? false,
      lastModified: new Date(),
    };
    if (a.kind === 'file') {
      out.push({
        ...base,
        kind: 'file',
        contentType: a.contentType ?? 'application/octet-stream',
        content: Buffer.from(a.content ?? new Uint8Array()),
      });
      continue;
    }
    const inner = el.children.find(isItemElement);
    // The schema makes the attached item optional (ItemAttachmentType's choice has minOccurs="0"); Exchange
    // refuses to create an item attachment without one, with this schema-style fault.
    if (inner === undefined) {
      throw schemaFaultAt(
        "The element 'ItemAttachment' has incomplete content. List of possible elements expected: 'Item, Message, CalendarItem, Contact, Task'.",
        'ItemAttachment',
      );
    }
    const embedded = parseNewItem(inner);
    if (embedded.attachments.length > 0) {
      throw new ItemError(
        'ErrorInvalidRequest',
        'Attachments of an attached item are not supported by this server.',
      );
    }
    out.push({
      ...base,
      kind: 'item',
      contentType: a.contentType ?? '',
      item: { ...embedded.init, created: new Date() },
    });
  }
  return out;
}

/** Parses one item of CreateItem's Items. `draft` = MessageDisposition SaveOnly without PR_MESSAGE_FLAGS. */
export function parseNewItem(el: XmlElement, timeZoneId?: string): ParsedItem {
  const kind = kindOf(el.local);
  const props = new Map<string, XmlElement>();
  const extended = new Map<string, ExtendedProp>();
  let attachments: NewAttachment[] = [];
  let isRead: boolean | undefined;
  let flags: number | undefined;
  for (const c of el.children) {
    checkProperty(c);
    if (c.local === 'ExtendedProperty') {
      const { key, prop } = parseExtendedProperty(c);
      if (isMessageFlags(prop.uri)) {
        flags = Number.parseInt(String(prop.value), 10);
        if (!Number.isFinite(flags))
          throw new ItemError('ErrorInvalidExtendedPropertyValue', 'The extended property value is invalid.');
      } else extended.set(key, prop);
    } else if (c.local === 'Attachments') {
      attachments = parseAttachments(c);
    } else if (c.local === 'IsRead') {
      isRead = c.text.trim() === 'true' || c.text.trim() === '1';
    } else if (!COMPUTED.has(c.local)) {
      props.set(c.local, canonicalProperty(el.local, c, timeZoneId));
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
