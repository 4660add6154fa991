// Where a schema violation is reported: the request text is rescanned for the n-th start tag, so comments,
// CDATA, processing instructions and '>' inside attribute values must not shift the count or the column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../../src/ews/soap/xml-tree.ts';
import { validateRequest } from '../../../src/exchange-sim/schema/validate.ts';
import { locateViolation } from '../../../src/exchange-sim/schema/locate.ts';

const HEAD =
  '<?xml version="1.0"?>\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">\n<s:Body>\n';
const TAIL = '\n</s:Body>\n</s:Envelope>';

function where(body: string): { line: number; position: number; message: string } {
  const xml = HEAD + body + TAIL;
  const root = parseXml(xml);
  const v = validateRequest(root);
  assert.ok(v, 'expected a violation');
  return { ...locateViolation(xml, root, v), message: v.message };
}

test('an unexpected element after comments, CDATA, a PI and ">" in attribute values', () => {
  const at = where(
    [
      '<m:GetItem><!-- <m:ItemIds> in a comment -->',
      '<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><?pi <x>?></m:ItemShape>',
      '<m:ItemIds><t:ItemId Id="a>b" ChangeKey=\'>\'/>',
      '  <m:ItemId Id="x"/></m:ItemIds></m:GetItem>',
    ].join('\n'),
  );
  assert.match(at.message, /has invalid child element 'ItemId' in namespace '[^']+messages'/);
  assert.deepEqual([at.line, at.position], [7, 4]);
});

test('a bad value is located at its end tag, even with CDATA and nested siblings before it', () => {
  const at = where(
    '<m:GetItem><m:ItemShape><t:BaseShape><![CDATA[Id]]>Only!</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="x"/></m:ItemIds></m:GetItem>',
  );
  assert.match(at.message, /The value 'IdOnly!' is invalid/);
  assert.deepEqual([at.line, at.position], [4, 59]);
});

test('text inside element-only content is located at the text', () => {
  const at = where(
    '<m:GetItem>\n  stray<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="x"/></m:ItemIds></m:GetItem>',
  );
  assert.match(at.message, /cannot contain text/);
  assert.deepEqual([at.line, at.position], [5, 3]);
});

test('an attribute error is located at the attribute name, namespaced or not', () => {
  const at = where(
    '<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId  Id="x" Bogus="1"/></m:ItemIds></m:GetItem>',
  );
  assert.equal(at.message, "The 'Bogus' attribute is not declared.");
  assert.deepEqual([at.line, at.position], [4, 101]);
});

test('text where elements belong is reported before the content it leaves incomplete', () => {
  const at = where(
    '<m:GetItem><m:ItemShape>IdOnly</m:ItemShape><m:ItemIds><t:ItemId Id="x"/></m:ItemIds></m:GetItem>',
  );
  assert.equal(
    at.message,
    "The element 'ItemShape' in namespace 'http://schemas.microsoft.com/exchange/services/2006/messages' cannot contain text.",
  );
  assert.deepEqual([at.line, at.position], [4, 25]);
});
