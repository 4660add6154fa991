// A small table-driven (de)serializer for EWS complex types. A type is an ordered list of fields; writing
// follows that list, so the output follows the types.xsd sequence by construction, and reading maps child
// elements by local name (unknown elements are skipped: servers send more than we model).
import { NS_TYPES } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';

export interface Codec<T> {
  read(el: XmlElement): T;
  /** Write the element `qname` holding `value`. */
  write(w: XmlWriter, qname: string, value: T): void;
}

export interface Field {
  /** Local name in the types namespace. */
  readonly xml: string;
  /** Property name on the TypeScript object. */
  readonly key: string;
  readonly codec: Codec<unknown>;
  /** The element repeats (maxOccurs unbounded directly in the sequence); the property is an array. */
  readonly repeated: boolean;
}

export function field<T>(xml: string, key: string, codec: Codec<T>, repeated = false): Field {
  return { xml, key, codec: codec as Codec<unknown>, repeated };
}

export interface FieldTable {
  readonly fields: readonly Field[];
  readonly byXml: ReadonlyMap<string, Field>;
}

export function table(fields: readonly Field[]): FieldTable {
  return { fields, byXml: new Map(fields.map((f) => [f.xml, f])) };
}

export function writeFields(w: XmlWriter, value: object, t: FieldTable): void {
  const obj = value as Record<string, unknown>;
  for (const f of t.fields) {
    const v = obj[f.key];
    if (v === undefined) continue;
    if (f.repeated) for (const item of v as unknown[]) f.codec.write(w, `t:${f.xml}`, item);
    else f.codec.write(w, `t:${f.xml}`, v);
  }
}

export function readFields(el: XmlElement, t: FieldTable, target: Record<string, unknown>): void {
  for (const c of el.children) {
    if (c.ns !== NS_TYPES) continue;
    const f = t.byXml.get(c.local);
    if (f === undefined) continue;
    const v = f.codec.read(c);
    if (f.repeated) {
      const arr = (target[f.key] as unknown[] | undefined) ?? [];
      arr.push(v);
      target[f.key] = arr;
    } else {
      target[f.key] = v;
    }
  }
}

/** A codec for an element whose content is a field table. */
export function objectCodec<T extends object>(t: FieldTable, attrs?: AttrSpec<T>): Codec<T> {
  return {
    read(el) {
      const out: Record<string, unknown> = {};
      if (attrs !== undefined) attrs.read(el, out);
      readFields(el, t, out);
      return out as T;
    },
    write(w, qname, value) {
      w.start(qname, attrs?.write(value));
      writeFields(w, value, t);
      w.end();
    },
  };
}

export interface AttrSpec<T> {
  read(el: XmlElement, out: Record<string, unknown>): void;
  write(value: T): Record<string, string | number | boolean | undefined>;
}

// ---- primitives ---------------------------------------------------------------------------------

export const str: Codec<string> = {
  read: (el) => el.text,
  write: (w, q, v) => void w.leaf(q, v),
};

export function parseBool(text: string): boolean {
  const t = text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new EwsProtocolError(`Expected an xs:boolean, got "${t.slice(0, 40)}".`);
}

export const bool: Codec<boolean> = {
  read: (el) => parseBool(el.text),
  write: (w, q, v) => void w.leaf(q, v ? 'true' : 'false'),
};

export function parseIntStrict(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new EwsProtocolError(`Expected an integer, got "${t.slice(0, 40)}".`);
  return Number(t);
}

export const int: Codec<number> = {
  read: (el) => parseIntStrict(el.text),
  write: (w, q, v) => {
    if (!Number.isInteger(v)) throw new EwsProtocolError(`Expected an integer value for ${q}, got ${v}.`);
    w.leaf(q, v);
  },
};

/** xs:dateTime / xs:date kept as the literal string: EWS date-times may be unqualified (meaning the
 * TimeZoneContext zone), so converting to Date would lose information. */
export const dateTime: Codec<string> = {
  read: (el) => el.text.trim(),
  write: (w, q, v) => void w.leaf(q, v),
};

/** A string restricted to an enumeration; values outside it are kept as-is when reading (lenient). */
export function enumCodec<E extends string>(): Codec<E> {
  return {
    read: (el) => el.text.trim() as E,
    write: (w, q, v) => void w.leaf(q, v),
  };
}

export const base64: Codec<Uint8Array> = {
  read: (el) => new Uint8Array(Buffer.from(el.text, 'base64')),
  write: (w, q, v) =>
    void w.leafTrusted(q, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')),
};

/** `<t:X><t:String>a</t:String>...</t:X>` (ArrayOfStringsType). */
export const stringArray: Codec<string[]> = {
  read: (el) => el.children.filter((c) => c.local === 'String').map((c) => c.text),
  write: (w, q, v) => {
    w.start(q);
    for (const s of v) w.leaf('t:String', s);
    w.end();
  },
};

/** A wrapper element holding a list of one element kind (NonEmptyArrayOf...). Empty lists are not written
 * because the schema requires at least one entry. */
export function listCodec<T>(itemXml: string, item: Codec<T>): Codec<T[]> {
  return {
    read: (el) =>
      el.children.filter((c) => c.ns === NS_TYPES && c.local === itemXml).map((c) => item.read(c)),
    write: (w, q, v) => {
      if (v.length === 0) return;
      w.start(q);
      for (const x of v) item.write(w, `t:${itemXml}`, x);
      w.end();
    },
  };
}

export function boolAttr(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : parseBool(value);
}

/**
 * A request attribute restricted to an XSD enumeration, read by the server side of an operation: a value
 * outside it is a body the schema refuses (EwsProtocolError), an absent one is `undefined`.
 */
export function enumAttr<E extends string>(
  el: XmlElement,
  name: string,
  allowed: readonly E[],
): E | undefined {
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new EwsProtocolError(
      `The '${name}' attribute is invalid - The value '${v}' is invalid according to its datatype - The Enumeration constraint failed.`,
    );
  }
  return v as E;
}

/** An enumerated attribute the schema requires (use="required"). */
export function requiredEnumAttr<E extends string>(el: XmlElement, name: string, allowed: readonly E[]): E {
  const v = enumAttr(el, name, allowed);
  if (v === undefined) throw new EwsProtocolError(`The required attribute '${name}' is missing.`);
  return v;
}
