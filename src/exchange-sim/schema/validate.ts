// Validates a parsed EWS request against Microsoft's schema the way Exchange does before it runs an
// operation: the SOAP header elements types.xsd declares (unknown headers are allowed) and the body's
// element, reporting the first violation in document order with .NET XmlSchemaValidator wording.
//
// Content models are matched greedily, one child after another: XSD's Unique Particle Attribution rule
// guarantees that the particle a child belongs to is decided by the child alone, so there is no
// backtracking and the cost is linear in the number of elements.
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_SOAP, NS_TYPES, NS_XSI } from '../../ews/soap/namespaces.ts';
import { checkBuiltin, checkSimple } from './datatypes.ts';
import {
  ewsSchema,
  wildcardAllows,
  type ComplexType,
  type ElementNode,
  type LoadedSchema,
  type ParticleNode,
  type SchemaType,
  type SimpleType,
} from './load.ts';
import type { Wildcard } from './model.ts';
import {
  elementName,
  expectedList,
  qualifiedName,
  type SchemaViolation,
  type ViolationSite,
} from './violation.ts';

const NS_XS = 'http://www.w3.org/2001/XMLSchema';
const XSI_TYPE = `{${NS_XSI}}type`;
const XSI_NIL = `{${NS_XSI}}nil`;
const XSI_PREFIX = `{${NS_XSI}}`;

class Stop {
  constructor(readonly violation: SchemaViolation) {}
}

interface MatchState {
  readonly parent: XmlElement;
  readonly children: readonly XmlElement[];
  /** Furthest child index at which particles were tried, and what they expected there. */
  best: number;
  tried: ParticleNode[];
}

