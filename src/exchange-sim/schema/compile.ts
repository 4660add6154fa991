// Compiles Microsoft's EWS schema (types.xsd + messages.xsd) into the CompiledSchema the request validator
// walks. Only what validation needs is kept: global elements of both files and the types they reach,
// content models as particle trees, attribute uses, simple types as derivation steps with their facets.
// Run by scripts/compile-ews-schema.ts (npm run gen:ews-schema); the freshness test runs it in memory.
import { parseXml, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_XML } from '../../ews/soap/namespaces.ts';
import {
  BUILTINS,
  type AttributeUse,
  type Builtin,
  type CompiledSchema,
  type ComplexTypeDef,
  type ElementDecl,
  type Particle,
  type SimpleTypeDef,
  type TypeDef,
  type Wildcard,
} from './model.ts';

export const NS_XS = 'http://www.w3.org/2001/XMLSchema';

export class SchemaCompileError extends Error {
  readonly code = 'exchange_sim.ews_schema_compile';
  constructor(message: string) {
    super(message);
    this.name = 'SchemaCompileError';
  }
}

interface SchemaDoc {
  readonly tns: string;
  readonly prefixes: Readonly<Record<string, string>>;
  readonly qualified: boolean;
}

interface Def {
  readonly node: XmlElement;
  readonly doc: SchemaDoc;
}

const kids = (el: XmlElement): XmlElement[] =>
  el.children.filter((c) => c.ns === NS_XS && c.local !== 'annotation');

function occurs(el: XmlElement): [number, number] {
  const min = el.attrs['minOccurs'];
  const max = el.attrs['maxOccurs'];
  return [
    min === undefined ? 1 : Number(min),
    max === undefined ? 1 : max === 'unbounded' ? -1 : Number(max),
  ];
}

export interface SchemaSources {
  /** Text of types.xsd and messages.xsd. */
  readonly types: string;
  readonly messages: string;
  /** Recorded in the model (where the XSD came from). */
  readonly source: string;
}

export function compileEwsSchema(src: SchemaSources): CompiledSchema {
  return new Compiler([src.types, src.messages]).run(src.source);
}

class Compiler {
  private readonly types: TypeDef[] = [];
  private readonly elements: ElementDecl[] = [];
  private readonly elementKeys = new Map<string, number>();
  private readonly typeIndex = new Map<string, number>();
  private readonly globalIndex = new Map<string, number>();
  private readonly defs = {
    complexType: new Map<string, Def>(),
    simpleType: new Map<string, Def>(),
    element: new Map<string, Def>(),
    group: new Map<string, Def>(),
    attributeGroup: new Map<string, Def>(),
  };
  private readonly heads = new Map<number, number[]>();
  private readonly docs: { root: XmlElement; doc: SchemaDoc }[] = [];
  private readonly namespaces: string[] = [];

  private nsIndex(uri: string): number {
    let i = this.namespaces.indexOf(uri);
    if (i === -1) i = this.namespaces.push(uri) - 1;
    return i;
  }

  constructor(texts: readonly string[]) {
    for (const text of texts) {
      const root = parseXml(text);
      if (root.ns !== NS_XS || root.local !== 'schema') throw new SchemaCompileError('Not an XML schema.');
      // Our tree drops namespace declarations; the EWS schema declares all of them on xs:schema.
      const head = text.slice(0, text.indexOf('>', text.indexOf('<xs:schema')));
      const prefixes: Record<string, string> = { xml: NS_XML };
      for (const m of head.matchAll(/xmlns:([\w.-]+)\s*=\s*"([^"]*)"/g)) prefixes[m[1]!] = m[2]!;
      if ((text.match(/xmlns:/g) ?? []).length !== Object.keys(prefixes).length - 1)
        throw new SchemaCompileError('Namespace declarations below xs:schema are not supported.');
      const doc: SchemaDoc = {
        tns: root.attrs['targetNamespace'] ?? '',
        prefixes,
        qualified: root.attrs['elementFormDefault'] === 'qualified',
      };
      this.docs.push({ root, doc });
      for (const c of kids(root)) {
        const name = c.attrs['name'];
        if (name === undefined) continue;
        const table = this.defs[c.local as keyof Compiler['defs']];
        if (table) table.set(`${doc.tns} ${name}`, { node: c, doc });
      }
    }
  }

