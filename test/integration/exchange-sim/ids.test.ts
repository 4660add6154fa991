// How the simulator answers ids that cannot name what a request asks for, observed through the voxsync
// EwsClient: empty (ErrorInvalidIdEmpty), malformed (ErrorInvalidIdMalformed), the wrong kind of id
// (ErrorCannotUseFolderIdForItemId / ErrorCannotUseItemIdForFolderId / ErrorInvalidIdNotAnItemAttachmentId),
// well formed but gone (ErrorItemNotFound / ErrorFolderNotFound / ErrorInvalidAttachmentId) and unparseable
// ChangeKeys (ErrorInvalidChangeKey). Every response is validated against the EWS schema by the simulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { getAttachment } from '../../../src/ews/operations/get-attachment.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { moveItem } from '../../../src/ews/operations/move-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import type { BatchResult } from '../../../src/ews/operations/operation.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim } from './helpers.ts';
import { clientFor } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const AS_BOB = { impersonate: 'bob@contoso.test' };

// Ids that are not ours: not base64 at all, short base64 (the SendItem error sample of the EWS docs) and a
// real-looking Exchange id of another server.
const MALFORMED = [
  '%BadItemId%',
  'AAAtAEF=',
  'AAMkADU0ZmZmZWViLTVhZjItNGFmNC1iZDJiLTk1ZjA3MDViZmQ5YwBGAAAAAADA3j1Lc3//SaULpEILlZClBwCqAWw+O7K+TJ+ZolV6MUYEAAAANSaFAACqAWw+O7K+TJ+ZolV6MUYEAAAANXkHAAA=',
];

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

function codeOf<T>(results: readonly BatchResult<T>[]): string {
  assert.equal(results.length, 1, 'one response message');
  const r = results[0]!;
  return r.ok ? 'NoError' : r.error.responseCode;
}

