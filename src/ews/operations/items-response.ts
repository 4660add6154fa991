// Shared by the item operations whose ResponseMessages carry `m:Items` (GetItem, CreateItem, UpdateItem,
// MoveItem, CopyItem).
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { readItems, writeItem, type Item } from '../types/items.ts';

export function itemsOf(msg: XmlElement): Item[] {
  const items = child(msg, NS_MESSAGES, 'Items');
  return items === undefined ? [] : readItems(items);
}

export function writeItems(w: XmlWriter, items: readonly Item[]): void {
  w.start('m:Items');
  for (const i of items) writeItem(w, i);
  w.end();
}

/** ItemInfoResponseMessageType requires m:Items even when the message is an error. */
export function emptyItems(w: XmlWriter): void {
  w.empty('m:Items');
}
