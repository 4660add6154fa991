// ExportItems and UploadItems in both directions: client request → server parse and server response →
// client parse are identities (the Data blob travels as bytes, untouched).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import { exportItems, type ExportItemsOutput } from '../../../src/ews/operations/export-items.ts';
import {
  uploadItems,
  type UploadItemsInput,
  type UploadItemsOutput,
} from '../../../src/ews/operations/upload-items.ts';
import { EwsProtocolError, ResponseMessageError } from '../../../src/ews/errors.ts';

const HEADERS = { serverVersion: 'Exchange2016' as const };
const SV = { majorVersion: 15, minorVersion: 1 };
const BYTES = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
const corrupt = new ResponseMessageError({
  responseCode: 'ErrorCorruptData',
  messageText: 'corrupt',
  messageXml: {},
});

test('ExportItems: request and response round trip', () => {
  const input = { itemIds: [{ id: 'AAMk1=', changeKey: 'CQ==' }, { id: 'AAMk2=' }] };
  const env = buildRequestEnvelope(exportItems.buildBody(input), HEADERS);
  assert.deepEqual(exportItems.parseRequest(parseRequestEnvelope(env).body), input);
  const output: ExportItemsOutput = [
    { ok: true, value: { itemId: { id: 'AAMk1=', changeKey: 'CQ==' }, data: BYTES } },
    { ok: false, error: corrupt },
  ];
  const back = exportItems.parseBody(
    parseResponseEnvelope(buildResponseEnvelope(exportItems.buildResponseBody(output), SV)).body,
  );
  assert.ok(back[0]?.ok);
  assert.deepEqual(back[0].value.itemId, { id: 'AAMk1=', changeKey: 'CQ==' });
  assert.deepEqual([...back[0].value.data], [...BYTES]);
  assert.ok(back[1] && !back[1].ok && back[1].error.responseCode === 'ErrorCorruptData');
});

test('UploadItems: request and response round trip; an unknown CreateAction is refused', () => {
  const input: UploadItemsInput = {
    items: [
      { createAction: 'CreateNew', parentFolderId: { id: 'AQMk=' }, data: BYTES },
      {
        createAction: 'Update',
        parentFolderId: { id: 'AQMk=' },
        itemId: { id: 'AAMk=', changeKey: 'CQ==' },
        data: BYTES,
        isAssociated: false,
      },
      { createAction: 'UpdateOrCreate', parentFolderId: { id: 'AQMk=' }, data: new Uint8Array([1]) },
    ],
  };
  const env = buildRequestEnvelope(uploadItems.buildBody(input), HEADERS);
  const parsed = uploadItems.parseRequest(parseRequestEnvelope(env).body);
  assert.deepEqual(
    parsed.items.map((i) => ({ ...i, data: [...i.data] })),
    input.items.map((i) => ({ ...i, data: [...i.data] })),
  );
  const bad = env.replace('CreateAction="CreateNew"', 'CreateAction="Replace"');
  assert.throws(() => uploadItems.parseRequest(parseRequestEnvelope(bad).body), EwsProtocolError);

  const output: UploadItemsOutput = [
    { ok: true, value: { id: 'AAMk=', changeKey: 'CQ==' } },
    { ok: true, value: undefined },
    { ok: false, error: corrupt },
  ];
  const back = uploadItems.parseBody(
    parseResponseEnvelope(buildResponseEnvelope(uploadItems.buildResponseBody(output), SV)).body,
  );
  assert.deepEqual(back.slice(0, 2), output.slice(0, 2));
  assert.ok(back[2] && !back[2].ok && back[2].error.responseCode === 'ErrorCorruptData');
});
