// Extended properties on the shared ExtendedFieldURI model (src/ews/types/extended-properties.ts): matching
// keys, the PR_MESSAGE_FLAGS / IsRead coupling, and reading/writing through the shared codec.
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import { XmlWriter } from '../../ews/soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../../ews/errors.ts';
import {
  extendedPropertyCodec,
  readExtendedFieldUri,
  validateExtendedFieldUri,
  type ExtendedFieldUri,
} from '../../ews/types/extended-properties.ts';
import type { ExtendedProp } from '../mailbox/model.ts';
import { ItemError, schemaFault } from './errors.ts';

export const PR_MESSAGE_FLAGS = 0x0e07;

/** Identity of an extended property: tag as a number, property set GUID lower-case, type included. */
export function extendedKey(uri: ExtendedFieldUri): string {
  if (uri.propertyTag !== undefined) return `tag:${uri.propertyTag}:${uri.propertyType}`;
  const set = (uri.propertySetId ?? uri.distinguishedPropertySetId ?? '').toLowerCase();
  const name = uri.propertyName !== undefined ? `n:${uri.propertyName}` : `i:${uri.propertyId ?? ''}`;
  return `set:${set}:${name}:${uri.propertyType}`;
}

// The attribute combinations of t:ExtendedFieldURI (a tag or a property set with a name or an id, and not
// both) are rules the schema cannot express (all its attributes are optional); they are refused here.
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof EwsProtocolError || err instanceof EwsRequestError) throw schemaFault(err.message);
    throw err;
  }
}

/** A t:ExtendedFieldURI of a request; an invalid attribute combination is refused as by the schema. */
export function readUri(el: XmlElement): ExtendedFieldUri {
  return checked(() => {
    const uri = readExtendedFieldUri(el);
    validateExtendedFieldUri(uri);
    return uri;
  });
}

/** `<t:ExtendedProperty><t:ExtendedFieldURI .../><t:Value>|<t:Values>...` of a request. */
export function parseExtendedProperty(el: XmlElement): { key: string; prop: ExtendedProp } {
  const prop = checked(() => {
    const p = extendedPropertyCodec.read(el);
    validateExtendedFieldUri(p.uri);
    return p;
  });
  const fits = VALUE_CHECKS[prop.uri.propertyType.replace(/Array$/, '')];
  if (fits && !(Array.isArray(prop.value) ? prop.value : [prop.value]).every((v) => fits(v.trim()))) {
    // D: web-service-reference/responsecode.md: the value does not fit the property's PropertyType.
    throw new ItemError('ErrorInvalidExtendedPropertyValue', 'The extended property value is invalid.');
  }
  return { key: extendedKey(prop.uri), prop };
}

const integerIn =
  (bits: number) =>
  (v: string): boolean =>
    /^[+-]?\d+$/.test(v) && BigInt(v) >= -(2n ** BigInt(bits - 1)) && BigInt(v) < 2n ** BigInt(bits - 1);

/** Values a typed property accepts; types not listed (String, Binary, CLSID...) take any text. */
const VALUE_CHECKS: Record<string, (v: string) => boolean> = {
  Short: integerIn(16),
  Integer: integerIn(32),
  Long: integerIn(64),
  Boolean: (v) => ['true', 'false', '1', '0'].includes(v),
  SystemTime: (v) => !Number.isNaN(Date.parse(v)),
  Double: (v) => v !== '' && Number.isFinite(Number(v)),
  Float: (v) => v !== '' && Number.isFinite(Number(v)),
};

/** Written by the shared codec, so the URI comes back in Exchange's form (PropertyTag as 0x + hex). */
export function extendedPropertyXml(p: ExtendedProp): string {
  const w = new XmlWriter();
  extendedPropertyCodec.write(w, 't:ExtendedProperty', p);
  return w.toString();
}

/** True when the URI names PR_MESSAGE_FLAGS, which the simulator derives from IsRead/draft state. */
export function isMessageFlags(uri: ExtendedFieldUri): boolean {
  return uri.propertyTag === PR_MESSAGE_FLAGS;
}