async function newMessage(subject: string, withAttachment = false): Promise<ItemId> {
  const [r] = await client.call(
    createItem,
    {
      items: [
        {
          kind: 'Message',
          subject,
          body: { bodyType: 'Text', value: subject },
          ...(withAttachment
            ? {
                attachments: [
                  { kind: 'file', name: 'a.txt', contentType: 'text/plain', content: new Uint8Array([65]) },
                ],
              }
            : {}),
        },
      ],
      savedItemFolderId: { distinguished: 'drafts' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  assert.ok(r?.ok && r.value.itemId);
  return r.value.itemId;
}

async function folderIdOf(name: 'inbox' | 'drafts', as = AS_ALICE): Promise<ItemId> {
  const [r] = await client.call(
    getFolder,
    { folderIds: [{ distinguished: name }], shape: { baseShape: 'IdOnly' } },
    as,
  );
  assert.ok(r?.ok && r.value.folderId);
  return r.value.folderId;
}

async function attachmentIdOf(itemId: ItemId): Promise<string> {
  const [r] = await client.call(getItem, { itemIds: [itemId], shape: { baseShape: 'Default' } }, AS_ALICE);
  assert.ok(r?.ok);
  const id = r.value.attachments?.[0]?.attachmentId?.id;
  assert.ok(id, 'the item lists its attachment with an id');
  return id;
}

const getItemCode = async (id: string) =>
  codeOf(await client.call(getItem, { itemIds: [{ id }], shape: { baseShape: 'IdOnly' } }, AS_ALICE));
const getFolderCode = async (id: string) =>
  codeOf(await client.call(getFolder, { folderIds: [{ id }], shape: { baseShape: 'IdOnly' } }, AS_ALICE));
const getAttachmentCode = async (id: string) =>
  codeOf(await client.call(getAttachment, { attachmentIds: [id] }, AS_ALICE));

test('an empty Id is ErrorInvalidIdEmpty for items, folders and attachments', async () => {
  assert.equal(await getItemCode(''), 'ErrorInvalidIdEmpty');
  assert.equal(await getFolderCode(''), 'ErrorInvalidIdEmpty');
  assert.equal(await getAttachmentCode(''), 'ErrorInvalidIdEmpty');
  const [r] = await client.call(getItem, { itemIds: [{ id: '' }], shape: { baseShape: 'IdOnly' } }, AS_ALICE);
  assert.ok(r && !r.ok);
  assert.equal(r.error.messageText, 'Id must be non-empty.');
});

test('foreign, damaged and truncated ids are ErrorInvalidIdMalformed, never ErrorItemNotFound', async () => {
  const own = await newMessage('to be damaged');
  const truncated = own.id.slice(0, 20);
  const flipped = Buffer.from(own.id, 'base64');
  flipped[0] = flipped[0]! ^ 0xff;
  for (const id of [...MALFORMED, truncated, flipped.toString('base64')]) {
    assert.equal(await getItemCode(id), 'ErrorInvalidIdMalformed', `GetItem ${id}`);
    assert.equal(await getFolderCode(id), 'ErrorInvalidIdMalformed', `GetFolder ${id}`);
    assert.equal(await getAttachmentCode(id), 'ErrorInvalidIdMalformed', `GetAttachment ${id}`);
    const del = await client.call(deleteItem, { itemIds: [{ id }], deleteType: 'HardDelete' }, AS_ALICE);
    assert.equal(codeOf(del), 'ErrorInvalidIdMalformed', `DeleteItem ${id}`);
  }
  const [r] = await client.call(
    getItem,
    { itemIds: [{ id: MALFORMED[0]! }], shape: { baseShape: 'IdOnly' } },
    AS_ALICE,
  );
  assert.ok(r && !r.ok);
  assert.equal(r.error.messageText, 'Id is malformed.');
});

test('a folder id given as an ItemId and an item id given as a FolderId name the mix-up', async () => {
  const inbox = await folderIdOf('inbox');
  const item = await newMessage('kind mix-up');
  assert.equal(await getItemCode(inbox.id), 'ErrorCannotUseFolderIdForItemId');
  assert.equal(await getFolderCode(item.id), 'ErrorCannotUseItemIdForFolderId');
  const moved = await client.call(moveItem, { itemIds: [item], toFolderId: { id: item.id } }, AS_ALICE);
  assert.equal(codeOf(moved), 'ErrorCannotUseItemIdForFolderId', 'MoveItem to an item id');
  // The item was not moved by the failed call.
  assert.equal(await getItemCode(item.id), 'NoError');
});

test('an item or folder id given as an AttachmentId is ErrorInvalidIdNotAnItemAttachmentId', async () => {
  const item = await newMessage('not an attachment');
  const inbox = await folderIdOf('inbox');
  assert.equal(await getAttachmentCode(item.id), 'ErrorInvalidIdNotAnItemAttachmentId');
  assert.equal(await getAttachmentCode(inbox.id), 'ErrorInvalidIdNotAnItemAttachmentId');
  const attachment = await attachmentIdOf(await newMessage('has one', true));
  assert.equal(
    await getItemCode(attachment),
    'ErrorInvalidIdMalformed',
    'an attachment id is not an item id',
  );
});

test('well-formed ids of gone objects: ErrorItemNotFound, ErrorFolderNotFound, ErrorInvalidAttachmentId', async () => {
  const item = await newMessage('soon gone', true);
  const attachment = await attachmentIdOf(item);
  assert.equal(await getAttachmentCode(attachment), 'NoError');

  // The attachment removed from a still existing item.
  const raw = caller(sim, basic('svc-voxsync', 'svc-pw'), { impersonate: { value: 'alice@contoso.test' } });
  try {
    const res = await raw.call(
      `<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id="${attachment}"/></m:AttachmentIds></m:DeleteAttachment>`,
    );
    assert.equal(res.body.local, 'DeleteAttachmentResponse');
  } finally {
    await raw.close();
  }
  assert.equal(await getAttachmentCode(attachment), 'ErrorInvalidAttachmentId');

  const del = await client.call(deleteItem, { itemIds: [item], deleteType: 'HardDelete' }, AS_ALICE);
  assert.equal(codeOf(del), 'NoError');
  assert.equal(await getItemCode(item.id), 'ErrorItemNotFound');
  const again = await client.call(deleteItem, { itemIds: [item], deleteType: 'HardDelete' }, AS_ALICE);
  assert.equal(codeOf(again), 'ErrorItemNotFound');

  // A folder id of another mailbox is well formed but names no folder of this one.
  const bobsInbox = await folderIdOf('inbox', AS_BOB);
  assert.equal(await getFolderCode(bobsInbox.id), 'ErrorFolderNotFound');
});

test('an attachment id whose item is gone is ErrorItemNotFound', async () => {
  const item = await newMessage('holder', true);
  const attachment = await attachmentIdOf(item);
  const del = await client.call(deleteItem, { itemIds: [item], deleteType: 'HardDelete' }, AS_ALICE);
  assert.equal(codeOf(del), 'NoError');
  assert.equal(await getAttachmentCode(attachment), 'ErrorItemNotFound');
});

test('an unparseable or empty ChangeKey is ErrorInvalidChangeKey, the item stays unchanged', async () => {
  const item = await newMessage('ck');
  for (const changeKey of ['', 'not base64!', 'CQAAABYAAA']) {
    const res = await client.call(
      updateItem,
      {
        conflictResolution: 'AlwaysOverwrite',
        messageDisposition: 'SaveOnly',
        changes: [
          {
            itemId: { id: item.id, changeKey },
            updates: [
              {
                action: 'set',
                path: { fieldUri: 'item:Subject' },
                item: { kind: 'Message', subject: 'changed' },
              },
            ],
          },
        ],
      },
      AS_ALICE,
    );
    assert.equal(codeOf(res), 'ErrorInvalidChangeKey', `ChangeKey "${changeKey}"`);
  }
  const [r] = await client.call(getItem, { itemIds: [item], shape: { baseShape: 'Default' } }, AS_ALICE);
  assert.ok(r?.ok);
  assert.equal(r.value.subject, 'ck');
});
