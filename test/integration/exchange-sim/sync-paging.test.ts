// SyncFolderItems paging while the folder changes: an item created, delivered on an early page and then
// modified before the pass ends must be one Create plus one Update, never two Creates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { syncFolderItems, type SyncFolderItemsInput } from '../../../src/ews/operations/sync-folder-items.ts';
import { syncFolderItemsPages } from '../../../src/ews/operations/sync-folder-items-pager.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor } from './client-helpers.ts';

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

async function create(subject: string): Promise<ItemId> {
  const [r] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  assert.ok(r?.ok && r.value.itemId);
  return r.value.itemId;
}

async function rename(id: ItemId, subject: string): Promise<void> {
  const [r] = await client.call(
    updateItem,
    {
      conflictResolution: 'AlwaysOverwrite',
      messageDisposition: 'SaveOnly',
      changes: [
        {
          itemId: id,
          updates: [
            { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject } },
          ],
        },
      ],
    },
    AS_ALICE,
  );
  assert.ok(r?.ok);
}

const send = async (input: SyncFolderItemsInput) => {
  const [r] = await client.call(syncFolderItems, input, AS_ALICE);
  assert.ok(r?.ok);
  return r.value;
};

test('SyncFolderItems: an item modified while a first sync pages is one Create and then one Update', async () => {
  const ids: ItemId[] = [];
  for (let i = 0; i < 5; i++) ids.push(await create(`paged ${i}`));
  const seen: { type: string; id: string; subject: string | undefined }[] = [];
  let state = '';
  let page = 0;
  for await (const p of syncFolderItemsPages(send, {
    shape: { baseShape: 'Default' },
    folderId: { distinguished: 'inbox' },
    maxChangesReturned: 2,
  })) {
    for (const c of p.changes) {
      if (c.type === 'create' || c.type === 'update')
        seen.push({ type: c.type, id: c.item.itemId!.id, subject: c.item.subject });
      else seen.push({ type: c.type, id: c.itemId.id, subject: undefined });
    }
    state = p.syncState;
    // Modify an item the first page already delivered, and one not delivered yet.
    if (page++ === 0) {
      await rename(ids[0]!, 'paged 0 renamed');
      await rename(ids[3]!, 'paged 3 renamed');
    }
  }
  const creates = seen.filter((s) => s.type === 'create').map((s) => s.id);
  assert.equal(new Set(creates).size, creates.length, `no item is created twice: ${JSON.stringify(seen)}`);
  assert.deepEqual(new Set(creates), new Set(ids.map((i) => i.id)), 'every item is created once');
  const updates = seen.filter((s) => s.type === 'update');
  assert.deepEqual(
    updates.map((u) => [u.id, u.subject]),
    [[ids[0]!.id, 'paged 0 renamed']],
    'the change after the page that created it is an Update',
  );
  const created3 = seen.find((s) => s.type === 'create' && s.id === ids[3]!.id);
  assert.equal(created3?.subject, 'paged 3 renamed', 'an item not yet delivered is created in its new state');
  // The next sync from the final state has nothing new; a later change is an Update.
  const [quiet] = await client.call(
    syncFolderItems,
    {
      shape: { baseShape: 'IdOnly' },
      folderId: { distinguished: 'inbox' },
      syncState: state,
      maxChangesReturned: 10,
    },
    AS_ALICE,
  );
  assert.ok(quiet?.ok);
  assert.deepEqual(quiet.value.changes, []);
  await rename(ids[1]!, 'paged 1 renamed');
  const [later] = await client.call(
    syncFolderItems,
    {
      shape: { baseShape: 'IdOnly' },
      folderId: { distinguished: 'inbox' },
      syncState: state,
      maxChangesReturned: 10,
    },
    AS_ALICE,
  );
  assert.ok(later?.ok);
  assert.deepEqual(
    later.value.changes.map((c) => c.type),
    ['update'],
  );
});
