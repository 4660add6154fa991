// Every request is checked against Microsoft's EWS schema before it runs, over real HTTP through the
// voxsync transport: the fault is ErrorSchemaValidation (HTTP 500) naming the first violation and where
// it is. The bodies are laid out one element per line after the envelope's first line, so line N of a
// body below is line N + 1 of the request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim, type Caller } from './helpers.ts';

const T = 'http://schemas.microsoft.com/exchange/services/2006/types';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';

let sim: ExchangeSim;
let alice: Caller;
before(async () => {
  sim = await startSim();
  alice = caller(sim, basic('alice@contoso.test', 'alice-pw'));
});
after(async () => {
  await alice.close();
  await sim.close();
});

interface Expected {
  line: number;
  position: number;
  violation: string;
}

async function assertSchemaFault(body: string, want: Expected): Promise<void> {
  const res = await alice.raw(body);
  assert.equal(res.status, 500, res.text);
  await assert.rejects(alice.call(body), (e: unknown) => {
    assert.ok(e instanceof SoapFaultError, String(e));
    assert.equal(e.responseCode, 'ErrorSchemaValidation');
    assert.equal(e.messageXml['Violation'], want.violation);
    assert.deepEqual(
      [e.messageXml['LineNumber'], e.messageXml['LinePosition']],
      [String(want.line), String(want.position)],
    );
    assert.equal(e.messageText, `The request failed schema validation: ${want.violation}`);
    return true;
  });
}

const shape = '<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>';
const ids = '<m:ItemIds><t:ItemId Id="AAMk"/></m:ItemIds>';

test('mis-ordered children: the first child out of place, with what was expected there', async () => {
  await assertSchemaFault(`\n<m:GetItem>\n  ${ids}\n  ${shape}\n</m:GetItem>`, {
    line: 3,
    position: 4,
    violation: `The element 'GetItem' in namespace '${M}' has invalid child element 'ItemIds' in namespace '${M}'. List of possible elements expected: 'ItemShape' in namespace '${M}'.`,
  });
});

test('an unknown element is refused where it stands', async () => {
  await assertSchemaFault(
    `\n<m:GetItem>\n<m:ItemShape>\n<t:BaseShape>IdOnly</t:BaseShape>\n    <t:Colour>red</t:Colour>\n</m:ItemShape>\n${ids}\n</m:GetItem>`,
    {
      line: 5,
      position: 6,
      violation: `The element 'ItemShape' in namespace '${M}' has invalid child element 'Colour' in namespace '${T}'. List of possible elements expected: 'IncludeMimeContent, BodyType, UniqueBodyType, NormalizedBodyType, FilterHtmlContent, ConvertHtmlCodePageToUTF8, InlineImageUrlTemplate, BlockExternalImages, AddBlankTargetToLinks, MaximumBodySize, AdditionalProperties' in namespace '${T}'.`,
    },
  );
});

test('an unknown enumeration value in element text is reported at the end tag', async () => {
  await assertSchemaFault(
    `\n<m:GetItem>\n<m:ItemShape>\n<t:BaseShape>Everything</t:BaseShape>\n</m:ItemShape>\n${ids}\n</m:GetItem>`,
    {
      line: 4,
      position: 26,
      violation: `The '${T}:BaseShape' element is invalid - The value 'Everything' is invalid according to its datatype '${T}:DefaultShapeNamesType' - The Enumeration constraint failed.`,
    },
  );
});

test('an unknown enumeration value in an attribute is reported at the attribute', async () => {
  await assertSchemaFault(
    `\n<m:GetFolder>\n<m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>\n<m:FolderIds>\n  <t:DistinguishedFolderId Id="inbox1"/>\n</m:FolderIds>\n</m:GetFolder>`,
    {
      line: 5,
      position: 28,
      violation: `The 'Id' attribute is invalid - The value 'inbox1' is invalid according to its datatype '${T}:DistinguishedFolderIdNameType' - The Enumeration constraint failed.`,
    },
  );
});