  run(source: string): CompiledSchema {
    for (const { root, doc } of this.docs) {
      for (const c of kids(root))
        if (c.local === 'element') this.globalElement(`${doc.tns} ${c.attrs['name']}`);
    }
    this.drain();
    const sub = new Map<number, number[]>();
    const members = (head: number, acc: number[]): number[] => {
      for (const m of this.heads.get(head) ?? []) {
        acc.push(m);
        members(m, acc);
      }
      return acc;
    };
    for (const head of this.heads.keys()) sub.set(head, members(head, []));
    const elements = this.elements.map((e, i) => (sub.has(i) ? { ...e, sub: sub.get(i)! } : e));
    return {
      source,
      regenerate: 'npm run gen:ews-schema',
      types: this.types,
      elements,
      namespaces: this.namespaces,
      globals: [...this.globalIndex.values()],
    };
  }

  private qname(value: string, doc: SchemaDoc): [string, string] {
    const colon = value.indexOf(':');
    const prefix = colon === -1 ? '' : value.slice(0, colon);
    const ns = colon === -1 ? doc.tns : doc.prefixes[prefix];
    if (ns === undefined) throw new SchemaCompileError(`Unbound prefix in "${value}".`);
    return [ns, value.slice(colon + 1)];
  }

  private lookup(kind: keyof Compiler['defs'], value: string, doc: SchemaDoc): Def & { key: string } {
    const [ns, local] = this.qname(value, doc);
    const key = `${ns} ${local}`;
    const def = this.defs[kind].get(key);
    if (!def) throw new SchemaCompileError(`Unknown ${kind} "${value}".`);
    return { ...def, key };
  }

  // ---- types ----------------------------------------------------------------------------------------

  private add(def: TypeDef): number {
    this.types.push(def);
    return this.types.length - 1;
  }

  private builtin(name: string): number {
    const key = `${NS_XS} ${name}`;
    const known = this.typeIndex.get(key);
    if (known !== undefined) return known;
    let def: TypeDef;
    if (name === 'anyType') def = { k: 'c', n: `${this.nsIndex(NS_XS)}:anyType`, any: 1 };
    else if ((BUILTINS as readonly string[]).includes(name))
      def = { k: 's', n: `${this.nsIndex(NS_XS)}:${name}`, b: name as Builtin };
    else throw new SchemaCompileError(`Unsupported built-in type xs:${name}.`);
    const i = this.add(def);
    this.typeIndex.set(key, i);
    return i;
  }

  /**
   * Index of a named type. Its slot is reserved at once and compiled later (drain), because content models
   * are recursive (ItemType reaches MessageType, which extends ItemType); `now` compiles it immediately, for
   * derivation, which needs the base's content and never loops.
   */
  private typeRef(value: string, doc: SchemaDoc, now = false): number {
    const [ns, local] = this.qname(value, doc);
    if (ns === NS_XS) return this.builtin(local);
    const key = `${ns} ${local}`;
    let slot = this.typeIndex.get(key);
    if (slot === undefined) {
      const def = this.defs.complexType.get(key) ?? this.defs.simpleType.get(key);
      if (!def) throw new SchemaCompileError(`Unknown type "${value}".`);
      slot = this.add({ k: 's' });
      this.typeIndex.set(key, slot);
      this.pending.set(slot, { ...def, name: `${this.nsIndex(ns)}:${local}` });
    }
    if (now) this.compilePending(slot);
    return slot;
  }

  private readonly pending = new Map<number, Def & { name: string }>();
  private readonly compiling = new Set<number>();

  private compilePending(slot: number): void {
    const def = this.pending.get(slot);
    if (!def) return;
    if (this.compiling.has(slot)) throw new SchemaCompileError(`Circular derivation of ${def.name}.`);
    this.compiling.add(slot);
    this.types[slot] =
      def.node.local === 'complexType'
        ? this.complexType(def.node, def.doc, def.name)
        : this.simpleType(def.node, def.doc, def.name);
    this.compiling.delete(slot);
    this.pending.delete(slot);
  }

