// A first SyncFolderItems pass that pages while the folder keeps changing, through the voxsync EwsClient:
// the client's replica built from the pages equals the folder (one Create per item, Updates only for items
// it holds, Deletes only for items it was given). The folder's entries are scattered among another
// folder's, the case a capped set of delivered ranges could not describe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_CAROL = { impersonate: 'carol@contoso.test' };

before(async () => {
  sim = await startSim({
    seed: {
      serverVersion: '2016',
      domains: ['contoso.test'],
      users: [{ smtp: 'carol@contoso.test', password: 'carol-pw' }],
      serviceAccounts: [{ userName: 'svc-voxsync', password: 'svc-pw' }],
      impersonationGrants: [{ account: 'svc-voxsync', mailboxes: 'all' }],
    },
  });
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function create(folder: 'inbox' | 'drafts', subjects: string[]): Promise<ItemId[]> {
  const res = await client.call(
    createItem,
    {
      items: subjects.map((subject) => ({ kind: 'Message' as const, subject })),
      savedItemFolderId: { distinguished: folder },
      messageDisposition: 'SaveOnly',
    },
    AS_CAROL,
  );
  return res.map((r) => {
    assert.ok(r.ok && r.value.itemId);
    return r.value.itemId;
  });
}

async function rename(id: ItemId, subject: string): Promise<void> {
  const [r] = await client.call(
    updateItem,
    {
      conflictResolution: 'AlwaysOverwrite',
      messageDisposition: 'SaveOnly',
      changes: [
        {
          itemId: { id: id.id },
          updates: [
            { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject } },
          ],
        },
      ],
    },
    AS_CAROL,
  );
  assert.ok(r?.ok);
}

test('SyncFolderItems: pages under creates, renames and deletes add up to the folder, each item once', async () => {
  const inbox: ItemId[] = [];
  for (let i = 0; i < 30; i++) {
    inbox.push(...(await create('inbox', [`item ${i}`])));
    await create('drafts', [`elsewhere ${i}`]);
  }
  const replica = new Map<string, string | undefined>();
  let state: string | undefined;
  let page = 0;
  let added = 0;
  for (;;) {
    const [r] = await client.call(
      syncFolderItems,
      {
        shape: { baseShape: 'Default' },
        folderId: { distinguished: 'inbox' },
        maxChangesReturned: 4,
        ...(state === undefined ? {} : { syncState: state }),
      },
      AS_CAROL,
    );
    assert.ok(r?.ok, 'the page is answered');
    for (const c of r.value.changes) {
      if (c.type === 'create') {
        const id = c.item.itemId!.id;
        assert.ok(!replica.has(id), `second Create of ${c.item.subject}`);
        replica.set(id, c.item.subject);
      } else if (c.type === 'update') {
        assert.ok(replica.has(c.item.itemId!.id), `Update of ${c.item.subject} never created`);
        replica.set(c.item.itemId!.id, c.item.subject);
      } else if (c.type === 'delete') {
        assert.ok(replica.delete(c.itemId.id), 'Delete of an item never given');
      } else {
        assert.ok(replica.has(c.itemId.id), 'ReadFlagChange of an item never given');
      }
    }
    state = r.value.syncState;
    if (r.value.includesLastItemInRange) break;
    // Between pages: rename one delivered and one undelivered item, delete one, add one.
    const k = page++;
    await rename(inbox[k % inbox.length]!, `v${k}`);
    await rename(inbox[(k * 7 + 13) % inbox.length]!, `w${k}`);
    if (k % 3 === 0) {
      const [victim] = inbox.splice((k * 11 + 5) % inbox.length, 1);
      const [d] = await client.call(deleteItem, { itemIds: [victim!], deleteType: 'HardDelete' }, AS_CAROL);
      assert.ok(d?.ok);
    }
    if (k < 10) inbox.push(...(await create('inbox', [`added ${added++}`])));
  }
  const [found] = await client.call(
    findItem,
    {
      traversal: 'Shallow',
      shape: { baseShape: 'Default' },
      parentFolderIds: [{ distinguished: 'inbox' }],
      view: { type: 'IndexedPage', maxEntriesReturned: 1000, offset: 0, basePoint: 'Beginning' },
    },
    AS_CAROL,
  );
  assert.ok(found?.ok);
  const truth = new Map(found.value.items.map((i) => [i.itemId!.id, i.subject]));
  assert.deepEqual(replica, truth, 'the replica equals the folder, each item in its latest state');
});
