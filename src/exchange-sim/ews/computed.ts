// Properties the simulator computes (ids, dates, flags, occurrence summaries) are written by the shared
// field codecs of their element (src/ews/types item/message/contact/calendar tables), so their format is the
// one the voxsync client reads. Stored client properties are written as sent (xml/write-element.ts).
import { XmlWriter } from '../../ews/soap/xml-writer.ts';
import type { FieldTable } from '../../ews/types/codec.ts';
import { itemTable } from '../../ews/types/item.ts';
import { messageTable } from '../../ews/types/message.ts';
import { contactTable } from '../../ews/types/contact.ts';
import { calendarTable } from '../../ews/types/calendar.ts';
import type { ItemKind } from '../mailbox/schema-order.ts';
import { effectiveRightsCodec } from '../../ews/types/permissions.ts';
import type { Codec } from '../../ews/types/codec.ts';

/** ItemType elements the client's item tables do not model, with their shared codecs. */
const OTHER: ReadonlyMap<string, Codec<unknown>> = new Map([
  ['EffectiveRights', effectiveRightsCodec as Codec<unknown>],
]);

const TABLES: Readonly<Record<ItemKind, FieldTable>> = {
  Item: itemTable,
  Message: messageTable,
  Contact: contactTable,
  CalendarItem: calendarTable,
  // No typed TaskType: a task's computed properties are all ItemType ones.
  Task: itemTable,
};

/** `<t:name>` holding `value`, written by the shared codec of that element for the item kind. */
export function computedXml(kind: ItemKind, name: string, value: unknown): string {
  const codec = TABLES[kind].byXml.get(name)?.codec ?? OTHER.get(name);
  if (codec === undefined) throw new Error(`No shared codec for computed property ${kind}.${name}.`);
  const w = new XmlWriter();
  codec.write(w, `t:${name}`, value);
  return w.toString();
}

export function isoSeconds(d: Date | number): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
