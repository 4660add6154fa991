// The first schema violation of a request: what .NET's XmlSchemaValidator (which Exchange runs) would say,
// and where (the element, attribute or text it points at; locate.ts turns that into line and position).
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { ElementNode } from './load.ts';

export type ViolationSite =
  | { readonly kind: 'start' } // the element's start tag name
  | { readonly kind: 'end' } // its end tag name (the start tag when self-closed)
  | { readonly kind: 'attribute'; readonly key: string }
  | { readonly kind: 'text' }; // the first non-blank character data directly inside it

export interface SchemaViolation {
  readonly message: string;
  readonly element: XmlElement;
  readonly site: ViolationSite;
}

/** 'Local' in namespace 'ns' — how .NET names elements in content-model messages. */
export function elementName(ns: string, local: string): string {
  return ns === '' ? `'${local}'` : `'${local}' in namespace '${ns}'`;
}

/** 'ns:Local' — how .NET names elements and attributes in value and declaration messages. */
export function qualifiedName(ns: string, local: string): string {
  return ns === '' ? local : `${ns}:${local}`;
}

/** "'A, B' in namespace 'x' as well as 'C' in namespace 'y'" grouping consecutive names by namespace. */
export function expectedList(expected: readonly ElementNode[], anyNamespaces: readonly string[]): string {
  const groups: { ns: string; names: string[] }[] = [];
  for (const e of expected) {
    const last = groups[groups.length - 1];
    if (last && last.ns === e.ns) {
      if (!last.names.includes(e.local)) last.names.push(e.local);
    } else groups.push({ ns: e.ns, names: [e.local] });
  }
  const parts = groups.map((g) =>
    g.ns === '' ? `'${g.names.join(', ')}'` : `'${g.names.join(', ')}' in namespace '${g.ns}'`,
  );
  for (const w of anyNamespaces) parts.push(`any element in namespace '${w}'`);
  return parts.join(' as well as ');
}
