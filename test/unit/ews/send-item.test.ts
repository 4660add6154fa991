// SendItem in both directions: client request → simulator parse, simulator response → client parse, and
// both envelopes valid against the EWS schema.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import { sendItem, type SendItemInput, type SendItemOutput } from '../../../src/ews/operations/send-item.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';
import { validateEnvelopes } from './helpers/schema.ts';

const INPUT: SendItemInput = {
  itemIds: [
    { id: 'AAMkAD1=', changeKey: 'CQAAAB==' },
    { id: 'AAMkAD2=', changeKey: 'CQAAAC==' },
  ],
  saveItemToFolder: true,
  savedItemFolderId: { distinguished: 'sentitems' },
};
const OUTPUT: SendItemOutput = [
  { ok: true, value: null },
  {
    ok: false,
    error: new ResponseMessageError({
      responseCode: 'ErrorStaleObject',
      messageText: 'The change key passed in the request does not match the current change key for the item.',
      messageXml: {},
    }),
  },
];

const request = buildRequestEnvelope(sendItem.buildBody(INPUT), { serverVersion: 'Exchange2016' });
const response = buildResponseEnvelope(sendItem.buildResponseBody(OUTPUT), {
  majorVersion: 15,
  minorVersion: 1,
});

let validity: Map<string, string[]>;
before(async () => {
  validity = await validateEnvelopes({ request, response });
});

test('SendItem request: client build → server parse is the identity', () => {
  assert.deepEqual(sendItem.parseRequest(parseRequestEnvelope(request).body), INPUT);
  const noSave: SendItemInput = { itemIds: [{ id: 'AAMk=', changeKey: 'CQ==' }], saveItemToFolder: false };
  const env = buildRequestEnvelope(sendItem.buildBody(noSave), { serverVersion: 'Exchange2016' });
  assert.deepEqual(sendItem.parseRequest(parseRequestEnvelope(env).body), noSave);
});

test('SendItem response: server build → client parse keeps results and errors in order', () => {
  const parsed = sendItem.parseBody(parseResponseEnvelope(response).body);
  assert.equal(parsed.length, 2);
  assert.deepEqual(parsed[0], { ok: true, value: null });
  assert.ok(parsed[1] && !parsed[1].ok);
  assert.equal(parsed[1].error.responseCode, 'ErrorStaleObject');
});

test('SendItem request and response validate against the EWS schema', () => {
  assert.deepEqual(validity.get('request'), []);
  assert.deepEqual(validity.get('response'), []);
});
