// ItemShape / FolderShape: BaseShape plus AdditionalProperties (FieldURI, IndexedFieldURI, ExtendedFieldURI).
import { child, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES } from '../../ews/soap/namespaces.ts';
import { extendedKey, uriAttrs } from './extended.ts';
import { schemaFault } from './errors.ts';

export interface Shape {
  readonly base: 'IdOnly' | 'Default' | 'AllProperties';
  /** Element local names asked for through FieldURI. */
  readonly fields: ReadonlySet<string>;
  /** Dictionary elements asked for entry by entry through IndexedFieldURI: element → "Key" or
   * "Key/Part" (physical address parts), so only those entries are returned. */
  readonly indexed: ReadonlyMap<string, ReadonlySet<string>>;
  /** Extended properties asked for, by key, with the URI as requested (echoed back). */
  readonly extended: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly bodyType: string | undefined;
  readonly includeMime: boolean;
}

const INDEXED: Record<string, string> = {
  'contacts:EmailAddress': 'EmailAddresses',
  'contacts:PhoneNumber': 'PhoneNumbers',
  'contacts:ImAddress': 'ImAddresses',
};

/** Element name behind a FieldURI ("item:Subject" → Subject, "contacts:PhysicalAddress:City" → PhysicalAddresses). */
export function fieldElement(uri: string): string {
  if (INDEXED[uri]) return INDEXED[uri];
  if (uri.startsWith('contacts:PhysicalAddress:')) return 'PhysicalAddresses';
  const parts = uri.split(':');
  return parts[1] ?? uri;
}

export function parseShape(shapeEl: XmlElement | undefined): Shape {
  const baseText = shapeEl ? child(shapeEl, NS_TYPES, 'BaseShape')?.text.trim() : 'Default';
  if (baseText !== 'IdOnly' && baseText !== 'Default' && baseText !== 'AllProperties') {
    throw schemaFault(
      `The value '${baseText ?? ''}' is invalid according to its datatype 'DefaultShapeNamesType'.`,
    );
  }
  const fields = new Set<string>();
  const indexed = new Map<string, Set<string>>();
  const extended = new Map<string, Record<string, string>>();
  const add = shapeEl ? child(shapeEl, NS_TYPES, 'AdditionalProperties') : undefined;
  for (const p of add?.children ?? []) {
    if (p.local === 'ExtendedFieldURI') {
      const uri = uriAttrs(p);
      extended.set(extendedKey(uri), uri);
    } else if (p.local === 'IndexedFieldURI') {
      const uri = p.attrs['FieldURI'];
      const key = p.attrs['FieldIndex'];
      if (!uri || !key) continue;
      const name = fieldElement(uri);
      const part = uri.startsWith('contacts:PhysicalAddress:') ? uri.split(':')[2] : undefined;
      const keys = indexed.get(name) ?? new Set<string>();
      keys.add(part ? `${key}/${part}` : key);
      indexed.set(name, keys);
    } else {
      const uri = p.attrs['FieldURI'];
      if (uri) fields.add(fieldElement(uri));
    }
  }
  const bodyType = shapeEl ? child(shapeEl, NS_TYPES, 'BodyType')?.text.trim() : undefined;
  const includeMime = shapeEl
    ? child(shapeEl, NS_TYPES, 'IncludeMimeContent')?.text.trim() === 'true'
    : false;
  return { base: baseText, fields, indexed, extended, bodyType, includeMime };
}

export function shapeOf(body: XmlElement, name: 'ItemShape' | 'FolderShape'): Shape {
  return parseShape(child(body, NS_MESSAGES, name));
}