  private drain(): void {
    for (;;) {
      const next = this.pending.keys().next();
      if (next.done) return;
      this.compilePending(next.value);
    }
  }

  private simpleType(node: XmlElement, doc: SchemaDoc, name?: string): SimpleTypeDef {
    const body = kids(node)[0];
    if (!body) throw new SchemaCompileError(`Empty simple type ${name ?? ''}.`);
    const named = name === undefined ? {} : { n: name };
    if (body.local === 'restriction') return { k: 's', ...named, ...this.restriction(body, doc) };
    if (body.local === 'list') {
      const itemType = body.attrs['itemType'];
      const inline = kids(body)[0];
      const item = itemType ? this.typeRef(itemType, doc) : this.add(this.simpleType(inline!, doc));
      return { k: 's', ...named, item };
    }
    if (body.local === 'union') {
      const union: number[] = [];
      for (const m of (body.attrs['memberTypes'] ?? '').split(/\s+/).filter(Boolean))
        union.push(this.typeRef(m, doc));
      for (const inline of kids(body)) union.push(this.add(this.simpleType(inline, doc)));
      return { k: 's', ...named, union };
    }
    throw new SchemaCompileError(`Unsupported simple type construct xs:${body.local}.`);
  }

  /** A restriction step: base plus facets. */
  private restriction(body: XmlElement, doc: SchemaDoc, baseIndex?: number): Omit<SimpleTypeDef, 'k' | 'n'> {
    let base = baseIndex;
    const facets: { -readonly [K in keyof SimpleTypeDef]?: SimpleTypeDef[K] } = {};
    const e: string[] = [];
    const p: string[] = [];
    for (const f of kids(body)) {
      const v = f.attrs['value'] ?? '';
      switch (f.local) {
        case 'simpleType':
          base = this.add(this.simpleType(f, doc));
          break;
        case 'enumeration':
          e.push(v);
          break;
        case 'pattern':
          p.push(v);
          break;
        case 'minInclusive':
          facets.minI = v;
          break;
        case 'maxInclusive':
          facets.maxI = v;
          break;
        case 'minExclusive':
          facets.minX = v;
          break;
        case 'maxExclusive':
          facets.maxX = v;
          break;
        case 'length':
          facets.len = Number(v);
          break;
        case 'minLength':
          facets.minL = Number(v);
          break;
        case 'maxLength':
          facets.maxL = Number(v);
          break;
        case 'attribute':
        case 'attributeGroup':
        case 'anyAttribute':
          break; // simpleContent restriction: handled by the caller
        default:
          throw new SchemaCompileError(`Unsupported facet xs:${f.local}.`);
      }
    }
    if (base === undefined) base = this.typeRef(body.attrs['base'] ?? 'xs:anySimpleType', doc);
    if (e.length > 0) facets.e = e;
    if (p.length > 0) facets.p = p;
    return { base, ...facets };
  }

