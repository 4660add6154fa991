// Response shapes in the form the writers use, built from the shared parsers' ItemShape / FolderShape /
// AttachmentShape (src/ews/types/shapes.ts, src/ews/operations/get-attachment.ts).
import type { AttachmentShape } from '../../ews/operations/get-attachment.ts';
import type { ExtendedFieldUri } from '../../ews/types/extended-properties.ts';
import type { PropertyPath } from '../../ews/types/paths.ts';
import type { BaseShape, FolderShape, ItemShape } from '../../ews/types/shapes.ts';
import { extendedKey } from './extended.ts';

export interface Shape {
  readonly base: BaseShape;
  /** Element local names asked for through FieldURI. */
  readonly fields: ReadonlySet<string>;
  /** Dictionary elements asked for entry by entry through IndexedFieldURI: element → "Key" or
   * "Key/Part" (physical address parts), so only those entries are returned, as Exchange does. */
  readonly indexed: ReadonlyMap<string, ReadonlySet<string>>;
  /** Extended properties asked for, by key (extended.ts). */
  readonly extended: ReadonlyMap<string, ExtendedFieldUri>;
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

/** The element name a property path addresses, or undefined for an extended property. */
export function pathElement(p: PropertyPath): string | undefined {
  if ('fieldUri' in p) return fieldElement(p.fieldUri);
  if ('indexedFieldUri' in p) return fieldElement(p.indexedFieldUri);
  return undefined;
}

function shapeOf(
  base: BaseShape,
  paths: readonly PropertyPath[] | undefined,
  bodyType: string | undefined,
  includeMime: boolean,
): Shape {
  const fields = new Set<string>();
  const indexed = new Map<string, Set<string>>();
  const extended = new Map<string, ExtendedFieldUri>();
  for (const p of paths ?? []) {
    if ('extended' in p) extended.set(extendedKey(p.extended), p.extended);
    else if ('indexedFieldUri' in p) {
      const name = fieldElement(p.indexedFieldUri);
      const part = p.indexedFieldUri.startsWith('contacts:PhysicalAddress:')
        ? p.indexedFieldUri.split(':')[2]
        : undefined;
      const keys = indexed.get(name) ?? new Set<string>();
      keys.add(part ? `${p.fieldIndex}/${part}` : p.fieldIndex);
      indexed.set(name, keys);
    } else fields.add(pathElement(p)!);
  }
  return { base, fields, indexed, extended, bodyType, includeMime };
}

export function itemShape(s: ItemShape): Shape {
  return shapeOf(s.baseShape, s.additionalProperties, s.bodyType, s.includeMimeContent === true);
}

export function folderShape(s: FolderShape): Shape {
  return shapeOf(s.baseShape, s.additionalProperties, undefined, false);
}

/** GetAttachment: an attached item is written with all its properties, plus the extended ones asked for. */
export function attachmentShape(s: AttachmentShape | undefined): Shape {
  return shapeOf('AllProperties', s?.additionalProperties, s?.bodyType, s?.includeMimeContent === true);
}
