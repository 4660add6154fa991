import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  buildFaultEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
  EXCHANGE_VERSIONS,
  type RequestHeaders,
} from '../../../src/ews/soap/envelope.ts';
import { NS_MESSAGES } from '../../../src/ews/soap/namespaces.ts';
import {
  SoapFaultError,
  EwsProtocolError,
  EwsRequestError,
  classifyEwsError,
} from '../../../src/ews/errors.ts';
import { validateEnvelopes, SHARED_EWS } from './helpers/schema.ts';

const BODY =
  '<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>';
const awkward = `o'<&>"x😀𝄞@example.com`;

const requests: Record<string, RequestHeaders> = {
  '2013sp1-plain': { serverVersion: 'Exchange2013_SP1' },
  '2016-primary': { serverVersion: 'Exchange2016', impersonation: { value: awkward } },
  '2016-smtp-tz': {
    serverVersion: 'Exchange2016',
    impersonation: { kind: 'SmtpAddress', value: 'user@example.com' },
    timeZoneId: 'W. Europe Standard Time',
  },
  principal: {
    serverVersion: 'Exchange2010_SP2',
    impersonation: { kind: 'PrincipalName', value: 'DOM\\user' },
  },
  ...Object.fromEntries(EXCHANGE_VERSIONS.map((v) => [`version-${v}`, { serverVersion: v }])),
};

let validity: Map<string, string[]>;
before(async () => {
  const docs: Record<string, string> = {};
  for (const [name, h] of Object.entries(requests)) docs[name] = buildRequestEnvelope(BODY, h);
  docs['response'] = buildResponseEnvelope(
    `<m:GetFolderResponse><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders/></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`,
    {
      majorVersion: 15,
      minorVersion: 1,
      majorBuildNumber: 2507,
      minorBuildNumber: 6,
      version: 'V2017_07_11',
    },
  );
  docs['fault'] = buildFaultEnvelope({
    responseCode: 'ErrorServerBusy',
    messageText: 'The server cannot service this request right now. Try again later.',
    messageXml: { BackOffMilliseconds: '2500' },
  });
  validity = await validateEnvelopes(docs);
});

test('every request envelope validates against the EWS schema', () => {
  for (const name of Object.keys(requests)) assert.deepEqual(validity.get(name), [], name);
});

test('server-side response and fault envelopes validate', () => {
  assert.deepEqual(validity.get('response'), []);
  assert.deepEqual(validity.get('fault'), []);
});

test('request headers round trip through the simulator-side parser', () => {
  const parsed = parseRequestEnvelope(buildRequestEnvelope(BODY, requests['2016-primary']!));
  assert.equal(parsed.serverVersion, 'Exchange2016');
  assert.deepEqual(parsed.impersonation, { kind: 'PrimarySmtpAddress', value: awkward });
  assert.equal(parsed.body.local, 'GetFolder');
  assert.equal(parsed.body.ns, NS_MESSAGES);
  const tz = parseRequestEnvelope(buildRequestEnvelope(BODY, requests['2016-smtp-tz']!));
  assert.equal(tz.timeZoneId, 'W. Europe Standard Time');
  assert.equal(tz.impersonation?.kind, 'SmtpAddress');
});

test('unknown server versions and empty impersonation are refused', () => {
  assert.throws(
    () => buildRequestEnvelope(BODY, { serverVersion: 'Exchange2019' as 'Exchange2016' }),
    EwsRequestError,
  );
  assert.throws(
    () => buildRequestEnvelope(BODY, { serverVersion: 'Exchange2016', impersonation: { value: ' ' } }),
    EwsRequestError,
  );
});

test('ServerVersionInfo and body root are read from a response', () => {
  const env = parseResponseEnvelope(
    buildResponseEnvelope('<m:GetFolderResponse><m:ResponseMessages/></m:GetFolderResponse>', {
      majorVersion: 15,
      minorVersion: 2,
      majorBuildNumber: 1118,
      minorBuildNumber: 7,
      version: 'V2017_07_11',
    }),
  );
  assert.deepEqual(env.serverVersion, {
    majorVersion: 15,
    minorVersion: 2,
    majorBuildNumber: 1118,
    minorBuildNumber: 7,
    version: 'V2017_07_11',
  });
  assert.equal(env.body.local, 'GetFolderResponse');
});