  private complexType(node: XmlElement, doc: SchemaDoc, name?: string): ComplexTypeDef {
    const named = name === undefined ? {} : { n: name };
    const abs = node.attrs['abstract'] === 'true' ? { abs: 1 as const } : {};
    let mixed = node.attrs['mixed'] === 'true';
    const parts = kids(node);
    const first = parts[0];
    if (first && (first.local === 'simpleContent' || first.local === 'complexContent')) {
      if (first.attrs['mixed'] === 'true') mixed = true;
      const deriv = kids(first)[0]!;
      const baseIndex = this.typeRef(deriv.attrs['base']!, doc, true);
      const base = this.types[baseIndex]!;
      const own = this.attributes(kids(deriv), doc);
      const baseAttrs = base.k === 'c' ? (base.a ?? []) : [];
      const baseWildcard = base.k === 'c' ? base.aw : undefined;
      const ext = deriv.local === 'extension';
      const a = mergeAttributes(baseAttrs, own.a, own.prohibited);
      const aw = own.aw ?? (ext ? baseWildcard : undefined);
      const common = {
        k: 'c' as const,
        ...named,
        ...abs,
        base: baseIndex,
        ...(a.length ? { a } : {}),
        ...(aw ? { aw } : {}),
      };
      if (first.local === 'simpleContent') {
        const baseSimple = base.k === 's' ? baseIndex : base.st;
        if (baseSimple === undefined)
          throw new SchemaCompileError(`Simple content without a simple base in ${name}.`);
        const st = ext ? baseSimple : this.add({ k: 's', ...this.restriction(deriv, doc, baseSimple) });
        return { ...common, st };
      }
      const ownParticle = this.contentParticle(kids(deriv), doc);
      const baseParticle = base.k === 'c' ? base.c : undefined;
      let c: Particle | undefined = ownParticle;
      // The base's content is referenced, not copied: deep item hierarchies would repeat it many times.
      const baseRef: Particle | undefined = baseParticle ? ['x', 1, 1, baseIndex] : undefined;
      if (ext && baseRef) c = ownParticle ? ['s', 1, 1, [baseRef, ownParticle]] : baseRef;
      return { ...common, ...(mixed ? { mixed: 1 as const } : {}), ...(c ? { c } : {}) };
    }
    const own = this.attributes(parts, doc);
    const c = this.contentParticle(parts, doc);
    return {
      k: 'c',
      ...named,
      ...abs,
      ...(own.a.length ? { a: own.a } : {}),
      ...(own.aw ? { aw: own.aw } : {}),
      ...(mixed ? { mixed: 1 as const } : {}),
      ...(c ? { c } : {}),
    };
  }

  private contentParticle(parts: readonly XmlElement[], doc: SchemaDoc): Particle | undefined {
    const p = parts.find((x) => ['sequence', 'choice', 'all', 'group'].includes(x.local));
    return p ? this.particle(p, doc) : undefined;
  }

  private attributes(
    parts: readonly XmlElement[],
    doc: SchemaDoc,
  ): { a: AttributeUse[]; prohibited: string[]; aw?: Wildcard } {
    const a: AttributeUse[] = [];
    const prohibited: string[] = [];
    let aw: Wildcard | undefined;
    for (const x of parts) {
      if (x.local === 'attribute') {
        if (x.attrs['use'] === 'prohibited') {
          prohibited.push(x.attrs['name'] ?? '');
          continue;
        }
        const required = x.attrs['use'] === 'required' ? 1 : 0;
        const ref = x.attrs['ref'];
        if (ref !== undefined) {
          const [ns, local] = this.qname(ref, doc);
          if (ns !== NS_XML || local !== 'lang')
            throw new SchemaCompileError(`Unsupported attribute ref ${ref}.`);
          a.push([`{${NS_XML}}lang`, this.xmlLang(), required]);
          continue;
        }
        const inline = kids(x)[0];
        const t = x.attrs['type']
          ? this.typeRef(x.attrs['type'], doc)
          : inline
            ? this.add(this.simpleType(inline, doc))
            : this.builtin('anySimpleType');
        a.push([x.attrs['name']!, t, required]);
      } else if (x.local === 'attributeGroup') {
        const def = this.lookup('attributeGroup', x.attrs['ref']!, doc);
        const inner = this.attributes(kids(def.node), def.doc);
        a.push(...inner.a);
        aw ??= inner.aw;
      } else if (x.local === 'anyAttribute') {
        aw = this.wildcard(x, doc);
      }
    }
    return { a, prohibited, ...(aw ? { aw } : {}) };
  }

  /** xml:lang per the W3C xml.xsd: a language tag or the empty string. */
  private xmlLang(): number {
    const key = `${NS_XML} lang`;
    const known = this.typeIndex.get(key);
    if (known !== undefined) return known;
    const empty = this.add({ k: 's', base: this.builtin('string'), e: [''] });
    const i = this.add({ k: 's', union: [this.builtin('language'), empty] });
    this.typeIndex.set(key, i);
    return i;
  }

