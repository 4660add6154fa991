// DeleteFolder and DeleteItem honour their DeleteType (D: deletefolder.md, deleteitem-operation.md):
// MoveToDeletedItems moves the folder (with its items) or item to Deleted Items; a soft-deleted item is kept
// in the dumpster, Recoverable Items\Deletions; SoftDelete and HardDelete remove a folder from the mailbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { deleteFolder } from '../../../src/ews/operations/delete-folder.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { findFolder } from '../../../src/ews/operations/find-folder.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import type { DistinguishedFolderName } from '../../../src/ews/types/ids.ts';
import type { FolderId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, failCode, ok } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

/** A folder under the Inbox holding one message. */
async function folderWithMail(name: string): Promise<FolderId> {
  const made = ok(
    await client.call(
      createFolder,
      { parentFolderId: { distinguished: 'inbox' }, folders: [{ element: 'Folder', displayName: name }] },
      AS_ALICE,
    ),
  );
  const id = made.folderId!;
  ok(
    await client.call(
      createItem,
      {
        items: [{ kind: 'Message', subject: `mail in ${name}` }],
        savedItemFolderId: id,
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
  );
  return { id: id.id };
}

async function childNames(parent: 'inbox' | 'deleteditems'): Promise<string[]> {
  const page = ok(
    await client.call(
      findFolder,
      { parentFolderIds: [{ distinguished: parent }], shape: { baseShape: 'Default' }, traversal: 'Shallow' },
      AS_ALICE,
    ),
  );
  return page.folders.map((f) => f.displayName ?? '');
}

test('DeleteFolder MoveToDeletedItems: the folder, with its items, moves under Deleted Items and keeps its id', async () => {
  const id = await folderWithMail('Moved away');
  ok(await client.call(deleteFolder, { folderIds: [id], deleteType: 'MoveToDeletedItems' }, AS_ALICE));

  assert.ok(!(await childNames('inbox')).includes('Moved away'));
  assert.ok((await childNames('deleteditems')).includes('Moved away'));
  const deleted = ok(
    await client.call(
      getFolder,
      { folderIds: [{ distinguished: 'deleteditems' }], shape: { baseShape: 'IdOnly' } },
      AS_ALICE,
    ),
  );
  const moved = ok(
    await client.call(getFolder, { folderIds: [id], shape: { baseShape: 'AllProperties' } }, AS_ALICE),
  );
  assert.equal(moved.parentFolderId?.id, deleted.folderId?.id, 'its parent is Deleted Items');
  const items = ok(
    await client.call(
      findItem,
      { parentFolderIds: [id], shape: { baseShape: 'IdOnly' }, traversal: 'Shallow' },
      AS_ALICE,
    ),
  );
  assert.equal(items.items.length, 1, 'its message went with it');
});

test('DeleteFolder SoftDelete and HardDelete remove the folder: its id no longer resolves', async () => {
  for (const deleteType of ['SoftDelete', 'HardDelete'] as const) {
    const id = await folderWithMail(`${deleteType} target`);
    ok(await client.call(deleteFolder, { folderIds: [id], deleteType }, AS_ALICE));
    assert.equal(
      failCode(await client.call(getFolder, { folderIds: [id], shape: { baseShape: 'IdOnly' } }, AS_ALICE)),
      'ErrorFolderNotFound',
      deleteType,
    );
    assert.ok(!(await childNames('deleteditems')).includes(`${deleteType} target`), deleteType);
  }
});

async function subjectsIn(folder: DistinguishedFolderName): Promise<string[]> {
  const page = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [{ distinguished: folder }],
        shape: { baseShape: 'AllProperties' },
        traversal: 'Shallow',
      },
      AS_ALICE,
    ),
  );
  return page.items.map((i) => i.subject ?? '');
}

test('DeleteItem SoftDelete keeps the item in Recoverable Items\\Deletions, not in Deleted Items; HardDelete there removes it', async () => {
  const created = ok(
    await client.call(
      createItem,
      {
        items: [{ kind: 'Message', subject: 'soft deleted' }],
        savedItemFolderId: { distinguished: 'inbox' },
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
  );
  ok(await client.call(deleteItem, { itemIds: [created.itemId!], deleteType: 'SoftDelete' }, AS_ALICE));
  assert.ok(!(await subjectsIn('inbox')).includes('soft deleted'));
  assert.ok(!(await subjectsIn('deleteditems')).includes('soft deleted'));
  assert.deepEqual(await subjectsIn('recoverableitemsdeletions'), ['soft deleted']);

  const kept = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [{ distinguished: 'recoverableitemsdeletions' }],
        shape: { baseShape: 'IdOnly' },
        traversal: 'Shallow',
      },
      AS_ALICE,
    ),
  ).items[0]!;
  ok(await client.call(deleteItem, { itemIds: [kept.itemId!], deleteType: 'HardDelete' }, AS_ALICE));
  assert.deepEqual(await subjectsIn('recoverableitemsdeletions'), []);
});
