// The item union and its dispatch by element name (t:Message, t:Contact, t:CalendarItem, other kinds
// read with the common ItemType fields).
import { NS_TYPES } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { readFields, writeFields } from './codec.ts';
import { itemTable, type ItemFields } from './item.ts';
import { messageTable, type Message } from './message.ts';
import { contactTable, type Contact } from './contact.ts';
import { calendarTable, type CalendarItem } from './calendar.ts';
import { registerNestedItemCodec } from './attachments.ts';

/** Any other item element (t:Item, t:Task, t:MeetingRequest, t:PostItem...): common fields only. */
export interface GenericItem extends ItemFields {
  kind: 'Item';
  /** The element's local name, e.g. 'Item', 'Task', 'MeetingRequest'. */
  element: string;
}

export type Item = Message | Contact | CalendarItem | GenericItem;

/** Element names of the NonEmptyArrayOfAllItemsType choice. */
const ITEM_ELEMENTS = new Set([
  'Item',
  'Message',
  'SharingMessage',
  'CalendarItem',
  'Contact',
  'DistributionList',
  'MeetingMessage',
  'MeetingRequest',
  'MeetingResponse',
  'MeetingCancellation',
  'Task',
  'PostItem',
  'RoleMember',
  'Network',
  'Person',
]);

export function isItemElement(el: XmlElement): boolean {
  return el.ns === NS_TYPES && ITEM_ELEMENTS.has(el.local);
}

export function readItem(el: XmlElement): Item {
  switch (el.local) {
    case 'Message': {
      const m: Record<string, unknown> = { kind: 'Message' };
      readFields(el, messageTable, m);
      return m as unknown as Message;
    }
    case 'Contact': {
      const c: Record<string, unknown> = { kind: 'Contact' };
      readFields(el, contactTable, c);
      return c as unknown as Contact;
    }
    case 'CalendarItem': {
      const c: Record<string, unknown> = { kind: 'CalendarItem' };
      readFields(el, calendarTable, c);
      return c as unknown as CalendarItem;
    }
    default: {
      const g: Record<string, unknown> = { kind: 'Item', element: el.local };
      readFields(el, itemTable, g);
      return g as unknown as GenericItem;
    }
  }
}

/** Every item element among `el`'s children (Items, Changes/Create...). */
export function readItems(el: XmlElement): Item[] {
  const out: Item[] = [];
  for (const c of el.children) if (isItemElement(c)) out.push(readItem(c));
  return out;
}

export function writeItem(w: XmlWriter, item: Item): void {
  switch (item.kind) {
    case 'Message':
      w.start('t:Message');
      writeFields(w, item, messageTable);
      break;
    case 'Contact':
      w.start('t:Contact');
      writeFields(w, item, contactTable);
      break;
    case 'CalendarItem':
      w.start('t:CalendarItem');
      writeFields(w, item, calendarTable);
      break;
    case 'Item':
      w.start(`t:${item.element}`);
      writeFields(w, item, itemTable);
      break;
  }
  w.end();
}

registerNestedItemCodec({
  read: readItem,
  write: (w, item) => writeItem(w, item as Item),
  isItemElement,
});
