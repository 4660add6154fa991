// Building XML text. Every text and attribute value goes through escaping; element and attribute names are
// code-controlled constants.
//
// Characters XML 1.0 does not allow (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates) are
// REJECTED with EwsRequestError: silently changing a subject or a contact field would corrupt data on the
// Exchange side without anyone noticing. Callers holding untrusted text (caller names from a PBX...) can
// call `stripInvalidXmlChars` first, deliberately. Characters outside the BMP (surrogate pairs) pass through.
import { EwsRequestError } from '../errors.ts';

// With the `u` flag a lone surrogate is one code point that matches none of the allowed ranges. That
// regex is slow on long strings, so the hot check uses two plain ones and the `u` one only locates the culprit.
const INVALID_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const INVALID_XML_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// eslint-disable-next-line no-control-regex -- these control characters are exactly what must be found
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/;
const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"'\t\n\r]/;

function assertValidXmlChars(value: string): void {
  if (!FORBIDDEN_CHAR.test(value) && !SURROGATE.test(value)) return;
  const m = INVALID_XML_CHAR.exec(value);
  if (m !== null) {
    const cp = m[0].codePointAt(0)!;
    throw new EwsRequestError(
      `The value contains U+${cp.toString(16).toUpperCase().padStart(4, '0')} at index ${m.index}, a character XML 1.0 does not allow.`,
    );
  }
}

/** Remove every character XML 1.0 does not allow. */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(INVALID_XML_CHARS, '');
}

export function isValidXmlText(value: string): boolean {
  return !INVALID_XML_CHAR.test(value);
}

/** Escape character data. CR is written as a reference so it survives end-of-line normalization. */
export function escapeText(value: string): string {
  assertValidXmlChars(value);
  if (!TEXT_SPECIAL.test(value)) return value;
  return value.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;',
  );
}

/** Escape an attribute value for double quotes; whitespace controls become references so that attribute-value
 * normalization does not turn them into spaces. */
export function escapeAttr(value: string): string {
  assertValidXmlChars(value);
  if (!ATTR_SPECIAL.test(value)) return value;
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c]!);
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export type AttrValue = string | number | boolean | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;

function attrString(attrs: Attrs | undefined): string {
  if (attrs === undefined) return '';
  let s = '';
  for (const name in attrs) {
    const v = attrs[name];
    if (v === undefined) continue;
    s += ` ${name}="${escapeAttr(String(v))}"`;
  }
  return s;
}

/**
 * Appends XML to one string. Names are written as given (`t:Subject`); values are escaped.
 * Optional-value helpers (`leafOpt`) skip undefined so builders can follow schema sequences literally.
 */
export class XmlWriter {
  private out = '';
  private readonly open: string[] = [];

  start(name: string, attrs?: Attrs): this {
    this.out += `<${name}${attrString(attrs)}>`;
    this.open.push(name);
    return this;
  }

  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('XmlWriter.end() without an open element');
    this.out += `</${name}>`;
    return this;
  }

  empty(name: string, attrs?: Attrs): this {
    this.out += `<${name}${attrString(attrs)}/>`;
    return this;
  }

  text(value: string): this {
    this.out += escapeText(value);
    return this;
  }

  /** `<name attrs>value</name>`. */
  leaf(name: string, value: string | number | boolean, attrs?: Attrs): this {
    this.out += `<${name}${attrString(attrs)}>${escapeText(String(value))}</${name}>`;
    return this;
  }

  /** `leaf` when value is defined, nothing otherwise. */
  leafOpt(name: string, value: string | number | boolean | undefined, attrs?: Attrs): this {
    if (value !== undefined) this.leaf(name, value, attrs);
    return this;
  }

  /** `<name>value</name>` for values our own code produced that cannot need escaping (base64, numbers):
   * skips the escaping scan, which matters for audio attachments of ~100 KB. */
  leafTrusted(name: string, value: string): this {
    this.out += `<${name}>${value}</${name}>`;
    return this;
  }

  /** Insert XML produced by another XmlWriter (already escaped). */
  raw(xml: string): this {
    this.out += xml;
    return this;
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlWriter: unclosed elements ${this.open.join(', ')}`);
    return this.out;
  }
}
