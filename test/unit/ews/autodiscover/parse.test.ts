import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildPoxRequest, parsePoxResponse } from '../../../../src/ews/autodiscover/pox.ts';
import {
  buildGetUserSettingsRequest,
  parseGetUserSettingsResponse,
} from '../../../../src/ews/autodiscover/soap.ts';
import { parseXml } from '../../../../src/ews/soap/xml-tree.ts';
import { XmlParseError, XmlSecurityError } from '../../../../src/ews/errors.ts';
import { SHARED_EWS } from '../helpers/schema.ts';

const S = `${SHARED_EWS}samples`;
const R = `${SHARED_EWS}real/exchangelib`;
const read = (p: string): string => readFileSync(p, 'utf8');

test('POX samples: settings (EXCH internal URL preferred), error, redirectAddr', () => {
  const one = parsePoxResponse(read(`${S}/AutodiscoverPOX-response-1.xml`));
  assert.equal(one.kind, 'settings');
  assert.ok(one.kind === 'settings');
  assert.equal(one.ewsUrl, 'https://mail.contoso.com/ews/exchange.asmx');
  assert.equal(one.settings['UserDisplayName'], 'First Last');
  assert.deepEqual(parsePoxResponse(read(`${S}/AutodiscoverPOX-response-2.xml`)), {
    kind: 'error',
    code: '600',
    message: 'Invalid Request',
  });
  assert.deepEqual(parsePoxResponse(read(`${S}/AutodiscoverPOX-response-3.xml`)), {
    kind: 'redirectAddress',
    address: 'elvin@mail.contoso.com',
  });
  const four = parsePoxResponse(read(`${S}/AutodiscoverPOX-response-4.xml`));
  assert.ok(four.kind === 'settings');
  assert.equal(four.ewsUrl, 'https://mail.contoso.com/EWS/Exchange.asmx');
  assert.equal(four.settings['AutoDiscoverSMTPAddress'], 'mara@contoso.com');
});

test('POX redirectUrl and the request document', () => {
  const redirect = `<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><Action>redirectUrl</Action><RedirectUrl>https://autodiscover.b.example/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>`;
  assert.deepEqual(parsePoxResponse(redirect), {
    kind: 'redirectUrl',
    url: 'https://autodiscover.b.example/autodiscover/autodiscover.xml',
  });
  const req = parseXml(buildPoxRequest('a&b@example.com'));
  assert.equal(req.ns, 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006');
  assert.equal(req.children[0]?.children[0]?.text, 'a&b@example.com');
});

test('GetUserSettings samples and exchangelib captures', () => {
  // The published text of sample 3 is not well-formed (a broken end tag on line 94): a clear error.
  assert.throws(
    () => parseGetUserSettingsResponse(read(`${S}/GetUserSettings-response-3.xml`)),
    XmlParseError,
  );
  const five = parseGetUserSettingsResponse(read(`${S}/GetUserSettings-response-5.xml`));
  assert.ok(five.kind === 'settings');
  assert.equal(five.ewsUrl, 'https://server.Contoso.com/ews/exchange.asmx');
  assert.equal(five.settings['ExternalEwsUrl'], 'https://server.Contoso.com/ews/exchange.asmx');
  assert.deepEqual(parseGetUserSettingsResponse(read(`${S}/GetUserSettings-response-2.xml`)), {
    kind: 'redirectAddress',
    address: 'elvin@mail.contoso.com',
  });
  assert.equal(parseGetUserSettingsResponse(read(`${S}/GetUserSettings-response-1.xml`)).kind, 'error');
  const addr = read(`${R}/test_autodiscover__redirect_address_xml__L98.xml`).replace(
    '{address}',
    'x@y.example',
  );
  assert.deepEqual(parseGetUserSettingsResponse(addr), { kind: 'redirectAddress', address: 'x@y.example' });
  const url = read(`${R}/test_autodiscover__redirect_url_xml__L135.xml`).replace(
    '{autodiscover_url}',
    'https://ad.y.example/autodiscover/autodiscover.svc',
  );
  assert.deepEqual(parseGetUserSettingsResponse(url), {
    kind: 'redirectUrl',
    url: 'https://ad.y.example/autodiscover/autodiscover.svc',
  });
  // This capture uses the i: prefix outside the element that declares it; a namespace-aware parser
  // must refuse it with a clear error rather than guess.
  const settings = read(`${R}/test_autodiscover__settings_xml__L52.xml`);
  assert.throws(
    () => parseGetUserSettingsResponse(settings),
    (e: unknown) => e instanceof XmlParseError && e.code === 'ews.xml_unbound_prefix',
  );
});

test('the GetUserSettings request carries WS-Addressing headers and escapes the mailbox', () => {
  const doc = parseXml(
    buildGetUserSettingsRequest("o'neil&co@example.com", 'https://ad.example/autodiscover/autodiscover.svc'),
  );
  const header = doc.children[0]!;
  assert.deepEqual(
    header.children.map((c) => c.local),
    ['RequestedServerVersion', 'Action', 'To'],
  );
  assert.ok(
    buildGetUserSettingsRequest("o'neil&co@example.com", 'u').includes('o&apos;neil&amp;co@example.com') ||
      buildGetUserSettingsRequest("o'neil&co@example.com", 'u').includes("o'neil&amp;co@example.com"),
  );
});

test('hostile autodiscover responses are refused', () => {
  assert.throws(
    () =>
      parsePoxResponse(
        '<!DOCTYPE x [<!ENTITY a "b">]><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">&a;</Autodiscover>',
      ),
    XmlSecurityError,
  );
});
