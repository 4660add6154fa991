// Extended MAPI properties (types.xsd PathToExtendedFieldType, ExtendedPropertyType).
// Valid URI forms (XSD comment on PathToExtendedFieldType): PropertyTag alone, or
// (DistinguishedPropertySetId | PropertySetId) + (PropertyName | PropertyId); PropertyType always.
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import type { Codec } from './codec.ts';

export type MapiPropertyType =
  | 'ApplicationTime'
  | 'ApplicationTimeArray'
  | 'Binary'
  | 'BinaryArray'
  | 'Boolean'
  | 'CLSID'
  | 'CLSIDArray'
  | 'Currency'
  | 'CurrencyArray'
  | 'Double'
  | 'DoubleArray'
  | 'Error'
  | 'Float'
  | 'FloatArray'
  | 'Integer'
  | 'IntegerArray'
  | 'Long'
  | 'LongArray'
  | 'Null'
  | 'Object'
  | 'ObjectArray'
  | 'Short'
  | 'ShortArray'
  | 'SystemTime'
  | 'SystemTimeArray'
  | 'String'
  | 'StringArray';

export type DistinguishedPropertySet =
  | 'Meeting'
  | 'Appointment'
  | 'Common'
  | 'PublicStrings'
  | 'Address'
  | 'InternetHeaders'
  | 'CalendarAssistant'
  | 'UnifiedMessaging'
  | 'Task'
  | 'Sharing';

export interface ExtendedFieldUri {
  propertyType: MapiPropertyType;
  /** A MAPI property tag's id part, e.g. 0x0E07 (written as hex, e.g. "0xe07"). */
  propertyTag?: number;
  distinguishedPropertySetId?: DistinguishedPropertySet;
  /** GUID of a custom property set. */
  propertySetId?: string;
  propertyName?: string;
  propertyId?: number;
}

export interface ExtendedProperty {
  uri: ExtendedFieldUri;
  /** A string for single-valued types, an array for the *Array types. */
  value: string | string[];
}

export function isArrayPropertyType(t: MapiPropertyType): boolean {
  return t.endsWith('Array');
}

/** Exchange writes a tag as 0x + lower-case hex without padding (a request's PropertyTag="4340" comes back
 * as "0x10f4" in the GetFolder/FindFolder samples); clients that match tags as strings (DavMail) expect it. */
function tagHex(tag: number): string {
  return `0x${tag.toString(16)}`;
}

export function validateExtendedFieldUri(uri: ExtendedFieldUri): void {
  const hasTag = uri.propertyTag !== undefined;
  const hasSet = uri.distinguishedPropertySetId !== undefined || uri.propertySetId !== undefined;
  const hasNameOrId = uri.propertyName !== undefined || uri.propertyId !== undefined;
  const ok = hasTag
    ? !hasSet && !hasNameOrId
    : (uri.distinguishedPropertySetId === undefined) !== (uri.propertySetId === undefined) &&
      (uri.propertyName === undefined) !== (uri.propertyId === undefined);
  if (!ok) {
    throw new EwsRequestError(
      'An ExtendedFieldURI needs either PropertyTag alone, or one property set (distinguished or GUID) with one PropertyName or PropertyId.',
    );
  }
  if (hasTag && (!Number.isInteger(uri.propertyTag) || uri.propertyTag! < 0 || uri.propertyTag! > 0xffff)) {
    throw new EwsRequestError(`PropertyTag must be a 16-bit property id, got ${uri.propertyTag}.`);
  }
}

export function extendedFieldUriAttrs(uri: ExtendedFieldUri): Record<string, string | number | undefined> {
  validateExtendedFieldUri(uri);
  return {
    DistinguishedPropertySetId: uri.distinguishedPropertySetId,
    PropertySetId: uri.propertySetId,
    PropertyTag: uri.propertyTag === undefined ? undefined : tagHex(uri.propertyTag),
    PropertyName: uri.propertyName,
    PropertyId: uri.propertyId,
    PropertyType: uri.propertyType,
  };
}

export function writeExtendedFieldUri(w: XmlWriter, uri: ExtendedFieldUri): void {
  w.empty('t:ExtendedFieldURI', extendedFieldUriAttrs(uri));
}

export function parsePropertyTag(raw: string): number {
  const t = raw.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n)) throw new EwsProtocolError(`Invalid PropertyTag "${t}".`);
  // A full 32-bit tag (id << 16 | type) is accepted by Exchange; keep the id part.
  return n > 0xffff ? n >>> 16 : n;
}

export function readExtendedFieldUri(el: XmlElement): ExtendedFieldUri {
  const a = el.attrs;
  const uri: ExtendedFieldUri = { propertyType: (a['PropertyType'] ?? 'String') as MapiPropertyType };
  if (a['PropertyTag'] !== undefined) uri.propertyTag = parsePropertyTag(a['PropertyTag']);
  if (a['DistinguishedPropertySetId'] !== undefined) {
    uri.distinguishedPropertySetId = a['DistinguishedPropertySetId'] as DistinguishedPropertySet;
  }
  if (a['PropertySetId'] !== undefined) uri.propertySetId = a['PropertySetId'];
  if (a['PropertyName'] !== undefined) uri.propertyName = a['PropertyName'];
  if (a['PropertyId'] !== undefined) uri.propertyId = Number(a['PropertyId']);
  return uri;
}

/** Same property? GUIDs compare case-insensitively (EWS-PROTOCOL.md 9). */
export function sameExtendedFieldUri(a: ExtendedFieldUri, b: ExtendedFieldUri): boolean {
  return (
    a.propertyType === b.propertyType &&
    a.propertyTag === b.propertyTag &&
    a.distinguishedPropertySetId === b.distinguishedPropertySetId &&
    a.propertySetId?.toLowerCase() === b.propertySetId?.toLowerCase() &&
    a.propertyName === b.propertyName &&
    a.propertyId === b.propertyId
  );
}

export function findExtendedProperty(
  props: readonly ExtendedProperty[] | undefined,
  uri: ExtendedFieldUri,
): ExtendedProperty | undefined {
  return props?.find((p) => sameExtendedFieldUri(p.uri, uri));
}

export const extendedPropertyCodec: Codec<ExtendedProperty> = {
  read(el) {
    const uriEl = child(el, NS_TYPES, 'ExtendedFieldURI');
    if (uriEl === undefined) throw new EwsProtocolError('ExtendedProperty without ExtendedFieldURI.');
    const uri = readExtendedFieldUri(uriEl);
    const values = child(el, NS_TYPES, 'Values');
    if (values !== undefined) {
      return { uri, value: values.children.filter((c) => c.local === 'Value').map((c) => c.text) };
    }
    return { uri, value: child(el, NS_TYPES, 'Value')?.text ?? '' };
  },
  write(w, q, v) {
    w.start(q);
    writeExtendedFieldUri(w, v.uri);
    if (Array.isArray(v.value)) {
      if (v.value.length === 0)
        throw new EwsRequestError('A multi-valued extended property needs at least one value.');
      w.start('t:Values');
      for (const x of v.value) w.leaf('t:Value', x);
      w.end();
    } else {
      w.leaf('t:Value', v.value);
    }
    w.end();
  },
};
