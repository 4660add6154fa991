import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES, NS_XSI } from '../../ews/soap/namespaces.ts';
import { escapeAttr, escapeText } from '../../ews/soap/xml-writer.ts';

const PREFIX: Record<string, string> = { [NS_TYPES]: 't:', [NS_MESSAGES]: 'm:' };

/**
 * Serialises a stored element subtree back to XML with the response prefixes (t:/m:), so properties a client
 * set come back exactly as sent. Elements of other namespaces are not stored, so none need declaring here.
 */
export function elementXml(el: XmlElement, renameTo?: string): string {
  const name = renameTo ?? (PREFIX[el.ns] ?? '') + el.local;
  let attrs = '';
  for (const key in el.attrs) {
    const v = el.attrs[key]!;
    if (key.startsWith('{')) {
      if (key === `{${NS_XSI}}type`) attrs += ` xsi:type="${escapeAttr(v)}" xmlns:xsi="${NS_XSI}"`;
      continue;
    }
    attrs += ` ${key}="${escapeAttr(v)}"`;
  }
  if (el.children.length === 0) {
    return el.text === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeText(el.text)}</${name}>`;
  }
  let inner = '';
  for (const c of el.children) inner += elementXml(c);
  return `<${name}${attrs}>${inner}</${name}>`;
}

// Stored elements are never mutated (updates replace them), so empty attribute and child lists are shared:
// that keeps a pre-filled mailbox of small items compact (see bench/exchange-sim.bench.ts).
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** A new element in the types namespace (for server-computed properties stored like client ones). */
export function typesElement(
  local: string,
  text: string,
  attrs: Readonly<Record<string, string>> = NO_ATTRS,
  children: readonly XmlElement[] = NO_CHILDREN,
): XmlElement {
  return { ns: NS_TYPES, local, attrs, children, text };
}
