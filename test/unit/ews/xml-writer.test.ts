import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { XmlWriter, escapeAttr, escapeText, stripInvalidXmlChars } from '../../../src/ews/soap/xml-writer.ts';
import { parseXml } from '../../../src/ews/soap/xml-tree.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';

test('text and attribute values are escaped', () => {
  assert.equal(escapeText(`<&>"'`), `&lt;&amp;&gt;"'`);
  assert.equal(escapeAttr(`<&>"'\t\n\r`), '&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;');
  const xml = new XmlWriter().start('a', { v: `x"<&'y` }).leaf('b', '</b><c>').end().toString();
  assert.equal(xml, '<a v="x&quot;&lt;&amp;&apos;y"><b>&lt;/b&gt;&lt;c&gt;</b></a>');
});

test('characters XML 1.0 forbids are rejected; stripInvalidXmlChars removes them', () => {
  for (const bad of ['\u0000', '\u0008', '\u001f', '\uFFFE', '\uFFFF', '\uD83D', '\uDE00']) {
    assert.throws(() => escapeText(`x${bad}`), EwsRequestError);
    assert.throws(() => escapeAttr(`x${bad}`), EwsRequestError);
    assert.equal(stripInvalidXmlChars(`x${bad}y`), 'xy');
  }
  assert.equal(escapeText('😀𝄞\t\n'), '😀𝄞\t\n');
});

test('unclosed elements are a programming error', () => {
  assert.throws(() => new XmlWriter().start('a').toString());
});

// Any string made of allowed characters comes back unchanged through write → parse, as text and as attribute.
test('round trip of arbitrary valid text (fast-check)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (raw) => {
      const s = stripInvalidXmlChars(raw);
      const root = parseXml(new XmlWriter().leaf('a', s, { v: s }).toString());
      assert.equal(root.text, s);
      assert.equal(root.attrs['v'], s);
    }),
    { numRuns: 500 },
  );
});
