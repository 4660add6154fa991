// A strict, namespace-aware XML 1.0 parser for whole EWS documents, producing the XmlElement tree.
//
// Why not a library: ARCHITECTURE.md names fast-xml-parser 5; saxes (namespace-aware, already used for the
// notification stream) was measured ~5x faster than fast-xml-parser's preserveOrder output plus a namespace
// pass, but still spent >80% of a SyncFolderItems parse inside the tokenizer, leaving voxsync at ~3.5x
// ews-javascript-api against a >= 5x goal (docs/benchmarks.md). This scanner jumps with indexOf between
// markup characters instead of stepping a state machine per character. Its behaviour is pinned by a
// differential property test against saxes (test/unit/ews/xml-scanner.test.ts).
//
// Deliberately unsupported, and refused with a typed error: any DOCTYPE (hence no entity declarations, no
// external entities), entity references other than the five predefined ones and character references.
import { XmlParseError, XmlSecurityError, type XmlErrorCode } from '../errors.ts';
import { NS_XML, NS_XMLNS } from './namespaces.ts';

export interface ScannedElement {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: ScannedElement[];
  text: string;
}

// Characters XML 1.0 never allows (section 2.2), and surrogates that are not part of a pair.
// eslint-disable-next-line no-control-regex -- these control characters are exactly what must be found
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// NameStartChar / NameChar of XML 1.0 5th edition, restricted to BMP + astral via surrogate pairs.
const NAME =
  /^[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDBFF][\w.\-:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDFFF]*$/;
const XML_DECL =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/;
const ENTITY = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][\w.\-:]*)?;?/g;

type Scope = Record<string, string>;
const ROOT_SCOPE: Scope = Object.assign(Object.create(null) as Scope, {
  xml: NS_XML,
  xmlns: NS_XMLNS,
  '': '',
});

interface Open {
  el: ScannedElement;
  qname: string;
  scope: Scope;
}

