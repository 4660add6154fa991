// ExportItems / UploadItems through the voxsync EwsClient: an exported item uploaded into another mailbox
// (CreateNew) keeps its content, attachments, extended properties and read state; Update puts an older
// export back over a changed item; UpdateOrCreate creates when the item is gone; damaged blobs are
// ErrorCorruptData.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { exportItems } from '../../../src/ews/operations/export-items.ts';
import { uploadItems, type UploadItem } from '../../../src/ews/operations/upload-items.ts';
import type { BatchResult } from '../../../src/ews/operations/operation.ts';
import { findExtendedProperty, type ExtendedFieldUri } from '../../../src/ews/types/extended-properties.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { Item } from '../../../src/ews/types/items.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, setFields } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const AS_BOB = { impersonate: 'bob@contoso.test' };
const PROP: ExtendedFieldUri = {
  propertySetId: 'c11d9f5e-3b1a-4c2e-9d55-0a4f2e7b6c01',
  propertyName: 'ExportTest',
  propertyType: 'String',
};

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

function one<T>(results: readonly BatchResult<T>[]): T {
  assert.equal(results.length, 1);
  const r = results[0]!;
  if (!r.ok) throw r.error;
  return r.value;
}
function codeOf<T>(results: readonly BatchResult<T>[]): string {
  const r = results[0]!;
  return r.ok ? 'NoError' : r.error.responseCode;
}

async function inboxOf(as: { impersonate: string }): Promise<ItemId> {
  const f = one(
    await client.call(
      getFolder,
      { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
      as,
    ),
  );
  return f.folderId!;
}

async function message(subject: string): Promise<ItemId> {
  const created = one(
    await client.call(
      createItem,
      {
        items: [
          {
            kind: 'Message',
            subject,
            isRead: false,
            body: { bodyType: 'Text', value: `body of ${subject}` },
            toRecipients: [{ emailAddress: 'carol@contoso.test', name: 'Carol' }],
            attachments: [
              {
                kind: 'file',
                name: 'a.bin',
                contentType: 'application/octet-stream',
                content: new Uint8Array([0, 1, 2, 255]),
              },
            ],
            extendedProperties: [{ uri: PROP, value: `marker ${subject}` }],
          },
        ],
        savedItemFolderId: { distinguished: 'inbox' },
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
  );
  return created.itemId!;
}

async function read(id: ItemId, as: { impersonate: string }): Promise<Item> {
  return one(
    await client.call(
      getItem,
      {
        itemIds: [{ id: id.id }],
        shape: {
          baseShape: 'AllProperties',
          additionalProperties: [{ extended: PROP }, { fieldUri: 'message:IsRead' }],
        },
      },
      as,
    ),
  );
}

async function upload(
  item: UploadItem,
  as: { impersonate: string },
): Promise<BatchResult<ItemId | undefined>[]> {
  return client.call(uploadItems, { items: [item] }, as);
}

test('ExportItems then UploadItems CreateNew into another mailbox keeps the content', async () => {
  const id = await message('travelling');
  const exported = one(await client.call(exportItems, { itemIds: [id] }, AS_ALICE));
  assert.equal(exported.itemId.id, id.id);
  assert.ok(exported.itemId.changeKey, 'the current ChangeKey comes with the data');
  assert.ok(exported.data.length > 0);

  const bobsInbox = await inboxOf(AS_BOB);
  const newId = one(
    await upload({ createAction: 'CreateNew', parentFolderId: bobsInbox, data: exported.data }, AS_BOB),
  );
  assert.ok(newId);
  const copy = await read(newId, AS_BOB);
  assert.equal(copy.subject, 'travelling');
  assert.equal(copy.body?.value, 'body of travelling');
  assert.ok(copy.kind === 'Message');
  assert.equal(copy.isRead, false);
  assert.equal(copy.toRecipients?.[0]?.emailAddress, 'carol@contoso.test');
  assert.equal(copy.attachments?.[0]?.name, 'a.bin');
  assert.equal(findExtendedProperty(copy.extendedProperties, PROP)?.value, 'marker travelling');
});

test('UploadItems Update puts an earlier export back over a changed item; UpdateOrCreate creates when it is gone', async () => {
  const id = await message('original');
  const exported = one(await client.call(exportItems, { itemIds: [id] }, AS_ALICE));
  const changed = one(
    await client.call(
      updateItem,
      setFields(id, [['item:Subject', { kind: 'Message', subject: 'edited' }]]),
      AS_ALICE,
    ),
  );
  const inbox = await inboxOf(AS_ALICE);
  const restored = one(
    await upload(
      { createAction: 'Update', parentFolderId: inbox, itemId: changed.itemId!, data: exported.data },
      AS_ALICE,
    ),
  );
  assert.equal(restored?.id, id.id, 'the same item');
  assert.notEqual(restored?.changeKey, changed.itemId!.changeKey, 'a new ChangeKey');
  assert.equal((await read(id, AS_ALICE)).subject, 'original');

  assert.equal(
    codeOf(await client.call(deleteItem, { itemIds: [id], deleteType: 'HardDelete' }, AS_ALICE)),
    'NoError',
  );
  assert.equal(
    codeOf(
      await upload(
        { createAction: 'Update', parentFolderId: inbox, itemId: id, data: exported.data },
        AS_ALICE,
      ),
    ),
    'ErrorItemNotFound',
  );
  const recreated = one(
    await upload(
      { createAction: 'UpdateOrCreate', parentFolderId: inbox, itemId: id, data: exported.data },
      AS_ALICE,
    ),
  );
  assert.ok(recreated && recreated.id !== id.id, 'a new item');
  assert.equal((await read(recreated, AS_ALICE)).subject, 'original');
});

test('damaged or foreign data is ErrorCorruptData; ids are checked as everywhere', async () => {
  const id = await message('to damage');
  const good = one(await client.call(exportItems, { itemIds: [id] }, AS_ALICE)).data;
  const inbox = await inboxOf(AS_ALICE);
  const flipped = Uint8Array.from(good);
  flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 0x55;
  const bad = [
    new Uint8Array([1, 2, 3]),
    good.subarray(0, good.length - 10),
    flipped,
    Uint8Array.from(Buffer.concat([Buffer.from('XXEX'), Buffer.from(good).subarray(4)])),
  ];
  for (const data of bad) {
    const r = await upload({ createAction: 'CreateNew', parentFolderId: inbox, data }, AS_ALICE);
    assert.equal(codeOf(r), 'ErrorCorruptData');
  }
  assert.equal(
    codeOf(await client.call(exportItems, { itemIds: [{ id: '%bad%' }] }, AS_ALICE)),
    'ErrorInvalidIdMalformed',
  );
  assert.equal(
    codeOf(await upload({ createAction: 'CreateNew', parentFolderId: id, data: good }, AS_ALICE)),
    'ErrorCannotUseItemIdForFolderId',
  );
  assert.throws(
    () => uploadItems.buildBody({ items: [{ createAction: 'Update', parentFolderId: inbox, data: good }] }),
    EwsRequestError,
  );
});