function faultOf(xml: string, httpStatus = 500): SoapFaultError {
  try {
    parseResponseEnvelope(xml, { httpStatus });
  } catch (e) {
    if (e instanceof SoapFaultError) return e;
    throw e;
  }
  throw new Error('expected a fault');
}

test('fault samples become typed SoapFaultErrors', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['samples/Fault-response-1.xml', 'ErrorSchemaValidation', { LineNumber: '11', LinePosition: '33' }],
    ['samples/Fault-response-3.xml', 'ErrorIncorrectSchemaVersion', {}],
    ['samples/Fault-response-5.xml', 'Client', { ErrorCode: '-2146233088' }],
    ['samples/Fault-response-6.xml', 'ErrorSchemaValidation', { Line: '17', Position: '19' }],
    [
      'real/exchangelib/test_services__test_error_server_busy__L111.xml',
      'ErrorServerBusy',
      { BackOffMilliseconds: '297749' },
    ],
  ];
  for (const [file, code, values] of cases) {
    const f = faultOf(readFileSync(SHARED_EWS + file, 'utf8'));
    assert.equal(f.code, 'ews.soap_fault');
    assert.equal(f.rawResponseCode, code, file);
    // A non-EWS faultcode (s:Client) is not a schema ResponseCode: typed as UnlistedResponseCode.
    assert.equal(f.responseCode, code === 'Client' ? 'UnlistedResponseCode' : code, file);
    assert.equal(f.httpStatus, 500);
    for (const [k, v] of Object.entries(values)) assert.equal(f.messageXml[k], v, `${file} ${k}`);
  }
  const busy = faultOf(
    readFileSync(SHARED_EWS + 'real/exchangelib/test_services__test_error_server_busy__L111.xml', 'utf8'),
  );
  assert.equal(busy.messageText, 'The server cannot service this request right now. Try again later.');
  assert.deepEqual(classifyEwsError(busy), { transient: true, backOffMs: 297749 });
  const schema = faultOf(readFileSync(SHARED_EWS + 'samples/Fault-response-1.xml', 'utf8'));
  assert.deepEqual(classifyEwsError(schema), { transient: false });
});

test("a fault's header ServerVersionInfo is kept on the SoapFaultError", () => {
  const five = faultOf(readFileSync(SHARED_EWS + 'samples/Fault-response-5.xml', 'utf8'));
  assert.deepEqual(five.serverVersion, {
    majorVersion: 8,
    minorVersion: 0,
    majorBuildNumber: 685,
    minorBuildNumber: 8,
  });
  const six = faultOf(readFileSync(SHARED_EWS + 'samples/Fault-response-6.xml', 'utf8'));
  assert.deepEqual(six.serverVersion, {
    majorVersion: 8,
    minorVersion: 0,
    majorBuildNumber: 602,
    minorBuildNumber: 0,
  });
  // A fault without a header has none.
  const one = faultOf(readFileSync(SHARED_EWS + 'samples/Fault-response-1.xml', 'utf8'));
  assert.equal(one.serverVersion, undefined);
});

test('a fault we build parses back to the same values', () => {
  const f = faultOf(
    buildFaultEnvelope({
      responseCode: 'ErrorImpersonateUserDenied',
      messageText: 'The account does not have permission to impersonate the requested user.',
      serverVersion: { majorVersion: 15, minorVersion: 1 },
    }),
  );
  assert.equal(f.responseCode, 'ErrorImpersonateUserDenied');
  assert.equal(f.faultCode, 't:ErrorImpersonateUserDenied');
  assert.equal(f.messageText, 'The account does not have permission to impersonate the requested user.');
});

test('non-envelopes and empty bodies are protocol errors', () => {
  assert.throws(() => parseResponseEnvelope('<html><body>502</body></html>'), EwsProtocolError);
  assert.throws(
    () =>
      parseResponseEnvelope(
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>',
      ),
    EwsProtocolError,
  );
});
