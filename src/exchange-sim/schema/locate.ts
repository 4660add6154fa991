// Line and position of a schema violation in the request text, as .NET reports them (1-based; an element
// is located at the first character of its name, an attribute at its name, a value error at the end tag's
// name). The parsed tree carries no offsets — keeping the parser lean — so the text is rescanned here, only
// for requests that fail: the violating element is found as the n-th start tag in document order.
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { SchemaViolation } from './violation.ts';

export interface SourcePosition {
  readonly line: number;
  readonly position: number;
}

function ordinal(root: XmlElement, target: XmlElement): number {
  let n = 0;
  const walk = (el: XmlElement): boolean => {
    if (el === target) return true;
    n++;
    for (const c of el.children) if (walk(c)) return true;
    return false;
  };
  return walk(root) ? n : -1;
}

/** Offset just past the '>' of the start tag beginning at `lt` (quotes may hold '>'). */
function tagEnd(s: string, lt: number): number {
  let quote = 0;
  for (let k = lt + 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return k + 1;
  }
  return s.length;
}

/** Skips a comment, CDATA section, PI or declaration at `lt`; returns the offset after it. */
function skipMarkup(s: string, lt: number): number {
  const close = s.startsWith('<!--', lt)
    ? '-->'
    : s.startsWith('<![CDATA[', lt)
      ? ']]>'
      : s[lt + 1] === '?'
        ? '?>'
        : '>';
  const end = s.indexOf(close, lt + 2);
  return end === -1 ? s.length : end + close.length;
}

interface Located {
  readonly start: number;
  readonly tagEnd: number;
  readonly selfClosed: boolean;
}

function findStartTag(s: string, n: number): Located | undefined {
  let count = 0;
  for (let lt = s.indexOf('<'); lt !== -1;) {
    const c = s[lt + 1];
    if (c === '!' || c === '?') {
      lt = s.indexOf('<', skipMarkup(s, lt));
      continue;
    }
    if (c !== '/') {
      const end = tagEnd(s, lt);
      if (count === n) return { start: lt, tagEnd: end, selfClosed: s[end - 2] === '/' };
      count++;
    }
    lt = s.indexOf('<', lt + 1);
  }
  return undefined;
}

/** Offsets of the matching end tag's '<' and of the first non-blank text directly inside the element. */
function scanContent(s: string, tag: Located): { endTag: number; text: number | undefined } {
  let depth = 1;
  let text: number | undefined;
  let k = tag.tagEnd;
  while (k < s.length) {
    const lt = s.indexOf('<', k);
    if (lt === -1) break;
    if (depth === 1 && text === undefined) {
      const m = /\S/.exec(s.slice(k, lt));
      if (m) text = k + m.index;
    }
    if (s.startsWith('<![CDATA[', lt) && depth === 1 && text === undefined) text = lt;
    const c = s[lt + 1];
    if (c === '!' || c === '?') k = skipMarkup(s, lt);
    else if (c === '/') {
      depth--;
      if (depth === 0) return { endTag: lt, text };
      k = tagEnd(s, lt);
    } else {
      const end = tagEnd(s, lt);
      if (s[end - 2] !== '/') depth++;
      k = end;
    }
  }
  return { endTag: tag.start, text };
}

function toLineColumn(s: string, offset: number): SourcePosition {
  let line = 1;
  let last = -1;
  for (let k = s.indexOf('\n'); k !== -1 && k < offset; k = s.indexOf('\n', k + 1)) {
    line++;
    last = k;
  }
  return { line, position: offset - last };
}

export function locateViolation(source: string, root: XmlElement, v: SchemaViolation): SourcePosition {
  const n = ordinal(root, v.element);
  const tag = n < 0 ? undefined : findStartTag(source, n);
  if (!tag) return { line: 1, position: 1 };
  let offset = tag.start + 1;
  if (v.site.kind === 'attribute') {
    const key = v.site.key;
    const local = key.startsWith('{') ? key.slice(key.indexOf('}') + 1) : key;
    const prefix = key.startsWith('{') ? '[\\w.-]+:' : '';
    const m = new RegExp(`\\s(${prefix}${local.replace(/[.-]/g, '\\$&')})\\s*=`).exec(
      source.slice(tag.start, tag.tagEnd),
    );
    if (m) offset = tag.start + m.index + 1;
  } else if ((v.site.kind === 'end' || v.site.kind === 'text') && !tag.selfClosed) {
    const content = scanContent(source, tag);
    offset = v.site.kind === 'text' && content.text !== undefined ? content.text : content.endTag + 2;
  }
  return toLineColumn(source, offset);
}
