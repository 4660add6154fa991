// Item behaviours of the simulator observed through the voxsync EwsClient and its typed operations only
// (no hand-written SOAP), with the simulator validating every response against the EWS schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { moveItem } from '../../../src/ews/operations/move-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';
import { findExtendedProperty, type ExtendedFieldUri } from '../../../src/ews/types/extended-properties.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { Item } from '../../../src/ews/types/items.ts';
import { MSGFLAG_READ, PR_MESSAGE_FLAGS } from '../../../src/ews/voicemail/properties.ts';
import { buildVoicemailCreateItem } from '../../../src/ews/voicemail/voicemail-item.ts';
import { findVoicemailInput, voxsyncMessageIdOf } from '../../../src/ews/voicemail/find-voicemail.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, one as ok } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const TEST_PROP: ExtendedFieldUri = {
  propertySetId: 'c11d9f5e-3b1a-4c2e-9d55-0a4f2e7b6c01',
  propertyName: 'ClientItemsTest',
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

async function createMessage(subject: string, isRead = false): Promise<ItemId> {
  const [r] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject, isRead, body: { bodyType: 'Text', value: subject } }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  const id = ok(r).itemId;
  assert.ok(id, 'CreateItem returns the new ItemId');
  return id;
}

function isReadOf(item: Item): boolean | undefined {
  return item.kind === 'Message' ? item.isRead : undefined;
}

test('CreateItem with a FileAttachment and an extended property; GetItem returns both and PR_MESSAGE_FLAGS', async () => {
  const content = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4]);
  const [created] = await client.call(
    createItem,
    {
      items: [
        {
          kind: 'Message',
          subject: 'with attachment',
          isRead: true,
          body: { bodyType: 'Text', value: 'see attachment' },
          attachments: [{ kind: 'file', name: 'clip.wav', contentType: 'audio/wav', content }],
          extendedProperties: [{ uri: TEST_PROP, value: 'marker-42' }],
        },
      ],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  const itemId = ok(created).itemId;
  assert.ok(itemId);
  const [got] = await client.call(
    getItem,
    {
      itemIds: [itemId],
      shape: {
        baseShape: 'Default',
        additionalProperties: [
          { extended: TEST_PROP },
          { extended: PR_MESSAGE_FLAGS },
          { fieldUri: 'message:IsRead' },
        ],
      },
    },
    AS_ALICE,
  );
  const item = ok(got);
  assert.equal(item.subject, 'with attachment');
  assert.equal(item.hasAttachments, true);
  const att = item.attachments?.[0];
  assert.ok(att && att.kind === 'file', 'the FileAttachment is listed');
  assert.equal(att.name, 'clip.wav');
  assert.equal(findExtendedProperty(item.extendedProperties, TEST_PROP)?.value, 'marker-42');
  const flags = findExtendedProperty(item.extendedProperties, PR_MESSAGE_FLAGS)?.value;
  assert.equal(typeof flags, 'string', 'PR_MESSAGE_FLAGS is returned');
  assert.equal(isReadOf(item), true);
  assert.equal(Number(flags) & MSGFLAG_READ, MSGFLAG_READ, 'MSGFLAG_READ agrees with IsRead');
});

test('UpdateItem NeverOverwrite: a stale ChangeKey is ErrorIrresolvableConflict, the current one succeeds', async () => {
  const first = await createMessage('conflict me');
  const [u1] = await client.call(
    updateItem,
    {
      conflictResolution: 'NeverOverwrite',
      messageDisposition: 'SaveOnly',
      changes: [
        {
          itemId: first,
          updates: [
            { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject: 'v2' } },
          ],
        },
      ],
    },
    AS_ALICE,
  );
  const second = ok(u1).itemId;
  assert.equal(second.id, first.id);
  assert.ok(second.changeKey && second.changeKey !== first.changeKey, 'a new ChangeKey is returned');
  const [stale] = await client.call(
    updateItem,
    {
      conflictResolution: 'NeverOverwrite',
      messageDisposition: 'SaveOnly',
      changes: [
        {
          itemId: first,
          updates: [
            { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject: 'v3' } },
          ],
        },
      ],
    },
    AS_ALICE,
  );
  assert.ok(stale && !stale.ok, 'the stale update is refused');
  assert.ok(stale.error instanceof ResponseMessageError);
  assert.equal(stale.error.responseCode, 'ErrorIrresolvableConflict');
  const [got] = await client.call(getItem, { itemIds: [second], shape: { baseShape: 'Default' } }, AS_ALICE);
  assert.equal(ok(got).subject, 'v2', 'the refused update changed nothing');
});