function isBlank(t: string): boolean {
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function attributeName(key: string): string {
  if (key.charCodeAt(0) !== 123 /* { */) return key;
  const close = key.indexOf('}');
  return qualifiedName(key.slice(1, close), key.slice(close + 1));
}

/** The first schema violation of a SOAP request envelope, or undefined when it is valid. */
export function validateRequest(
  envelope: XmlElement,
  schema: LoadedSchema = ewsSchema(),
): SchemaViolation | undefined {
  try {
    new Validator(schema).envelope(envelope);
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return err.violation;
    throw err;
  }
}

class Validator {
  constructor(private readonly schema: LoadedSchema) {}

  private fail(element: XmlElement, site: ViolationSite, message: string): never {
    throw new Stop({ element, site, message });
  }

  envelope(env: XmlElement): void {
    const ch = env.children;
    for (const el of [env, ...ch.filter((c) => c.ns === NS_SOAP)])
      if (!isBlank(el.text))
        this.fail(el, { kind: 'text' }, `The element ${elementName(el.ns, el.local)} cannot contain text.`);
    let i = 0;
    if (ch[0] && ch[0].ns === NS_SOAP && ch[0].local === 'Header') {
      for (const h of ch[0].children) {
        const decl = this.global(h);
        if (decl) this.element(h, decl);
        else this.lax(h);
      }
      i = 1;
    }
    const body = ch[i];
    if (!body || body.ns !== NS_SOAP || body.local !== 'Body') {
      const expected = `${i === 0 ? "'Header, Body'" : "'Body'"} in namespace '${NS_SOAP}'`;
      if (!body)
        this.fail(
          env,
          { kind: 'end' },
          `The element ${elementName(env.ns, env.local)} has incomplete content. List of possible elements expected: ${expected}.`,
        );
      this.invalidChild(env, body, expected);
    }
    if (ch[i + 1]) this.invalidChild(env, ch[i + 1]!, '');
    if (body.children.length === 0)
      this.fail(
        body,
        { kind: 'end' },
        `The element ${elementName(body.ns, body.local)} has incomplete content. List of possible elements expected: 'any element in namespace '##any''.`,
      );
    for (const c of body.children) {
      const decl = this.global(c);
      if (!decl)
        this.fail(c, { kind: 'start' }, `The '${qualifiedName(c.ns, c.local)}' element is not declared.`);
      this.element(c, decl);
    }
  }

  private invalidChild(parent: XmlElement, child: XmlElement, expected: string): never {
    this.fail(
      child,
      { kind: 'start' },
      `The element ${elementName(parent.ns, parent.local)} has invalid child element ${elementName(child.ns, child.local)}.` +
        (expected ? ` List of possible elements expected: ${expected}.` : ''),
    );
  }

  private global(el: XmlElement): ElementNode | undefined {
    return this.schema.globals.get(el.ns)?.get(el.local);
  }

  /** processContents="lax": declared elements are validated, the others only searched for declared ones. */
  private lax(el: XmlElement): void {
    for (const c of el.children) {
      const decl = this.global(c);
      if (decl) this.element(c, decl);
      else this.lax(c);
    }
  }

  private xsiType(el: XmlElement, declared: SchemaType, value: string): SchemaType {
    // The tree keeps no prefix bindings; EWS types live in the types or messages namespace.
    const local = value.slice(value.indexOf(':') + 1);
    const found =
      this.schema.typesByName.get(`${NS_TYPES}:${local}`) ??
      this.schema.typesByName.get(`${NS_MESSAGES}:${local}`);
    if (!found) this.fail(el, { kind: 'start' }, `This is an invalid xsi:type '${value}'.`);
    for (let t: SchemaType | undefined = found; t; t = t.base) if (t === declared) return found;
    if (declared.kind === 'complex' && declared.anyType) return found;
    this.fail(
      el,
      { kind: 'start' },
      `The xsi:type attribute value '${value}' is not valid for the element ${elementName(el.ns, el.local)}, either because it is not a type validly derived from the type in the schema, or because it has xsi:type derivation blocked.`,
    );
  }

  element(el: XmlElement, decl: ElementNode): void {
    const name = elementName(el.ns, el.local);
    let type = decl.type;
    const xsiType = el.attrs[XSI_TYPE];
    if (xsiType !== undefined) type = this.xsiType(el, type, xsiType);
    if (decl.abstract || (type.kind === 'complex' && type.abstract))
      this.fail(el, { kind: 'start' }, `The element ${name} is abstract or its type is abstract.`);
    let nilled = false;
    const nil = el.attrs[XSI_NIL];
    if (nil !== undefined) {
      if (!decl.nillable)
        this.fail(
          el,
          { kind: 'attribute', key: XSI_NIL },
          "If the 'nillable' attribute is false in the schema, the 'xsi:nil' attribute must not be present in the instance.",
        );
      const bad = checkBuiltin('boolean', nil.trim());
      if (bad !== undefined)
        this.fail(
          el,
          { kind: 'attribute', key: XSI_NIL },
          `The '${NS_XSI}:nil' attribute is invalid - The value '${nil}' is invalid according to its datatype '${NS_XS}:boolean' - ${bad}`,
        );
      nilled = nil.trim() === 'true' || nil.trim() === '1';
    }
    if (type.kind === 'simple') {
      for (const key in el.attrs) {
        if (!key.startsWith(XSI_PREFIX))
          this.fail(el, { kind: 'attribute', key }, `The '${attributeName(key)}' attribute is not declared.`);
      }
      if (el.children.length > 0) this.textOnly(el, el.children[0]!);
      if (nilled) return this.nilled(el);
      return this.value(el, type);
    }
    if (type.anyType) return this.lax(el);
    this.attributes(el, type);
    if (nilled) return this.nilled(el);
    if (type.simple) {
      if (el.children.length > 0) this.textOnly(el, el.children[0]!);
      return this.value(el, type.simple);
    }
    if (!type.content) {
      if (el.children.length > 0)
        this.fail(
          el.children[0]!,
          { kind: 'start' },
          `The element ${name} cannot contain child element ${elementName(el.children[0]!.ns, el.children[0]!.local)} because the parent element's content model is empty.`,
        );
      if (!type.mixed && !isBlank(el.text))
        this.fail(el, { kind: 'text' }, `The element ${name} cannot contain text. Content model is empty.`);
      return;
    }
    const strayText = !type.mixed && !isBlank(el.text);
    try {
      this.content(el, type.content);
    } catch (err) {
      // Content found incomplete at the end tag comes after any text inside the element, and .NET reports
      // the text first (<m:ItemShape>IdOnly</m:ItemShape>). Where the text stands relative to an invalid
      // child is not in the tree; the child is reported.
      const atEnd = err instanceof Stop && err.violation.element === el && err.violation.site.kind === 'end';
      if (!(strayText && atEnd)) throw err;
    }
    if (strayText) this.fail(el, { kind: 'text' }, `The element ${name} cannot contain text.`);
  }

  private nilled(el: XmlElement): void {
    if (el.children.length > 0 || el.text !== '')
      this.fail(
        el,
        { kind: 'start' },
        `The element ${elementName(el.ns, el.local)} cannot contain text or element content when 'xsi:nil' is true.`,
      );
  }

  private textOnly(el: XmlElement, child: XmlElement): never {
    this.fail(
      child,
      { kind: 'start' },
      `The element ${elementName(el.ns, el.local)} cannot contain child element ${elementName(child.ns, child.local)} because the parent element's content model is text only.`,
    );
  }

  private value(el: XmlElement, type: SimpleType): void {
    const bad = checkSimple(type, el.text);
    if (bad !== undefined)
      this.fail(
        el,
        { kind: 'end' },
        `The '${qualifiedName(el.ns, el.local)}' element is invalid - The value '${el.text}' is invalid according to its datatype '${type.name}' - ${bad}`,
      );
  }

  private attributes(el: XmlElement, type: ComplexType): void {
    for (const key in el.attrs) {
      const value = el.attrs[key]!;
      const decl = type.attributes.get(key);
      if (decl) {
        const bad = checkSimple(decl.type, value);
        if (bad !== undefined)
          this.fail(
            el,
            { kind: 'attribute', key },
            `The '${attributeName(key)}' attribute is invalid - The value '${value}' is invalid according to its datatype '${decl.type.name}' - ${bad}`,
          );
        continue;
      }
      if (key.startsWith(XSI_PREFIX)) continue;
      const w = type.anyAttribute;
      if (w && key.charCodeAt(0) === 123 && wildcardAllows(w, key.slice(1, key.indexOf('}')))) continue;
      if (w && key.charCodeAt(0) !== 123 && wildcardAllows(w, '')) continue;
      this.fail(el, { kind: 'attribute', key }, `The '${attributeName(key)}' attribute is not declared.`);
    }
    for (const a of type.required) {
      if (el.attrs[a.key] === undefined)
        this.fail(el, { kind: 'start' }, `The required attribute '${attributeName(a.key)}' is missing.`);
    }
  }

  // ---- content models ------------------------------------------------------------------------------

  private content(el: XmlElement, p: ParticleNode): void {
    const st: MatchState = { parent: el, children: el.children, best: -1, tried: [] };
    const k = this.match(p, st, 0);
    if (k < st.children.length) this.unexpected(st, k);
  }

  private accepts(p: ParticleNode, c: XmlElement): boolean {
    const m = p.first.get(c.ns);
    if (m !== undefined && m.has(c.local)) return true;
    for (const w of p.firstAny) if (wildcardAllows(w, c.ns)) return true;
    return false;
  }

  /** Remembers which particles were tried at the furthest child index; names are only built on failure. */
  private note(st: MatchState, i: number, p: ParticleNode): void {
    if (i > st.best) {
      st.best = i;
      st.tried.length = 0;
    }
    if (i === st.best) st.tried.push(p);
  }

  private expectedAt(st: MatchState): string {
    const expected: ElementNode[] = [];
    const anyNs: string[] = [];
    for (const p of st.tried) {
      for (const e of p.expected) if (!expected.includes(e)) expected.push(e);
      for (const w of p.firstAny) {
        const ns = w.ns === '##any' ? (w.not === undefined ? '##any' : '##other') : w.ns.join(' ');
        if (!anyNs.includes(ns)) anyNs.push(ns);
      }
    }
    return expectedList(expected, anyNs);
  }

  /** A child no particle accepts (or content ending early): the message names what was possible there. */
  private unexpected(st: MatchState, i: number): never {
    const list = st.best === i ? this.expectedAt(st) : '';
    const parent = elementName(st.parent.ns, st.parent.local);
    const child = st.children[i];
    if (!child)
      this.fail(
        st.parent,
        { kind: 'end' },
        `The element ${parent} has incomplete content.` +
          (list ? ` List of possible elements expected: ${list}.` : ''),
      );
    this.invalidChild(st.parent, child, list);
  }

  private match(p: ParticleNode, st: MatchState, i: number): number {
    const ch = st.children;
    let count = 0;
    while (count < p.max) {
      if (i >= ch.length || !this.accepts(p, ch[i]!)) {
        this.note(st, i, p);
        break;
      }
      const j = this.once(p, st, i);
      if (j === i) break;
      i = j;
      count++;
    }
    if (count < p.min && !p.bodyEmptiable) this.unexpected(st, i);
    return i;
  }

  private once(p: ParticleNode, st: MatchState, i: number): number {
    const ch = st.children;
    switch (p.kind) {
      case 'e': {
        const c = ch[i]!;
        this.element(c, p.first.get(c.ns)!.get(c.local)!);
        return i + 1;
      }
      case 'w':
        this.wildcard(ch[i]!, p.wildcard!);
        return i + 1;
      case 's':
        for (const item of p.items) i = this.match(item, st, i);
        return i;
      case 'c': {
        const c = ch[i];
        if (c !== undefined)
          for (const item of p.items) if (this.accepts(item, c)) return this.match(item, st, i);
        this.note(st, i, p);
        if (!p.bodyEmptiable) this.unexpected(st, i);
        return i;
      }
      case 'a': {
        const seen = new Set<ParticleNode>();
        for (;;) {
          const c = ch[i];
          const item = c === undefined ? undefined : p.items.find((x) => !seen.has(x) && this.accepts(x, c));
          if (!item) break;
          seen.add(item);
          i = this.match(item, st, i);
        }
        for (const item of p.items) if (!seen.has(item)) this.note(st, i, item);
        for (const item of p.items) if (!seen.has(item) && !item.emptiable) this.unexpected(st, i);
        return i;
      }
    }
  }

  private wildcard(c: XmlElement, w: Wildcard): void {
    if (w.pc === 'skip') return;
    const decl = this.global(c);
    if (decl) return this.element(c, decl);
    if (w.pc === 'lax') return this.lax(c);
    this.fail(c, { kind: 'start' }, `The '${qualifiedName(c.ns, c.local)}' element is not declared.`);
  }
}
