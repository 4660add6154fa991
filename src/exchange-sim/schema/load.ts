// Turns the committed JSON model into linked objects the validator walks without lookups: element
// declarations point at their types, particles at their declarations, and every particle knows which
// child elements can start it (its first set), so content matching never backtracks.
// Imported (not read from disk) so a tsc build carries the model along in dist/.
import committedModel from './ews-model.generated.json' with { type: 'json' };
import type { Builtin, CompiledSchema, ElementDecl, Particle, TypeDef, Wildcard } from './model.ts';

export interface SimpleType {
  readonly kind: 'simple';
  /** "namespace:Name" of the nearest named type (what violations cite). */
  readonly name: string;
  /** The built-in at the root of the derivation (undefined for lists and unions). */
  readonly builtin: Builtin | undefined;
  readonly base: SimpleType | undefined;
  readonly enumeration: ReadonlySet<string> | undefined;
  readonly patterns: readonly RegExp[] | undefined;
  readonly minInclusive: number | undefined;
  readonly maxInclusive: number | undefined;
  readonly minExclusive: number | undefined;
  readonly maxExclusive: number | undefined;
  readonly length: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly item: SimpleType | undefined;
  readonly union: readonly SimpleType[] | undefined;
  /** True when the value's surrounding/inner whitespace is collapsed before checking (all but xs:string). */
  readonly collapse: boolean;
}

export interface AttributeDecl {
  readonly key: string;
  readonly type: SimpleType;
  readonly required: boolean;
}

export interface ComplexType {
  readonly kind: 'complex';
  readonly name: string;
  readonly abstract: boolean;
  readonly base: ComplexType | SimpleType | undefined;
  readonly attributes: ReadonlyMap<string, AttributeDecl>;
  readonly required: readonly AttributeDecl[];
  readonly anyAttribute: Wildcard | undefined;
  readonly mixed: boolean;
  readonly simple: SimpleType | undefined;
  readonly content: ParticleNode | undefined;
  readonly anyType: boolean;
}

export type SchemaType = SimpleType | ComplexType;

export interface ElementNode {
  readonly ns: string;
  readonly local: string;
  type: SchemaType;
  readonly nillable: boolean;
  readonly abstract: boolean;
  /** This declaration and the members of its substitution group, by namespace then local name. */
  readonly matches: ReadonlyMap<string, ReadonlyMap<string, ElementNode>>;
}

export interface ParticleNode {
  readonly kind: 'e' | 's' | 'c' | 'a' | 'w';
  readonly min: number;
  readonly max: number;
  readonly items: readonly ParticleNode[];
  readonly element: ElementNode | undefined;
  readonly wildcard: Wildcard | undefined;
  /** True when the particle can match no element at all (minOccurs 0 or an emptiable body). */
  readonly emptiable: boolean;
  /** True when one occurrence can match no element. */
  readonly bodyEmptiable: boolean;
  /** Elements that can start one occurrence: namespace → local → declaration. */
  readonly first: ReadonlyMap<string, ReadonlyMap<string, ElementNode>>;
  /** Wildcards that can start one occurrence. */
  readonly firstAny: readonly Wildcard[];
  /** The declarations in `first`, in schema order, for "List of possible elements expected". */
  readonly expected: readonly ElementNode[];
}

export interface LoadedSchema {
  readonly globals: ReadonlyMap<string, ReadonlyMap<string, ElementNode>>;
  readonly typesByName: ReadonlyMap<string, SchemaType>;
}

export function wildcardAllows(w: Wildcard, ns: string): boolean {
  if (w.ns === '##any') return w.not === undefined || (ns !== w.not && ns !== '');
  return w.ns.includes(ns);
}

export function loadSchema(model: CompiledSchema): LoadedSchema {
  return new Linker(model).run();
}

let cached: LoadedSchema | undefined;

/** The schema from the committed model, loaded on first use (~20 ms). */
export function ewsSchema(): LoadedSchema {
  cached ??= loadSchema(committedModel as unknown as CompiledSchema);
  return cached;
}

function addTo(map: Map<string, Map<string, ElementNode>>, ns: string, local: string, el: ElementNode): void {
  let inner = map.get(ns);
  if (!inner) map.set(ns, (inner = new Map()));
  if (!inner.has(local)) inner.set(local, el);
}

class Linker {
  private readonly types: (SchemaType | undefined)[];
  private readonly elements: (ElementNode | undefined)[];
  private readonly particles = new Map<Particle, ParticleNode>();

  constructor(private readonly model: CompiledSchema) {
    this.types = new Array(model.types.length);
    this.elements = new Array(model.elements.length);
  }

  run(): LoadedSchema {
    // All declarations (and so all substitution groups) exist before any content model is linked: a first
    // set taken from a half-built group would miss members (SearchExpression is reached from AndType,
    // the type of its own member And).
    for (let i = 0; i < this.model.elements.length; i++) this.element(i);
    for (let i = 0; i < this.model.elements.length; i++)
      this.elements[i]!.type = this.type(this.model.elements[i]!.t);
    const globals = new Map<string, Map<string, ElementNode>>();
    for (const g of this.model.globals) {
      const el = this.element(g);
      addTo(globals, el.ns, el.local, el);
    }
    const typesByName = new Map<string, SchemaType>();
    this.model.types.forEach((t, i) => {
      if (t.n !== undefined) typesByName.set(this.name(t.n), this.type(i));
    });
    return { globals, typesByName };
  }

