// Extended properties: matching keys and the PR_MESSAGE_FLAGS / IsRead coupling.
import { child, childrenOf, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { ExtendedProp } from '../mailbox/model.ts';
import { escapeAttr, escapeText } from '../../ews/soap/xml-writer.ts';
import { ItemError, schemaFault } from './errors.ts';

export const PR_MESSAGE_FLAGS = 0x0e07;

const URI_ATTRS = [
  'DistinguishedPropertySetId',
  'PropertySetId',
  'PropertyTag',
  'PropertyName',
  'PropertyId',
  'PropertyType',
] as const;

/** Normalised identity of an ExtendedFieldURI: tag as a number, GUID lower-case, type included. */
export function extendedKey(uri: Readonly<Record<string, string>>): string {
  const type = uri['PropertyType'] ?? '';
  const tag = uri['PropertyTag'];
  if (tag !== undefined) return `tag:${parseTag(tag)}:${type}`;
  const set = (uri['PropertySetId'] ?? uri['DistinguishedPropertySetId'] ?? '').toLowerCase();
  const name =
    uri['PropertyName'] !== undefined ? `n:${uri['PropertyName']}` : `i:${uri['PropertyId'] ?? ''}`;
  return `set:${set}:${name}:${type}`;
}

export function parseTag(tag: string): number {
  const n = /^0x/i.test(tag) ? Number.parseInt(tag.slice(2), 16) : Number.parseInt(tag, 10);
  if (!Number.isFinite(n) || n < 0 || n > 0xffff)
    throw schemaFault(`The PropertyTag value '${tag}' is invalid.`);
  return n;
}

export function uriAttrs(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of URI_ATTRS) if (el.attrs[a] !== undefined) out[a] = el.attrs[a]!;
  return out;
}

/** Parses `<t:ExtendedProperty><t:ExtendedFieldURI .../><t:Value>|<t:Values>...` */
export function parseExtendedProperty(el: XmlElement): { key: string; prop: ExtendedProp } {
  const uriEl = child(el, NS_TYPES, 'ExtendedFieldURI');
  if (!uriEl)
    throw schemaFault(
      "The element 'ExtendedProperty' has incomplete content. List of possible elements expected: 'ExtendedFieldURI'.",
    );
  const uri = uriAttrs(uriEl);
  const single = child(el, NS_TYPES, 'Value');
  const multi = child(el, NS_TYPES, 'Values');
  const value = single ? single.text : multi ? childrenOf(multi, NS_TYPES, 'Value').map((v) => v.text) : '';
  const fits = VALUE_CHECKS[(uri['PropertyType'] ?? '').replace(/Array$/, '')];
  if (fits && !(Array.isArray(value) ? value : [value]).every((v) => fits(v.trim()))) {
    // D: web-service-reference/responsecode.md: the value does not fit the property's PropertyType.
    throw new ItemError('ErrorInvalidExtendedPropertyValue', 'The extended property value is invalid.');
  }
  return { key: extendedKey(uri), prop: { uri, value } };
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

export function extendedPropertyXml(p: ExtendedProp): string {
  let attrs = '';
  for (const a of URI_ATTRS) if (p.uri[a] !== undefined) attrs += ` ${a}="${escapeAttr(p.uri[a])}"`;
  const value = Array.isArray(p.value)
    ? `<t:Values>${p.value.map((v) => `<t:Value>${escapeText(v)}</t:Value>`).join('')}</t:Values>`
    : `<t:Value>${escapeText(p.value)}</t:Value>`;
  return `<t:ExtendedProperty><t:ExtendedFieldURI${attrs}/>${value}</t:ExtendedProperty>`;
}

/** True when the URI names PR_MESSAGE_FLAGS, which the simulator derives from IsRead/draft state. */
export function isMessageFlags(uri: Readonly<Record<string, string>>): boolean {
  return uri['PropertyTag'] !== undefined && parseTag(uri['PropertyTag']) === PR_MESSAGE_FLAGS;
}
