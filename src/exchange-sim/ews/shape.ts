// ItemShape / FolderShape: BaseShape plus AdditionalProperties (FieldURI, IndexedFieldURI, ExtendedFieldURI).
import { child, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES } from '../../ews/soap/namespaces.ts';
import { extendedKey, uriAttrs } from './extended.ts';
import { schemaFault } from './errors.ts';
import { EwsRequestError } from '../../ews/errors.ts';
import type { AttachmentShape } from '../../ews/operations/get-attachment.ts';
import { extendedFieldUriAttrs } from '../../ews/types/extended-properties.ts';

export interface Shape {
  readonly base: 'IdOnly' | 'Default' | 'AllProperties';
  /** Element local names asked for through FieldURI/IndexedFieldURI. */
  readonly fields: ReadonlySet<string>;
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
  const extended = new Map<string, Record<string, string>>();
  const add = shapeEl ? child(shapeEl, NS_TYPES, 'AdditionalProperties') : undefined;
  for (const p of add?.children ?? []) {
    if (p.local === 'ExtendedFieldURI') {
      const uri = uriAttrs(p);
      extended.set(extendedKey(uri), uri);
    } else {
      const uri = p.attrs['FieldURI'];
      if (uri) fields.add(fieldElement(uri));
    }
  }
  const bodyType = shapeEl ? child(shapeEl, NS_TYPES, 'BodyType')?.text.trim() : undefined;
  const includeMime = shapeEl
    ? child(shapeEl, NS_TYPES, 'IncludeMimeContent')?.text.trim() === 'true'
    : false;
  return { base: baseText, fields, extended, bodyType, includeMime };
}

export function shapeOf(body: XmlElement, name: 'ItemShape' | 'FolderShape'): Shape {
  return parseShape(child(body, NS_MESSAGES, name));
}

/**
 * GetAttachment's AttachmentShape, from the shared parser: an attached item is written with all its
 * properties, plus the extended properties and fields asked for.
 */
export function attachmentShape(shape: AttachmentShape | undefined): Shape {
  const fields = new Set<string>();
  const extended = new Map<string, Record<string, string>>();
  for (const p of shape?.additionalProperties ?? []) {
    if ('fieldUri' in p) fields.add(fieldElement(p.fieldUri));
    else if ('indexedFieldUri' in p) fields.add(fieldElement(p.indexedFieldUri));
    else {
      const uri: Record<string, string> = {};
      let attrs: Record<string, string | number | undefined>;
      try {
        attrs = extendedFieldUriAttrs(p.extended);
      } catch (err) {
        if (err instanceof EwsRequestError) throw schemaFault(err.message);
        throw err;
      }
      for (const [k, v] of Object.entries(attrs)) if (v !== undefined) uri[k] = String(v);
      extended.set(extendedKey(uri), uri);
    }
  }
  return {
    base: 'AllProperties',
    fields,
    extended,
    bodyType: shape?.bodyType,
    includeMime: shape?.includeMimeContent === true,
  };
}