test('DeleteItem of an already deleted id is ErrorItemNotFound', async () => {
  const id = await createMessage('delete twice');
  const [d1] = await client.call(deleteItem, { itemIds: [id], deleteType: 'HardDelete' }, AS_ALICE);
  ok(d1);
  const [d2] = await client.call(deleteItem, { itemIds: [id], deleteType: 'HardDelete' }, AS_ALICE);
  assert.ok(d2 && !d2.ok);
  assert.ok(d2.error instanceof ResponseMessageError);
  assert.equal(d2.error.responseCode, 'ErrorItemNotFound');
});

test('MoveItem gives the item a new Id; the old one is gone', async () => {
  const id = await createMessage('move me');
  const [m] = await client.call(
    moveItem,
    { toFolderId: { distinguished: 'deleteditems' }, itemIds: [id] },
    AS_ALICE,
  );
  const moved = ok(m).newItemId;
  assert.ok(moved);
  assert.notEqual(moved.id, id.id);
  const [got] = await client.call(getItem, { itemIds: [moved], shape: { baseShape: 'Default' } }, AS_ALICE);
  assert.equal(ok(got).subject, 'move me');
  const [old] = await client.call(
    getItem,
    { itemIds: [{ id: id.id }], shape: { baseShape: 'IdOnly' } },
    AS_ALICE,
  );
  assert.ok(old && !old.ok);
  assert.ok(old.error instanceof ResponseMessageError);
  assert.equal(old.error.responseCode, 'ErrorItemNotFound');
});

test('SyncFolderItems reports ReadFlagChange for a read-only change and Delete for a move out', async () => {
  const inbox = { distinguished: 'inbox' } as const;
  const shape = { baseShape: 'IdOnly' } as const;
  const readMe = await createMessage('sync read', false);
  const moveMe = await createMessage('sync move', false);
  let syncState: string | undefined;
  for (;;) {
    const [p] = await client.call(
      syncFolderItems,
      { folderId: inbox, shape, maxChangesReturned: 100, ...(syncState ? { syncState } : {}) },
      AS_ALICE,
    );
    const page = ok(p);
    syncState = page.syncState;
    if (page.includesLastItemInRange) break;
  }
  const [u] = await client.call(
    updateItem,
    {
      conflictResolution: 'AlwaysOverwrite',
      messageDisposition: 'SaveOnly',
      changes: [
        {
          itemId: { id: readMe.id },
          updates: [
            { action: 'set', path: { fieldUri: 'message:IsRead' }, item: { kind: 'Message', isRead: true } },
          ],
        },
      ],
    },
    AS_ALICE,
  );
  ok(u);
  const [m] = await client.call(
    moveItem,
    { toFolderId: { distinguished: 'deleteditems' }, itemIds: [{ id: moveMe.id }] },
    AS_ALICE,
  );
  ok(m);
  const [p] = await client.call(
    syncFolderItems,
    { folderId: inbox, shape, maxChangesReturned: 100, syncState },
    AS_ALICE,
  );
  const changes = ok(p).changes;
  const readChange = changes.find((c) => c.type === 'readFlagChange' && c.itemId.id === readMe.id);
  assert.ok(readChange && readChange.type === 'readFlagChange', `changes: ${JSON.stringify(changes)}`);
  assert.equal(readChange.isRead, true);
  assert.ok(
    !changes.some((c) => c.type === 'update' && c.item.itemId?.id === readMe.id),
    'a read-only change is not also an Update',
  );
  assert.ok(
    changes.some((c) => c.type === 'delete' && c.itemId.id === moveMe.id),
    `changes: ${JSON.stringify(changes)}`,
  );
});

test('FindItem IsEqualTo on the voxsync named property finds a voicemail built by src/ews/voicemail', async () => {
  const voxsyncMessageId = 'vm-client-items-1';
  const [c] = await client.call(
    createItem,
    buildVoicemailCreateItem({
      voxsyncMessageId,
      callerNumber: '+1 555 0100',
      durationSeconds: 42,
      receivedAt: new Date('2026-11-28T20:00:00Z'),
      audio: { data: new Uint8Array([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]), format: 'mp3' },
    }),
    AS_ALICE,
  );
  const created = ok(c).itemId;
  assert.ok(created);
  await createMessage('not a voicemail');
  const [f] = await client.call(findItem, findVoicemailInput(voxsyncMessageId), AS_ALICE);
  const items = ok(f).items;
  assert.equal(items.length, 1);
  assert.equal(items[0]?.itemId?.id, created.id);
  assert.equal(items[0] && voxsyncMessageIdOf(items[0]), voxsyncMessageId);
  const [none] = await client.call(findItem, findVoicemailInput('vm-client-items-absent'), AS_ALICE);
  assert.equal(ok(none).items.length, 0);
});