export class XmlScanner {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  parse(): ScannedElement {
    const s = this.s;
    if (FORBIDDEN_CHAR.test(s) || LONE_SURROGATE.test(s)) {
      const m = FORBIDDEN_CHAR.exec(s) ?? LONE_SURROGATE.exec(s)!;
      this.i = m.index;
      this.fail(
        'ews.xml_invalid_character',
        `disallowed character U+${s.charCodeAt(m.index).toString(16).toUpperCase()}`,
      );
    }
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
    this.misc(true);
    if (this.i >= s.length || s.charCodeAt(this.i) !== 60 /* < */)
      this.fail('ews.xml_malformed', 'document has no root element');
    const root = this.element();
    this.misc(false);
    if (this.i < s.length) this.fail('ews.xml_malformed', 'text or markup after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions around the root (and the XML declaration). */
  private misc(prolog: boolean): void {
    const s = this.s;
    for (;;) {
      this.skipSpace();
      if (this.i >= s.length) return;
      if (s.startsWith('<?', this.i)) this.pi(prolog);
      else if (s.startsWith('<!--', this.i)) this.comment();
      else if (s.startsWith('<!DOCTYPE', this.i) || s.startsWith('<!ENTITY', this.i)) this.refuseDtd();
      else if (s.charCodeAt(this.i) === 60 && prolog) return;
      else
        this.fail(
          'ews.xml_malformed',
          prolog ? 'content before the root element' : 'content after the root element',
        );
    }
  }

  private refuseDtd(): never {
    const { line, column } = this.position();
    throw new XmlSecurityError(
      'ews.xml_doctype_forbidden',
      'The XML document contains a DOCTYPE or ENTITY declaration; DTDs and entity declarations are refused.',
      { line, column },
    );
  }

  private element(): ScannedElement {
    const s = this.s;
    const stack: Open[] = [];
    let root: ScannedElement | undefined;
    for (;;) {
      // this.i is at '<' of a start tag
      const open = this.startTag(stack.length === 0 ? ROOT_SCOPE : stack[stack.length - 1]!.scope);
      if (stack.length > 0) stack[stack.length - 1]!.el.children.push(open.el);
      else root = open.el;
      if (stack.length + 1 > this.maxDepth) {
        const { line, column } = this.position();
        throw new XmlSecurityError(
          'ews.xml_too_deep',
          `The XML document nests elements deeper than ${this.maxDepth} levels.`,
          {
            line,
            column,
          },
        );
      }
      if (this.selfClosed) {
        if (stack.length === 0) return root!;
      } else {
        stack.push(open);
      }
      // content until the next start tag, or the end of the root
      for (;;) {
        const top = stack[stack.length - 1]!;
        const lt = s.indexOf('<', this.i);
        if (lt === -1) {
          this.i = s.length;
          this.fail('ews.xml_malformed', `unclosed element <${top.qname}>`);
        }
        if (lt > this.i) this.text(top.el, lt);
        this.i = lt;
        const c = s.charCodeAt(lt + 1);
        if (c === 47 /* / */) {
          this.endTag(top);
          if (top.el.children.length > 0 && top.el.text.length > 0 && isBlank(top.el.text)) top.el.text = '';
          stack.pop();
          if (stack.length === 0) return root!;
        } else if (c === 33 /* ! */) {
          if (s.startsWith('<!--', lt)) this.comment();
          else if (s.startsWith('<![CDATA[', lt)) {
            const end = s.indexOf(']]>', lt + 9);
            if (end === -1) this.fail('ews.xml_malformed', 'unclosed CDATA section');
            const cdata = s.slice(lt + 9, end);
            top.el.text += cdata.includes('\r') ? cdata.replace(/\r\n?/g, '\n') : cdata;
            this.i = end + 3;
          } else if (s.startsWith('<!DOCTYPE', lt) || s.startsWith('<!ENTITY', lt)) this.refuseDtd();
          else this.fail('ews.xml_malformed', 'unexpected markup declaration');
        } else if (c === 63 /* ? */) {
          this.pi(false);
        } else {
          break; // a child start tag
        }
      }
    }
  }

  private selfClosed = false;

  private startTag(parentScope: Scope): Open {
    const s = this.s;
    const nameStart = this.i + 1;
    let j = nameStart;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) break;
    }
    const qname = s.slice(nameStart, j);
    this.checkName(qname, nameStart);
    this.i = j;
    let scope = parentScope;
    let rawAttrs: [string, string][] | undefined;
    this.selfClosed = false;
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.i >= s.length) this.fail('ews.xml_malformed', `unclosed start tag <${qname}>`);
      const c = s.charCodeAt(this.i);
      if (c === 62 /* > */) {
        this.i++;
        break;
      }
      if (c === 47 /* / */) {
        if (s.charCodeAt(this.i + 1) !== 62)
          this.fail('ews.xml_malformed', `expected '>' after '/' in <${qname}>`);
        this.i += 2;
        this.selfClosed = true;
        break;
      }
      if (!hadSpace) this.fail('ews.xml_malformed', `missing whitespace before an attribute in <${qname}>`);
      const eq = s.indexOf('=', this.i);
      if (eq === -1) this.fail('ews.xml_malformed', `attribute without value in <${qname}>`);
      const name = s.slice(this.i, eq).trimEnd();
      this.checkName(name, this.i);
      this.i = eq + 1;
      this.skipSpace();
      const q = s.charCodeAt(this.i);
      if (q !== 34 && q !== 39) this.fail('ews.xml_malformed', `attribute ${name} value is not quoted`);
      const end = s.indexOf(q === 34 ? '"' : "'", this.i + 1);
      if (end === -1) this.fail('ews.xml_malformed', `unterminated attribute ${name}`);
      let value = s.slice(this.i + 1, end);
      if (value.includes('<')) this.fail('ews.xml_malformed', `'<' in the value of attribute ${name}`);
      this.i = end + 1;
      // Attribute-value normalization (XML 1.0 3.3.3): literal TAB/LF/CR become spaces, references are kept.
      if (/[\t\n\r]/.test(value)) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
      if (value.includes('&')) value = this.decode(value);
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        const prefix = name === 'xmlns' ? '' : name.slice(6);
        if (prefix === 'xmlns' || (prefix !== '' && value === ''))
          this.fail('ews.xml_malformed', `invalid namespace declaration ${name}`);
        if (scope === parentScope) scope = Object.create(parentScope) as Scope;
        // Namespace declarations are attributes too: one name twice in a tag breaks Unique Att Spec (XML 1.0 3.1).
        else if (Object.hasOwn(scope, prefix))
          this.fail('ews.xml_malformed', `duplicate attribute ${name} in <${qname}>`);
        // Surrounding whitespace is not part of a namespace name (saxes and libxml2 agree; docs samples have it).
        scope[prefix] = value.trim();
        continue;
      }
      (rawAttrs ??= []).push([name, value]);
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const ns = scope[prefix];
    if (ns === undefined) this.unbound(prefix);
    const attrs: Record<string, string> = {};
    if (rawAttrs !== undefined) {
      for (const [name, value] of rawAttrs) {
        const c2 = name.indexOf(':');
        let key = name;
        if (c2 !== -1) {
          const p = name.slice(0, c2);
          const uri = scope[p];
          if (uri === undefined) this.unbound(p);
          key = `{${uri}}${name.slice(c2 + 1)}`;
        }
        if (Object.hasOwn(attrs, key))
          this.fail('ews.xml_malformed', `duplicate attribute ${name} in <${qname}>`);
        attrs[key] = value;
      }
    }
    return {
      el: { ns: ns!, local: colon === -1 ? qname : qname.slice(colon + 1), attrs, children: [], text: '' },
      qname,
      scope,
    };
  }

  private endTag(top: Open): void {
    const s = this.s;
    const gt = s.indexOf('>', this.i + 2);
    if (gt === -1) this.fail('ews.xml_malformed', `unterminated end tag of <${top.qname}>`);
    const name = s.slice(this.i + 2, gt).trimEnd();
    if (name !== top.qname)
      this.fail('ews.xml_malformed', `end tag </${name}> does not match <${top.qname}>`);
    this.i = gt + 1;
  }

  private text(el: ScannedElement, end: number): void {
    let t = this.s.slice(this.i, end);
    if (t.includes(']]>')) this.fail('ews.xml_malformed', "']]>' is not allowed in text");
    // End-of-line handling (XML 1.0 2.11): CRLF and lone CR become LF; &#13; survives as CR.
    if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
    if (t.includes('&')) t = this.decode(t);
    el.text += t;
  }

  private decode(raw: string): string {
    return raw.replace(ENTITY, (m: string, body: string | undefined) => {
      if (body === undefined || !m.endsWith(';'))
        this.fail('ews.xml_malformed', `bare '&' or unterminated reference "${m}"`);
      switch (body) {
        case 'lt':
          return '<';
        case 'gt':
          return '>';
        case 'amp':
          return '&';
        case 'quot':
          return '"';
        case 'apos':
          return "'";
      }
      if (body.charCodeAt(0) !== 35 /* # */) this.fail('ews.xml_malformed', `undefined entity &${body};`);
      const cp =
        body.charCodeAt(1) === 120 ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!isXmlChar(cp))
        this.fail('ews.xml_invalid_character', `character reference &${body}; is not an XML character`);
      return String.fromCodePoint(cp);
    });
  }

  private pi(prolog: boolean): void {
    const end = this.s.indexOf('?>', this.i + 2);
    if (end === -1) this.fail('ews.xml_malformed', 'unterminated processing instruction');
    const body = this.s.slice(this.i + 2, end);
    const target = /^[^\s?]*/.exec(body)![0];
    if (
      !NAME.test(target) ||
      target.includes(':') ||
      (body.length > target.length && !/^\s/.test(body.slice(target.length)))
    ) {
      this.fail('ews.xml_malformed', 'invalid processing instruction');
    }
    if (target.toLowerCase() === 'xml') {
      if (!(prolog && this.i === (this.s.charCodeAt(0) === 0xfeff ? 1 : 0))) {
        this.fail('ews.xml_malformed', 'XML declaration allowed only at the start of the document');
      }
      if (!XML_DECL.test(this.s.slice(this.i, end + 2)))
        this.fail('ews.xml_malformed', 'invalid XML declaration');
    }
    this.i = end + 2;
  }

  private comment(): void {
    const end = this.s.indexOf('--', this.i + 4);
    if (end === -1 || this.s.charCodeAt(end + 2) !== 62)
      this.fail('ews.xml_malformed', "unterminated comment or '--' inside a comment");
    this.i = end + 3;
  }

  private skipSpace(): boolean {
    const s = this.s;
    const start = this.i;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 9 || c === 13) this.i++;
      else return this.i > start;
    }
  }

  private checkName(name: string, at: number): void {
    const colon = name.indexOf(':');
    if (
      !NAME.test(name) ||
      (colon !== -1 && (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1))
    ) {
      this.i = at;
      this.fail('ews.xml_malformed', `invalid name "${name.slice(0, 40)}"`);
    }
  }

  private unbound(prefix: string): never {
    this.fail('ews.xml_unbound_prefix', `unbound namespace prefix "${prefix}"`);
  }

  private position(): { line: number; column: number } {
    let line = 1;
    let last = -1;
    for (let k = this.s.indexOf('\n'); k !== -1 && k < this.i; k = this.s.indexOf('\n', k + 1)) {
      line++;
      last = k;
    }
    return { line, column: this.i - last };
  }

  private fail(code: XmlErrorCode, message: string): never {
    const pos = this.position();
    throw new XmlParseError(code, `Malformed XML: ${message} (line ${pos.line}, column ${pos.column}).`, pos);
  }
}

function isBlank(t: string): boolean {
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
