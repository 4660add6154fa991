// Property paths: FieldURI, IndexedFieldURI, ExtendedFieldURI (types.xsd Path element substitution group).
// Used by AdditionalProperties, UpdateItem changes, restrictions and sort orders.
import { NS_TYPES } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import { readExtendedFieldUri, writeExtendedFieldUri, type ExtendedFieldUri } from './extended-properties.ts';

export type PropertyPath =
  /** UnindexedFieldURIType, e.g. 'item:Subject', 'message:IsRead', 'calendar:Start'. */
  | { fieldUri: string }
  /** DictionaryURIType + key, e.g. contacts:EmailAddress / EmailAddress1. */
  | { indexedFieldUri: string; fieldIndex: string }
  | { extended: ExtendedFieldUri };

export function writePath(w: XmlWriter, path: PropertyPath): void {
  if ('fieldUri' in path) w.empty('t:FieldURI', { FieldURI: path.fieldUri });
  else if ('indexedFieldUri' in path) {
    w.empty('t:IndexedFieldURI', { FieldURI: path.indexedFieldUri, FieldIndex: path.fieldIndex });
  } else writeExtendedFieldUri(w, path.extended);
}

/** Reads a path element; undefined for other elements. */
export function readPath(el: XmlElement): PropertyPath | undefined {
  if (el.ns !== NS_TYPES) return undefined;
  switch (el.local) {
    case 'FieldURI': {
      const f = el.attrs['FieldURI'];
      if (f === undefined) throw new EwsProtocolError('FieldURI without FieldURI attribute.');
      return { fieldUri: f };
    }
    case 'IndexedFieldURI': {
      const f = el.attrs['FieldURI'];
      const i = el.attrs['FieldIndex'];
      if (f === undefined || i === undefined)
        throw new EwsProtocolError('IndexedFieldURI needs FieldURI and FieldIndex.');
      return { indexedFieldUri: f, fieldIndex: i };
    }
    case 'ExtendedFieldURI':
      return { extended: readExtendedFieldUri(el) };
    default:
      return undefined;
  }
}

export function readPaths(el: XmlElement): PropertyPath[] {
  const out: PropertyPath[] = [];
  for (const c of el.children) {
    const p = readPath(c);
    if (p !== undefined) out.push(p);
  }
  return out;
}
