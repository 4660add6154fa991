// Incremental parser for the body of GetStreamingEvents: one long HTTP body holding many
// concatenated SOAP envelopes (each possibly with its own XML declaration). Bytes are fed as they
// arrive, split anywhere (even inside a UTF-8 sequence); each complete envelope is emitted as a
// namespace-resolved element tree, the same shape as soap/xml-tree produces.
//
// The hostile-XML rules of document parsing apply per envelope: a DOCTYPE is refused before
// anything is expanded (saxes knows only the predefined entities, so an entity bomb cannot expand),
// nesting depth and envelope size are bounded.
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { XmlParseError, XmlSecurityError } from '../errors.ts';
import type { XmlElement } from '../soap/xml-tree.ts';

export interface SplitterOptions {
  /** Maximum size of one envelope, in characters. Default 16 Mi. */
  readonly maxEnvelopeChars?: number;
  /** Maximum element nesting depth. Default 256. */
  readonly maxDepth?: number;
}

interface MutableElement {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
}

/** Thrown from the close handler of a root element to stop saxes right after it. */
const ROOT_CLOSED = Symbol('root closed');

export class EnvelopeSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxChars: number;
  private readonly maxDepth: number;
  private parser: SaxesParser<{ xmlns: true; position: true }> | undefined;
  private stack: MutableElement[] = [];
  private root: MutableElement | undefined;
  /** Characters written to the current parser before the chunk being written. */
  private writtenBefore = 0;
  private failed: XmlParseError | undefined;

  constructor(
    private readonly onEnvelope: (root: XmlElement) => void,
    options: SplitterOptions = {},
  ) {
    this.maxChars = options.maxEnvelopeChars ?? 16 * 1024 * 1024;
    this.maxDepth = options.maxDepth ?? 256;
  }

  /** Feeds raw bytes; emits every envelope completed by them. Throws XmlParseError on bad input. */
  write(chunk: Uint8Array | string): void {
    if (this.failed) throw this.failed;
    const text =
      typeof chunk === 'string'
        ? chunk
        : this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    try {
      this.feed(text);
    } catch (err) {
      this.failed = err instanceof XmlParseError ? err : malformed(err);
      throw this.failed;
    }
  }

  /** End of body: anything but whitespace after the last complete envelope is a truncated envelope. */
  end(): void {
    if (this.failed) throw this.failed;
    const rest = this.decoder.end();
    if (rest) this.write(rest);
    if (this.parser) {
      this.failed = new XmlParseError(
        'ews.xml_malformed',
        'The notification stream ended inside an envelope.',
      );
      throw this.failed;
    }
  }

  /** True between envelopes (nothing partial is buffered). */
  get idle(): boolean {
    return this.parser === undefined;
  }

  private feed(text: string): void {
    let s = text;
    while (s.length > 0) {
      if (!this.parser) {
        const start = s.search(/\S/);
        if (start < 0) return;
        if (s[start] !== '<')
          throw new XmlParseError('ews.xml_malformed', 'Unexpected text between notification envelopes.');
        s = s.slice(start);
        this.begin();
      }
      const parser = this.parser!;
      if (this.writtenBefore + s.length > this.maxChars) {
        throw new XmlSecurityError(
          'ews.xml_too_large',
          `A notification envelope is larger than ${this.maxChars} characters.`,
        );
      }
      try {
        parser.write(s);
        this.writtenBefore += s.length;
        return;
      } catch (err) {
        if (err !== ROOT_CLOSED) throw err;
      }
      const consumed = parser.position - this.writtenBefore;
      const root = this.root;
      this.parser = undefined;
      this.root = undefined;
      this.stack = [];
      if (root) this.onEnvelope(root);
      s = s.slice(consumed);
    }
  }

  private begin(): void {
    const parser = new SaxesParser({ xmlns: true, position: true });
    this.parser = parser;
    this.writtenBefore = 0;
    this.stack = [];
    this.root = undefined;
    parser.on('error', (err) => {
      throw malformed(err, parser.line, parser.column);
    });
    parser.on('doctype', () => {
      throw new XmlSecurityError(
        'ews.xml_doctype_forbidden',
        'A notification envelope contains a DOCTYPE declaration; DTDs and entity declarations are refused.',
        { line: parser.line, column: parser.column },
      );
    });
    parser.on('opentagstart', () => {
      if (this.stack.length >= this.maxDepth) {
        throw new XmlSecurityError(
          'ews.xml_too_deep',
          `A notification envelope nests deeper than ${this.maxDepth} levels.`,
          {
            line: parser.line,
            column: parser.column,
          },
        );
      }
    });
    parser.on('opentag', (tag: SaxesTagNS) => {
      const attrs: Record<string, string> = {};
      for (const key in tag.attributes) {
        const a = tag.attributes[key]!;
        if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
        attrs[a.uri === '' ? a.local : `{${a.uri}}${a.local}`] = a.value;
      }
      const el: MutableElement = { ns: tag.uri, local: tag.local, attrs, children: [], text: '' };
      const parent = this.stack[this.stack.length - 1];
      if (parent) parent.children.push(el);
      else this.root = el;
      this.stack.push(el);
    });
    const onText = (t: string): void => {
      const top = this.stack[this.stack.length - 1];
      if (top) top.text += t;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', () => {
      const el = this.stack.pop();
      if (el && el.children.length > 0 && el.text.trim() === '') el.text = '';
      if (this.stack.length === 0) throw ROOT_CLOSED;
    });
  }
}

function malformed(err: unknown, line?: number, column?: number): XmlParseError {
  if (err instanceof XmlParseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new XmlParseError(
    'ews.xml_malformed',
    `Malformed notification envelope: ${message}`,
    { ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) },
    { cause: err },
  );
}
