// Reference parser for differential tests: the same tree built with saxes (a conformant, namespace-aware
// SAX parser). Returns undefined when saxes rejects the document.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { XmlElement } from '../../../../src/ews/soap/xml-tree.ts';

interface MutableElement {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
}

// Whitespace is XML's S production (XML 1.0 section 2.3: space, tab, CR, LF) and nothing else. Not
// String.prototype.trim(), which also strips Unicode spaces such as U+00A0, U+2000 or U+3000: those are
// character data that libxml2 and voxsync keep, also between child elements.
const XML_BLANK = /^[ \t\r\n]*$/;

export function saxesTree(text: string): XmlElement | undefined {
  const parser = new SaxesParser({ xmlns: true });
  const root: MutableElement = { ns: '', local: '#document', attrs: {}, children: [], text: '' };
  const stack: MutableElement[] = [root];
  let top = root;
  let doctype = false;
  parser.on('doctype', () => {
    doctype = true;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const key in tag.attributes) {
      const a = tag.attributes[key]!;
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.uri === '' ? a.local : `{${a.uri}}${a.local}`] = a.value;
    }
    const el: MutableElement = { ns: tag.uri, local: tag.local, attrs, children: [], text: '' };
    top.children.push(el);
    stack.push(el);
    top = el;
  });
  parser.on('text', (t) => {
    top.text += t;
  });
  parser.on('cdata', (t) => {
    top.text += t;
  });
  parser.on('closetag', () => {
    if (top.children.length > 0 && top.text.length > 0 && XML_BLANK.test(top.text)) top.text = '';
    stack.pop();
    top = stack[stack.length - 1]!;
  });
  try {
    parser.write(text).close();
  } catch {
    return undefined;
  }
  if (doctype) return undefined;
  return root.children[0];
}
