// Namespace-aware XML → small element tree, and lookups by namespace URI + local name.
// Parsing is done by XmlScanner (xml-scanner.ts explains why it is not a library).
//
// Security: a DOCTYPE (and therefore any ENTITY declaration) is refused as soon as it is seen, before
// anything is expanded; only the five predefined entities and character references exist. Depth and size
// are bounded; every failure is a typed XmlParseError.
import { XmlScanner } from './xml-scanner.ts';
import { XmlParseError, XmlSecurityError, EwsProtocolError } from '../errors.ts';
export interface XmlElement {
  /** Namespace URI ('' when the element is in no namespace). */
  readonly ns: string;
  readonly local: string;
  /** Attributes without a namespace by local name; namespaced ones (xsi:type...) as `{uri}local`. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside the element ('' for whitespace between child elements). */
  readonly text: string;
}

export interface XmlParseOptions {
  /** Maximum input size in bytes (UTF-8). Default 64 MiB. */
  maxBytes?: number;
  /** Maximum element nesting depth. Default 256. */
  maxDepth?: number;
}

export const DEFAULT_MAX_XML_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_XML_DEPTH = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parse a complete document and return its root element. */
export function parseXml(input: string | Uint8Array, options: XmlParseOptions = {}): XmlElement {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  let text: string;
  if (typeof input === 'string') {
    // A UTF-16 string never encodes to fewer UTF-8 bytes than its length nor more than 3x: only measure
    // exactly when the cheap bound is inconclusive.
    if (input.length > maxBytes || (input.length * 3 > maxBytes && Buffer.byteLength(input) > maxBytes)) {
      throw tooLarge(maxBytes);
    }
    text = input;
  } else {
    if (input.byteLength > maxBytes) throw tooLarge(maxBytes);
    try {
      text = utf8.decode(input);
    } catch (cause) {
      throw new XmlParseError('ews.xml_malformed', 'The XML document is not valid UTF-8.', {}, { cause });
    }
  }
  return new XmlScanner(text, maxDepth).parse();
}

function tooLarge(maxBytes: number): XmlSecurityError {
  return new XmlSecurityError(
    'ews.xml_too_large',
    `The XML document is larger than the limit of ${maxBytes} bytes.`,
  );
}

// ---- lookups (by namespace URI + local name, never by prefix) -----------------------------------

export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const c of el.children) if (c.local === local && c.ns === ns) return c;
  return undefined;
}

export function childrenOf(el: XmlElement, ns: string, local?: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && (local === undefined || c.local === local));
}

/** The child element or an EwsProtocolError naming what was missing. */
export function requireChild(el: XmlElement, ns: string, local: string): XmlElement {
  const c = child(el, ns, local);
  if (c === undefined) throw new EwsProtocolError(`Expected element ${local} inside ${el.local}.`);
  return c;
}

/** Text of a child element, or undefined when the child is absent. */
export function textOf(el: XmlElement, ns: string, local: string): string | undefined {
  const c = child(el, ns, local);
  return c === undefined ? undefined : c.text;
}

export function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs[name];
}

/** Follow a path of local names in one namespace. */
export function pathOf(el: XmlElement, ns: string, ...locals: string[]): XmlElement | undefined {
  let cur: XmlElement | undefined = el;
  for (const l of locals) {
    if (cur === undefined) return undefined;
    cur = child(cur, ns, l);
  }
  return cur;
}

export function isElement(el: XmlElement, ns: string, local: string): boolean {
  return el.ns === ns && el.local === local;
}