test('MaxChangesReturned 513 fails the MaxInclusive facet of MaxSyncChangesReturnedType', async () => {
  await assertSchemaFault(
    `\n<m:SyncFolderItems>\n${shape}\n<m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId>\n<m:MaxChangesReturned>513</m:MaxChangesReturned>\n</m:SyncFolderItems>`,
    {
      line: 5,
      position: 28,
      violation: `The '${M}:MaxChangesReturned' element is invalid - The value '513' is invalid according to its datatype '${T}:MaxSyncChangesReturnedType' - The MaxInclusive constraint failed.`,
    },
  );
});

test('an element inside Body text: the content model is text only', async () => {
  await assertSchemaFault(
    `\n<m:CreateItem MessageDisposition="SaveOnly">\n<m:Items>\n<t:Message>\n<t:Body BodyType="Text">Hello <t:b>bold</t:b></t:Body>\n</t:Message>\n</m:Items>\n</m:CreateItem>`,
    {
      line: 5,
      position: 32,
      violation: `The element 'Body' in namespace '${T}' cannot contain child element 'b' in namespace '${T}' because the parent element's content model is text only.`,
    },
  );
});

test('missing required content and attributes', async () => {
  await assertSchemaFault(`\n<m:GetItem>\n${shape}\n</m:GetItem>`, {
    line: 4,
    position: 3,
    violation: `The element 'GetItem' in namespace '${M}' has incomplete content. List of possible elements expected: 'ItemIds' in namespace '${M}'.`,
  });
  await assertSchemaFault(`\n<m:DeleteItem>\n${ids}\n</m:DeleteItem>`, {
    line: 2,
    position: 2,
    violation: `The required attribute 'DeleteType' is missing.`,
  });
});

test('a bad xs:boolean and a bad xs:dateTime', async () => {
  await assertSchemaFault(
    `\n<m:CreateItem MessageDisposition="SaveOnly">\n<m:Items>\n<t:Message>\n<t:IsRead>yes</t:IsRead>\n</t:Message>\n</m:Items>\n</m:CreateItem>`,
    {
      line: 5,
      position: 16,
      violation: `The '${T}:IsRead' element is invalid - The value 'yes' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean' - The string 'yes' is not a valid Boolean value.`,
    },
  );
  await assertSchemaFault(
    `\n<m:CreateItem SendMeetingInvitations="SendToNone">\n<m:Items>\n<t:CalendarItem>\n<t:Start>2026-02-30T10:00:00Z</t:Start>\n</t:CalendarItem>\n</m:Items>\n</m:CreateItem>`,
    {
      line: 5,
      position: 32,
      violation: `The '${T}:Start' element is invalid - The value '2026-02-30T10:00:00Z' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:dateTime' - The string '2026-02-30T10:00:00Z' is not a valid AllXsd value.`,
    },
  );
});

/** A whole envelope with the given header content, posted with Basic auth (no client-built header). */
async function post(header: string): Promise<{ status: number; text: string }> {
  const xml = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="${T}" xmlns:m="${M}"><s:Header>${header}</s:Header><s:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></s:Body></s:Envelope>`;
  const res = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      authorization: `Basic ${Buffer.from('alice@contoso.test:alice-pw').toString('base64')}`,
    },
    body: xml,
  });
  return { status: res.status, text: await res.text() };
}

const version = (v: string): string => `<t:RequestServerVersion Version="${v}"/>`;

test('an unknown RequestServerVersion stays ErrorInvalidServerVersion, not a schema fault', async () => {
  assert.match((await post(version('Exchange2019'))).text, /<faultcode>t:ErrorInvalidServerVersion</);
  assert.match((await post(version('Exchange2016'))).text, /ResponseClass="Success"/);
});

test('headers the schema declares are validated; unknown headers are allowed', async () => {
  const unknown = await post(
    `${version('Exchange2016')}<x:Trace xmlns:x="urn:example">anything<x:y/></x:Trace>`,
  );
  assert.equal(unknown.status, 200, unknown.text);
  const bad = await post(`${version('Exchange2016')}<t:TimeZoneContext><t:Bogus/></t:TimeZoneContext>`);
  assert.equal(bad.status, 500);
  assert.match(bad.text, /<faultcode>t:ErrorSchemaValidation</);
  assert.match(
    bad.text,
    /The element 'TimeZoneContext' in namespace '[^']+' has invalid child element 'Bogus'/,
  );
  const noVersion = await post('<t:RequestServerVersion/>');
  assert.match(noVersion.text, /The required attribute 'Version' is missing\./);
});
