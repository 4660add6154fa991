// The ResponseCode union comes from the schema (staleness check), and the client's errors read any code
// a server sends: listed ones typed, unlisted ones as UnlistedResponseCode with the text kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  generateResponseCodes,
  readResponseCodes,
  RESPONSE_CODES_PATH,
} from '../../../scripts/gen-ews-response-codes.ts';
import {
  SCHEMA_RESPONSE_CODES,
  UNLISTED_RESPONSE_CODE,
  toResponseCode,
  type ResponseCode,
} from '../../../src/ews/types/response-code.ts';
import { parseResponseEnvelope } from '../../../src/ews/soap/envelope.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import type { ResponseMessageError } from '../../../src/ews/errors.ts';
import { SoapFaultError, classifyEwsError } from '../../../src/ews/errors.ts';
import { SHARED_EWS } from './helpers/schema.ts';

const SCHEMA_DIR = join(SHARED_EWS, 'schema');

test('response-code.generated.ts is what gen:ews-response-codes makes from the schema (not stale)', () => {
  const committed = readFileSync(fileURLToPath(RESPONSE_CODES_PATH), 'utf8');
  assert.equal(
    committed,
    generateResponseCodes(SCHEMA_DIR),
    'run `npm run gen:ews-response-codes` and commit the result',
  );
});

test('the union holds every value of ResponseCodeType, including the ones the engine branches on', () => {
  assert.deepEqual([...SCHEMA_RESPONSE_CODES], readResponseCodes(SCHEMA_DIR));
  const needed: ResponseCode[] = [
    'NoError',
    'ErrorInvalidSyncStateData',
    'ErrorIrresolvableConflict',
    'ErrorServerBusy',
    'ErrorImpersonateUserDenied',
  ];
  for (const c of needed) assert.equal(toResponseCode(c), c);
  assert.ok(SCHEMA_RESPONSE_CODES.length > 500);
  assert.equal(dirname(fileURLToPath(RESPONSE_CODES_PATH)).endsWith(join('src', 'ews', 'types')), true);
});

test('unlisted or empty codes read as UnlistedResponseCode, never refused', () => {
  assert.equal(toResponseCode('ErrorFromTheFuture'), UNLISTED_RESPONSE_CODE);
  assert.equal(toResponseCode(''), UNLISTED_RESPONSE_CODE);
  assert.equal(toResponseCode(' ErrorServerBusy\n'), 'ErrorServerBusy');
});

const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';
function getItemError(code: string): ResponseMessageError {
  const xml =
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:GetItemResponse xmlns:m="${M}">` +
    `<m:ResponseMessages><m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>It failed.</m:MessageText>` +
    `<m:ResponseCode>${code}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/>` +
    `</m:GetItemResponseMessage></m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>`;
  const [r] = getItem.parseBody(parseResponseEnvelope(xml).body);
  assert.ok(r !== undefined && !r.ok);
  return r.error as ResponseMessageError;
}

test('a response message error carries the typed code and the raw text', () => {
  const listed = getItemError('ErrorItemNotFound');
  assert.equal(listed.responseCode, 'ErrorItemNotFound');
  assert.equal(listed.rawResponseCode, 'ErrorItemNotFound');
  const unlisted = getItemError('ErrorSomethingNew');
  assert.equal(unlisted.responseCode, UNLISTED_RESPONSE_CODE);
  assert.equal(unlisted.rawResponseCode, 'ErrorSomethingNew');
  assert.equal(unlisted.message, 'ErrorSomethingNew: It failed.');
  assert.deepEqual(classifyEwsError(unlisted), { transient: false });
});

test('a SOAP fault with a non-EWS faultcode keeps it as raw text', () => {
  const f = new SoapFaultError({
    responseCode: 'Client',
    messageText: '',
    messageXml: {},
    faultCode: 's:Client',
    faultString: 'Bad request',
  });
  assert.equal(f.responseCode, UNLISTED_RESPONSE_CODE);
  assert.equal(f.rawResponseCode, 'Client');
  assert.equal(f.message, 'Client: Bad request');
  // The inner code of ErrorInternalServerError is typed too.
  const inner = new SoapFaultError({
    responseCode: 'ErrorInternalServerError',
    messageText: 'x',
    messageXml: { InnerErrorResponseCode: 'ErrorServerBusy' },
    faultCode: 'a:ErrorInternalServerError',
    faultString: 'x',
  });
  assert.equal(classifyEwsError(inner).transient, true);
});
