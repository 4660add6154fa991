// Serializes XmlElement trees back to XML and derives schema-relevant mutations of valid requests
// (for the differential test of the simulator's request validator against xmllint).
import fc from 'fast-check';
import type { XmlElement } from '../../../../src/ews/soap/xml-tree.ts';
import { escapeAttr, escapeText } from '../../../../src/ews/soap/xml-writer.ts';
import { NS_MESSAGES, NS_SOAP, NS_TYPES, NS_XSI } from '../../../../src/ews/soap/namespaces.ts';

const PREFIXES: Record<string, string> = {
  [NS_SOAP]: 's',
  [NS_TYPES]: 't',
  [NS_MESSAGES]: 'm',
  [NS_XSI]: 'xsi',
};

export function serialize(root: XmlElement): string {
  const extra = new Map<string, string>();
  const prefix = (ns: string): string => {
    const known = PREFIXES[ns];
    if (known !== undefined) return known;
    let p = extra.get(ns);
    if (p === undefined) extra.set(ns, (p = `n${extra.size}`));
    return p;
  };
  const write = (el: XmlElement): string => {
    const qn = el.ns === '' ? el.local : `${prefix(el.ns)}:${el.local}`;
    let s = `<${qn}`;
    for (const [k, v] of Object.entries(el.attrs)) {
      const name = k.startsWith('{')
        ? `${prefix(k.slice(1, k.indexOf('}')))}:${k.slice(k.indexOf('}') + 1)}`
        : k;
      s += ` ${name}="${escapeAttr(v)}"`;
    }
    const inner = escapeText(el.text) + el.children.map(write).join('');
    return inner === '' ? `${s}/>` : `${s}>${inner}</${qn}>`;
  };
  const body = write(root);
  const decls = [...Object.entries(PREFIXES), ...extra.entries()]
    .map(([ns, p]) => ` xmlns:${p}="${escapeAttr(ns)}"`)
    .join('');
  const gt = body.search(/\/?>/);
  return `<?xml version="1.0" encoding="utf-8"?>\n${body.slice(0, gt)}${decls}${body.slice(gt)}`;
}

type Mutable = {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: Mutable[];
  text: string;
};

function clone(el: XmlElement): Mutable {
  return {
    ns: el.ns,
    local: el.local,
    attrs: { ...el.attrs },
    children: el.children.map(clone),
    text: el.text,
  };
}

function preorder(el: Mutable, out: Mutable[] = []): Mutable[] {
  out.push(el);
  for (const c of el.children) preorder(c, out);
  return out;
}

/** Values that break common EWS datatypes (enums, xs:int, xs:boolean, xs:dateTime, facets). */
export const BAD_VALUES = [
  'bogus',
  '12x',
  'maybe',
  '2020-13-45T25:61:00Z',
  '',
  '513',
  '-1',
  '99999999999',
  ' true ',
];

/** EWS element names from different content models (substitution-group members, choices, sequences). */
export const NAMES = [
  'Subject',
  'ItemId',
  'FolderId',
  'DistinguishedFolderId',
  'FieldURI',
  'ExtendedFieldURI',
  'Mailbox',
  'IsEqualTo',
  'And',
  'Path',
  'SearchExpression',
  'BaseShape',
  'Message',
  'Item',
  'Body',
  'Constant',
  'EmailAddress',
  'SubscriptionId',
  'Value',
];

/** xsi:nil and xsi:type attributes (the serializer binds t: to the types namespace, as the corpus does). */
export const XSI = [
  ['nil', 'true'],
  ['nil', 'false'],
  ['nil', 'maybe'],
  ['type', 't:ItemIdType'],
  ['type', 't:MessageType'],
  ['type', 't:NoSuchType'],
] as const;

export type Mutation =
  | { kind: 'xsi'; at: number; attr: number }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'move'; at: number; child: number; to: number }
  | { kind: 'drop' | 'duplicate' | 'swap'; at: number; child: number }
  | { kind: 'insert'; at: number; child: number; ns: string }
  | { kind: 'text'; at: number; value: string }
  | { kind: 'addAttr'; at: number }
  | { kind: 'dropAttr' | 'badAttr'; at: number; attr: number; value: string };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('xsi'), at: fc.nat(), attr: fc.nat(XSI.length - 1) }),
  fc.record({ kind: fc.constant('rename'), at: fc.nat(), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('move'), at: fc.nat(), child: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constantFrom('drop', 'duplicate', 'swap'), at: fc.nat(), child: fc.nat() }),
  fc.record({
    kind: fc.constant('insert'),
    at: fc.nat(),
    child: fc.nat(),
    ns: fc.constantFrom(NS_TYPES, NS_MESSAGES, 'urn:other'),
  }),
  fc.record({ kind: fc.constant('text'), at: fc.nat(), value: fc.constantFrom(...BAD_VALUES) }),
  fc.record({ kind: fc.constant('addAttr'), at: fc.nat() }),
  fc.record({
    kind: fc.constantFrom('dropAttr', 'badAttr'),
    at: fc.nat(),
    attr: fc.nat(),
    value: fc.constantFrom(...BAD_VALUES),
  }),
) as fc.Arbitrary<Mutation>;

/** Applies `m` to a copy of the tree (below soap:Body); undefined when it does not apply to that element. */
export function mutate(root: XmlElement, m: Mutation): XmlElement | undefined {
  const copy = clone(root);
  const body = copy.children.find((c) => c.ns === NS_SOAP && c.local === 'Body');
  if (!body) return undefined;
  // The envelope, Header and Body themselves are SOAP's, not the EWS schema's (see validate.ts).
  const nodes = preorder(copy).filter((n) => n !== copy && n.ns !== NS_SOAP);
  const el = nodes[m.at % nodes.length];
  if (!el) return undefined;
  const n = el.children.length;
  switch (m.kind) {
    case 'drop':
      if (n === 0) return undefined;
      el.children.splice(m.child % n, 1);
      break;
    case 'duplicate':
      if (n === 0) return undefined;
      el.children.splice(m.child % n, 0, clone(el.children[m.child % n]!));
      break;
    case 'swap': {
      if (n < 2) return undefined;
      const i = m.child % (n - 1);
      const [a, b] = [el.children[i]!, el.children[i + 1]!];
      if (a.ns === b.ns && a.local === b.local) return undefined;
      el.children[i] = b;
      el.children[i + 1] = a;
      break;
    }
    case 'xsi': {
      const [name, value] = XSI[m.attr]!;
      el.attrs[`{${NS_XSI}}${name}`] = value;
      break;
    }
    case 'rename':
      if (el.local === m.name) return undefined;
      el.local = m.name;
      break;
    case 'move': {
      if (n < 3) return undefined;
      const [moved] = el.children.splice(m.child % n, 1);
      el.children.splice(m.to % n, 0, moved!);
      break;
    }
    case 'insert':
      el.children.splice(m.child % (n + 1), 0, {
        ns: m.ns,
        local: 'Bogus',
        attrs: {},
        children: [],
        text: '',
      });
      break;
    case 'text':
      if (n > 0) return undefined;
      el.text = m.value;
      break;
    case 'addAttr':
      el.attrs['Bogus'] = '1';
      break;
    case 'dropAttr':
    case 'badAttr': {
      const keys = Object.keys(el.attrs);
      if (keys.length === 0) return undefined;
      const key = keys[m.attr % keys.length]!;
      if (m.kind === 'dropAttr') delete el.attrs[key];
      else el.attrs[key] = m.value;
      break;
    }
  }
  return copy;
}
