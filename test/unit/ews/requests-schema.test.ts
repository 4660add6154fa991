// Every request body the operations can build, wrapped in an envelope, validates against
// ../shared/ews/schema/ews-soap-envelope.xsd (xmllint-wasm, one batch per file).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { deleteFolder } from '../../../src/ews/operations/delete-folder.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getStreamingEvents } from '../../../src/ews/operations/get-streaming-events.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';
import { REQUEST_CORPUS as docs } from './fixtures/request-corpus.ts';
import { validateEnvelopes } from './helpers/schema.ts';

// Negative control: the same GetItem with its two children swapped must be reported invalid.
const swapped = buildRequestEnvelope(
  '<m:GetItem><m:ItemIds><t:ItemId Id="x"/></m:ItemIds><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape></m:GetItem>',
  { serverVersion: 'Exchange2016' },
);

let validity: Map<string, string[]>;
before(async () => {
  validity = await validateEnvelopes({ ...docs, swapped });
});

test('the validator reports a sequence-order violation (negative control)', () => {
  assert.ok((validity.get('swapped') ?? []).length > 0);
});

for (const name of Object.keys(docs)) {
  test(`${name} request validates against the EWS schema`, () => {
    assert.deepEqual(validity.get(name), []);
  });
}

test('requests EWS would refuse are rejected before sending', () => {
  const cases: [string, () => unknown][] = [
    [
      'MaxChangesReturned 0',
      () =>
        syncFolderItems.buildBody({
          shape: { baseShape: 'IdOnly' },
          folderId: { id: 'f' },
          maxChangesReturned: 0,
        }),
    ],
    [
      'MaxChangesReturned 513',
      () =>
        syncFolderItems.buildBody({
          shape: { baseShape: 'IdOnly' },
          folderId: { id: 'f' },
          maxChangesReturned: 513,
        }),
    ],
    [
      '201 streaming ids',
      () =>
        getStreamingEvents.buildBody({ subscriptionIds: Array(201).fill('s'), connectionTimeoutMinutes: 1 }),
    ],
    [
      'timeout 31',
      () => getStreamingEvents.buildBody({ subscriptionIds: ['s'], connectionTimeoutMinutes: 31 }),
    ],
    [
      'pull timeout 0',
      () =>
        subscribe.buildBody({
          kind: 'pull',
          subscribeToAllFolders: true,
          eventTypes: ['NewMailEvent'],
          timeoutMinutes: 0,
        }),
    ],
    ['no ids', () => getItem.buildBody({ shape: { baseShape: 'IdOnly' }, itemIds: [] })],
    ['no folder ids', () => deleteFolder.buildBody({ folderIds: [], deleteType: 'HardDelete' })],
    ['no folders', () => createFolder.buildBody({ parentFolderId: { distinguished: 'inbox' }, folders: [] })],
    [
      'unnamed folder',
      () =>
        createFolder.buildBody({
          parentFolderId: { distinguished: 'inbox' },
          folders: [{ element: 'Folder' }],
        }),
    ],
    [
      'bad extended uri',
      () =>
        getItem.buildBody({
          shape: {
            baseShape: 'IdOnly',
            additionalProperties: [
              { extended: { propertyTag: 1, propertyName: 'x', propertyType: 'String' } },
            ],
          },
          itemIds: [{ id: 'x' }],
        }),
    ],
    ['control char', () => createItem.buildBody({ items: [{ kind: 'Message', subject: 'a\u0000b' }] })],
    [
      'calendar view + restriction',
      () =>
        findItem.buildBody({
          shape: { baseShape: 'IdOnly' },
          parentFolderIds: [{ distinguished: 'calendar' }],
          view: { type: 'Calendar', startDate: 'a', endDate: 'b' },
          restriction: { op: 'Exists', path: { fieldUri: 'item:Subject' } },
        }),
    ],
  ];
  for (const [name, f] of cases) assert.throws(f, EwsRequestError, name);
});
