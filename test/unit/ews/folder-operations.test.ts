// CreateFolder and DeleteFolder: the request the client builds is the request the simulator side reads, the
// response parses to typed results, and a per-folder error stays a per-folder error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { deleteFolder } from '../../../src/ews/operations/delete-folder.ts';
import { EwsProtocolError, ResponseMessageError } from '../../../src/ews/errors.ts';

test('CreateFolder request round-trips through the server-side parser', () => {
  const input = {
    parentFolderId: { distinguished: 'msgfolderroot' as const },
    folders: [
      { element: 'Folder' as const, displayName: 'Archive <&>', folderClass: 'IPF.Note' },
      { element: 'CalendarFolder' as const, displayName: 'Shifts' },
    ],
  };
  const env = buildRequestEnvelope(createFolder.buildBody(input), { serverVersion: 'Exchange2016' });
  assert.deepEqual(createFolder.parseRequest(parseRequestEnvelope(env).body), input);
});

test('CreateFolder response: FolderId per success, ResponseMessageError per failure', () => {
  const exists = new ResponseMessageError({
    responseCode: 'ErrorFolderExists',
    messageText: 'A folder with the specified name already exists.',
    messageXml: {},
  });
  const xml = buildResponseEnvelope(
    createFolder.buildResponseBody([
      { ok: true, value: { element: 'TasksFolder', folderId: { id: 'F1', changeKey: 'CK1' } } },
      { ok: false, error: exists },
    ]),
    { majorVersion: 15, minorVersion: 1 },
  );
  const [a, b] = createFolder.parseBody(parseResponseEnvelope(xml).body);
  assert.deepEqual(a, {
    ok: true,
    value: { element: 'TasksFolder', folderId: { id: 'F1', changeKey: 'CK1' } },
  });
  assert.ok(b && !b.ok);
  assert.equal(b.error.responseCode, 'ErrorFolderExists');
});

test('a success message without the FolderId is a protocol error, not an undefined id', () => {
  const xml = buildResponseEnvelope(
    '<m:CreateFolderResponse><m:ResponseMessages><m:CreateFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:Folder/></m:Folders></m:CreateFolderResponseMessage></m:ResponseMessages></m:CreateFolderResponse>',
    { majorVersion: 15, minorVersion: 1 },
  );
  assert.throws(() => createFolder.parseBody(parseResponseEnvelope(xml).body), EwsProtocolError);
});

test('DeleteFolder request round-trips with its DeleteType; results are per folder', () => {
  const input = { folderIds: [{ id: 'F1', changeKey: 'CK' }], deleteType: 'MoveToDeletedItems' as const };
  const env = buildRequestEnvelope(deleteFolder.buildBody(input), { serverVersion: 'Exchange2016' });
  assert.deepEqual(deleteFolder.parseRequest(parseRequestEnvelope(env).body), input);
  const denied = new ResponseMessageError({
    responseCode: 'ErrorDeleteDistinguishedFolder',
    messageText: 'Distinguished folders cannot be deleted.',
    messageXml: {},
  });
  const xml = buildResponseEnvelope(
    deleteFolder.buildResponseBody([
      { ok: true, value: null },
      { ok: false, error: denied },
    ]),
    { majorVersion: 15, minorVersion: 1 },
  );
  const [a, b] = deleteFolder.parseBody(parseResponseEnvelope(xml).body);
  assert.deepEqual(a, { ok: true, value: null });
  assert.ok(b && !b.ok);
  assert.equal(b.error.responseCode, 'ErrorDeleteDistinguishedFolder');
});