  private wildcard(x: XmlElement, doc: SchemaDoc): Wildcard {
    const pc = (x.attrs['processContents'] ?? 'strict') as Wildcard['pc'];
    const ns = (x.attrs['namespace'] ?? '##any').trim();
    if (ns === '##any') return { ns: '##any', pc };
    if (ns === '##other') return { ns: '##any', not: doc.tns, pc };
    const list = ns.split(/\s+/).map((u) => (u === '##targetNamespace' ? doc.tns : u === '##local' ? '' : u));
    return { ns: list, pc };
  }

  // ---- particles and elements -------------------------------------------------------------------------

  private particle(x: XmlElement, doc: SchemaDoc): Particle {
    const [min, max] = occurs(x);
    switch (x.local) {
      case 'element':
        return ['e', min, max, this.elementParticle(x, doc)];
      case 'any':
        return ['w', min, max, this.wildcard(x, doc)];
      case 'group': {
        const def = this.lookup('group', x.attrs['ref']!, doc);
        const inner = this.particle(kids(def.node)[0]!, def.doc);
        return [inner[0], min, max, inner[3]] as Particle;
      }
      case 'sequence':
      case 'choice':
      case 'all': {
        const items = kids(x).map((c) => this.particle(c, doc));
        return [x.local === 'sequence' ? 's' : x.local === 'choice' ? 'c' : 'a', min, max, items];
      }
      default:
        throw new SchemaCompileError(`Unsupported particle xs:${x.local}.`);
    }
  }

  private elementParticle(x: XmlElement, doc: SchemaDoc): number {
    const ref = x.attrs['ref'];
    if (ref !== undefined) return this.globalElement(this.lookup('element', ref, doc).key);
    const qualified = x.attrs['form'] ? x.attrs['form'] === 'qualified' : doc.qualified;
    const decl = this.declaration(x, doc, qualified ? doc.tns : '');
    // Identical local declarations (same name, type, nillability) share one entry.
    const key = JSON.stringify(decl);
    const known = this.elementKeys.get(key);
    if (known !== undefined) return known;
    this.elements.push(decl);
    this.elementKeys.set(key, this.elements.length - 1);
    return this.elements.length - 1;
  }

  private declaration(x: XmlElement, doc: SchemaDoc, ns: string): ElementDecl {
    const inline = kids(x).find((c) => c.local === 'complexType' || c.local === 'simpleType');
    const t = x.attrs['type']
      ? this.typeRef(x.attrs['type'], doc)
      : inline
        ? this.add(
            inline.local === 'complexType' ? this.complexType(inline, doc) : this.simpleType(inline, doc),
          )
        : this.builtin('anyType');
    return {
      ns: this.nsIndex(ns),
      n: x.attrs['name']!,
      t,
      ...(x.attrs['nillable'] === 'true' ? { nil: 1 as const } : {}),
      ...(x.attrs['abstract'] === 'true' ? { abs: 1 as const } : {}),
    };
  }

  private globalElement(key: string): number {
    const known = this.globalIndex.get(key);
    if (known !== undefined) return known;
    const def = this.defs.element.get(key);
    if (!def) throw new SchemaCompileError(`Unknown element ${key}.`);
    const slot = this.elements.length;
    this.elements.push({ ns: this.nsIndex(def.doc.tns), n: def.node.attrs['name']!, t: -1 });
    this.globalIndex.set(key, slot);
    this.elements[slot] = this.declaration(def.node, def.doc, def.doc.tns);
    const head = def.node.attrs['substitutionGroup'];
    if (head !== undefined) {
      const h = this.globalElement(this.lookup('element', head.trim(), def.doc).key);
      this.heads.set(h, [...(this.heads.get(h) ?? []), slot]);
    }
    return slot;
  }
}

function mergeAttributes(
  base: readonly AttributeUse[],
  own: readonly AttributeUse[],
  prohibited: readonly string[],
): AttributeUse[] {
  const out = base.filter((b) => !prohibited.includes(b[0]) && !own.some((o) => o[0] === b[0]));
  return [...out, ...own];
}