  private name(n: string): string {
    const colon = n.indexOf(':');
    return `${this.model.namespaces[Number(n.slice(0, colon))]}:${n.slice(colon + 1)}`;
  }

  private element(i: number): ElementNode {
    const known = this.elements[i];
    if (known) return known;
    const d: ElementDecl = this.model.elements[i]!;
    const matches = new Map<string, Map<string, ElementNode>>();
    const el: ElementNode = {
      ns: this.model.namespaces[d.ns]!,
      local: d.n,
      type: undefined as unknown as SchemaType, // linked in run(), once every declaration exists
      nillable: d.nil === 1,
      abstract: d.abs === 1,
      matches,
    };
    this.elements[i] = el;
    addTo(matches, el.ns, el.local, el);
    for (const m of d.sub ?? []) {
      const member = this.element(m);
      addTo(matches, member.ns, member.local, member);
    }
    return el;
  }

  private type(i: number): SchemaType {
    const known = this.types[i];
    if (known) return known;
    const def: TypeDef = this.model.types[i]!;
    if (def.k === 's') {
      const base = def.base === undefined ? undefined : (this.type(def.base) as SimpleType);
      const item = def.item === undefined ? undefined : (this.type(def.item) as SimpleType);
      const union = def.union?.map((u) => this.type(u) as SimpleType);
      const builtin = def.b ?? base?.builtin;
      const t: SimpleType = {
        kind: 'simple',
        name: def.n !== undefined ? this.name(def.n) : (base?.name ?? ''),
        builtin,
        base,
        enumeration: def.e ? new Set(def.e) : undefined,
        patterns: def.p?.map((p) => new RegExp(`^(?:${p})$`, 'u')),
        minInclusive: num(def.minI),
        maxInclusive: num(def.maxI),
        minExclusive: num(def.minX),
        maxExclusive: num(def.maxX),
        length: def.len,
        minLength: def.minL,
        maxLength: def.maxL,
        item,
        union,
        collapse: !(builtin === 'string' || builtin === 'anySimpleType') || item !== undefined,
      };
      this.types[i] = t;
      return t;
    }
    const attributes = new Map<string, AttributeDecl>();
    const t: ComplexType = {
      kind: 'complex',
      name: def.n !== undefined ? this.name(def.n) : '',
      abstract: def.abs === 1,
      base: undefined,
      attributes,
      required: [],
      anyAttribute: def.aw,
      mixed: def.mixed === 1,
      simple: undefined,
      content: undefined,
      anyType: def.any === 1,
    };
    this.types[i] = t; // before linking: content models are recursive
    const mutable = t as { -readonly [K in keyof ComplexType]: ComplexType[K] };
    if (def.base !== undefined) mutable.base = this.type(def.base);
    for (const [key, ti, req] of def.a ?? []) {
      const a: AttributeDecl = { key, type: this.type(ti) as SimpleType, required: req === 1 };
      attributes.set(key, a);
    }
    mutable.required = [...attributes.values()].filter((a) => a.required);
    if (def.st !== undefined) mutable.simple = this.type(def.st) as SimpleType;
    if (def.c !== undefined) mutable.content = this.particle(def.c);
    return t;
  }

  private particle(p: Particle): ParticleNode {
    if (p[0] === 'x') {
      const base = this.type(p[3]);
      const c = base.kind === 'complex' ? this.model.types[p[3]] : undefined;
      if (!c || c.k !== 'c' || c.c === undefined) throw new Error('extension base without content');
      return this.particle(c.c);
    }
    const known = this.particles.get(p);
    if (known) return known;
    const [kind, min, max] = p;
    const first = new Map<string, Map<string, ElementNode>>();
    const firstAny: Wildcard[] = [];
    const expected: ElementNode[] = [];
    let items: ParticleNode[] = [];
    let element: ElementNode | undefined;
    let wildcard: Wildcard | undefined;
    let emptiable: boolean;
    if (kind === 'e') {
      element = this.element(p[3]);
      for (const [ns, m] of element.matches)
        for (const [local, el] of m) {
          addTo(first, ns, local, el);
          if (!el.abstract) expected.push(el);
        }
      emptiable = false;
    } else if (kind === 'w') {
      wildcard = p[3];
      firstAny.push(wildcard);
      emptiable = false;
    } else {
      items = p[3].map((c) => this.particle(c));
      const take = (c: ParticleNode): void => {
        for (const [ns, m] of c.first) for (const [local, el] of m) addTo(first, ns, local, el);
        firstAny.push(...c.firstAny);
        for (const e of c.expected) if (!expected.includes(e)) expected.push(e);
      };
      if (kind === 's') {
        emptiable = true;
        for (const c of items) {
          take(c);
          if (!c.emptiable) {
            emptiable = false;
            break;
          }
        }
      } else {
        for (const c of items) take(c);
        emptiable = kind === 'a' ? items.every((c) => c.emptiable) : items.some((c) => c.emptiable);
      }
    }
    const bodyEmptiable = emptiable;
    emptiable ||= min === 0;
    const node: ParticleNode = {
      kind,
      min,
      max: max === -1 ? Infinity : max,
      items,
      element,
      wildcard,
      emptiable,
      bodyEmptiable,
      first,
      firstAny,
      expected,
    };
    this.particles.set(p, node);
    return node;
  }
}

function num(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}
