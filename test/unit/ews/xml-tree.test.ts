import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, child, childrenOf, textOf, requireChild } from '../../../src/ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_SOAP, NS_TYPES } from '../../../src/ews/soap/namespaces.ts';
import { XmlParseError, XmlSecurityError, EwsProtocolError } from '../../../src/ews/errors.ts';

const variants = [
  `<s:Envelope xmlns:s="${NS_SOAP}"><s:Body><m:R xmlns:m="${NS_MESSAGES}" xmlns:t="${NS_TYPES}"><t:Subject>a&amp;b</t:Subject></m:R></s:Body></s:Envelope>`,
  `<soap:Envelope xmlns:soap="${NS_SOAP}"><soap:Body><R xmlns="${NS_MESSAGES}"><Subject xmlns="${NS_TYPES}">a&amp;b</Subject></R></soap:Body></soap:Envelope>`,
  `<Envelope xmlns="${NS_SOAP}"><Body><x:R xmlns:x="${NS_MESSAGES}"><y:Subject xmlns:y="${NS_TYPES}"><![CDATA[a&b]]></y:Subject></x:R></Body></Envelope>`,
];

test('lookups match namespace URI and local name whatever the prefixes', () => {
  for (const xml of variants) {
    const root = parseXml(xml);
    assert.equal(root.ns, NS_SOAP);
    const r = requireChild(requireChild(root, NS_SOAP, 'Body'), NS_MESSAGES, 'R');
    assert.equal(textOf(r, NS_TYPES, 'Subject'), 'a&b');
    assert.equal(child(r, NS_MESSAGES, 'Subject'), undefined, 'wrong namespace must not match');
  }
});

test('attributes: plain by local name, namespaced as {uri}local, xmlns dropped', () => {
  const root = parseXml(
    `<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Id="1&lt;2" xsi:type="t:X"><b/><b/><c>  x </c></a>`,
  );
  assert.deepEqual(root.attrs, { Id: '1<2', '{http://www.w3.org/2001/XMLSchema-instance}type': 't:X' });
  assert.equal(childrenOf(root, '', 'b').length, 2);
  assert.equal(textOf(root, '', 'c'), '  x ');
});

test('numeric references and non-BMP characters survive', () => {
  const root = parseXml('<a>&#x1F600;&#119070;😀 &lt;&gt;&quot;&apos;</a>');
  assert.equal(root.text, '😀𝄞😀 <>"\'');
});

test('bytes are decoded as UTF-8; invalid UTF-8 is a typed error', () => {
  assert.equal(parseXml(new TextEncoder().encode('<a>é😀</a>')).text, 'é😀');
  assert.throws(
    () => parseXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e])),
    (e: unknown) => {
      return e instanceof XmlParseError && e.code === 'ews.xml_malformed';
    },
  );
});

test('malformed XML gives XmlParseError with a code, never a raw error', () => {
  const cases: [string, string][] = [
    ['<a><b></a>', 'ews.xml_malformed'],
    ['<a>', 'ews.xml_malformed'],
    ['', 'ews.xml_malformed'],
    ['<x:a/>', 'ews.xml_unbound_prefix'],
    ['<a>&unknown;</a>', 'ews.xml_malformed'],
    ['<a>\u0001</a>', 'ews.xml_invalid_character'],
  ];
  for (const [xml, code] of cases) {
    assert.throws(
      () => parseXml(xml),
      (e: unknown) => e instanceof XmlParseError && e.code === code,
      `${JSON.stringify(xml)} → ${code}`,
    );
  }
});

test('DOCTYPE is refused, including the billion-laughs entity bomb, without expansion', () => {
  const lol = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    ']>',
    '<lolz>&lol9;</lolz>',
  ].join('\n');
  const before = process.memoryUsage().heapUsed;
  assert.throws(
    () => parseXml(lol),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_doctype_forbidden',
  );
  assert.ok(process.memoryUsage().heapUsed - before < 50 * 1024 * 1024);
  assert.throws(
    () => parseXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a>&xxe;</a>'),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_doctype_forbidden',
  );
  // An ENTITY declaration outside a DTD is simply not XML.
  assert.throws(() => parseXml('<a><!ENTITY x "y"></a>'), XmlParseError);
});

test('nesting deeper than the limit is refused (depth 100000)', () => {
  const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
  assert.throws(
    () => parseXml(deep),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_too_deep',
  );
  const ok = '<a>'.repeat(256) + '</a>'.repeat(256);
  assert.equal(parseXml(ok).local, 'a');
  assert.throws(() => parseXml('<a>'.repeat(257) + '</a>'.repeat(257)), XmlSecurityError);
  assert.throws(() => parseXml('<a><a><a></a></a></a>', { maxDepth: 2 }), XmlSecurityError);
});

test('input over the size limit is refused before parsing', () => {
  const big = `<a>${'x'.repeat(2000)}</a>`;
  assert.throws(
    () => parseXml(big, { maxBytes: 1000 }),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_too_large',
  );
  assert.throws(() => parseXml(new TextEncoder().encode(big), { maxBytes: 1000 }), XmlSecurityError);
  // 400 three-byte characters: 402 code units but 1207 bytes.
  assert.throws(() => parseXml(`<a>${'€'.repeat(400)}</a>`, { maxBytes: 1000 }), XmlSecurityError);
  assert.equal(parseXml(`<a>${'€'.repeat(300)}</a>`, { maxBytes: 1000 }).text.length, 300);
  // The default limit is 64 MiB: one byte more is refused without being scanned.
  const overDefault = `<a>${'x'.repeat(64 * 1024 * 1024 - 6)}</a>`;
  assert.throws(
    () => parseXml(overDefault),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_too_large',
  );
});

test('requireChild names the missing element', () => {
  assert.throws(() => requireChild(parseXml('<a/>'), '', 'b'), EwsProtocolError);
});
