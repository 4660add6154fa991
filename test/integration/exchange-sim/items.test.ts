// Move/copy, folders and hierarchy sync, attachments, paging, ConvertId and ResolveNames through the
// voxsync EwsClient, as Carol with her own Basic credentials (no impersonation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { moveItem } from '../../../src/ews/operations/move-item.ts';
import { copyItem } from '../../../src/ews/operations/copy-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { syncFolderHierarchy } from '../../../src/ews/operations/sync-folder-hierarchy.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { createAttachment } from '../../../src/ews/operations/create-attachment.ts';
import { getAttachment } from '../../../src/ews/operations/get-attachment.ts';
import { convertId } from '../../../src/ews/operations/convert-id.ts';
import { resolveNames } from '../../../src/ews/operations/resolve-names.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, failCode, ok } from './client-helpers.ts';

let sim: ExchangeSim;
let c: EwsClient;
before(async () => {
  sim = await startSim();
  c = clientFor(sim, { auth: { kind: 'basic', user: 'carol@contoso.test', password: 'carol-pw' } });
});
after(async () => {
  await c.close();
  await sim.close();
});

async function create(subject: string): Promise<ItemId> {
  const created = ok(
    await c.call(createItem, {
      items: [{ kind: 'Message', subject }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    }),
  );
  assert.ok(created.itemId?.changeKey);
  return created.itemId;
}

test('MoveItem gives a new ItemId (the old one is gone), CopyItem a second item; hierarchy sync sees a new folder', async () => {
  const id = await create('mover');
  const archive = ok(
    await c.call(createFolder, {
      parentFolderId: { distinguished: 'msgfolderroot' },
      folders: [{ element: 'Folder', displayName: 'Archive' }],
    }),
  );
  assert.equal(archive.element, 'Folder');
  const moved = ok(await c.call(moveItem, { toFolderId: archive.folderId, itemIds: [id] })).newItemId;
  assert.ok(moved);
  assert.notEqual(moved.id, id.id);
  assert.equal(
    failCode(await c.call(getItem, { itemIds: [{ id: id.id }], shape: { baseShape: 'IdOnly' } })),
    'ErrorItemNotFound',
  );
  const movedItem = ok(await c.call(getItem, { itemIds: [moved], shape: { baseShape: 'Default' } }));
  assert.equal(movedItem.subject, 'mover');
  assert.equal(movedItem.parentFolderId?.id, archive.folderId.id, 'the moved item lives in Archive');
  const copied = ok(
    await c.call(copyItem, { toFolderId: { distinguished: 'inbox' }, itemIds: [moved] }),
  ).newItemId;
  assert.ok(copied);
  assert.notEqual(copied.id, moved.id);
  // The original stays where it was: a copy is a second item, not a move.
  ok(await c.call(getItem, { itemIds: [moved], shape: { baseShape: 'IdOnly' } }));
  assert.equal(
    ok(await c.call(getItem, { itemIds: [copied], shape: { baseShape: 'Default' } })).subject,
    'mover',
  );
  // A second folder of the same name under the same parent is refused, as Exchange does.
  assert.equal(
    failCode(
      await c.call(createFolder, {
        parentFolderId: { distinguished: 'msgfolderroot' },
        folders: [{ element: 'Folder', displayName: 'archive' }],
      }),
    ),
    'ErrorFolderExists',
  );
  const h1 = ok(await c.call(syncFolderHierarchy, { shape: { baseShape: 'IdOnly' } }));
  assert.ok(h1.includesLastFolderInRange);
  const voice = ok(
    await c.call(createFolder, {
      parentFolderId: { distinguished: 'inbox' },
      folders: [{ element: 'Folder', displayName: 'Voice' }],
    }),
  );
  const h2 = ok(
    await c.call(syncFolderHierarchy, { shape: { baseShape: 'Default' }, syncState: h1.syncState }),
  );
  const created = h2.changes.filter((ch) => ch.type === 'create');
  assert.deepEqual(
    created.map((ch) => (ch.type === 'create' ? [ch.folder.displayName, ch.folder.folderId?.id] : [])),
    [['Voice', voice.folderId.id]],
  );
  assert.equal(
    failCode(
      await c.call(syncFolderItems, {
        folderId: { distinguished: 'root' },
        shape: { baseShape: 'IdOnly' },
        syncState: h1.syncState,
        maxChangesReturned: 5,
      }),
    ),
    'ErrorInvalidSyncStateData',
    'a hierarchy state is not an item state',
  );
});

test('CreateAttachment / GetAttachment round-trip and change the item ChangeKey', async () => {
  const item = await create('with attachment');
  const content = new Uint8Array([0, 1, 2, 250, 251, 252]);
  const att = ok(
    await c.call(createAttachment, {
      parentItemId: item,
      attachments: [{ kind: 'file', name: 'x.bin', content }],
    }),
  );
  assert.equal(att.rootItemId, item.id);
  assert.ok(att.rootItemChangeKey);
  assert.notEqual(att.rootItemChangeKey, item.changeKey);
  const got = ok(await c.call(getAttachment, { attachmentIds: [att.id] }));
  assert.ok(got.kind === 'file');
  assert.equal(got.name, 'x.bin');
  assert.deepEqual(got.content, content);
  // The item's current ChangeKey is the one CreateAttachment reported.
  const now = ok(await c.call(getItem, { itemIds: [{ id: item.id }], shape: { baseShape: 'IdOnly' } }));
  assert.equal(now.itemId?.changeKey, att.rootItemChangeKey);
});

test('FindItem pages with IndexedPageItemView; ConvertId and ResolveNames answer', async () => {
  for (let i = 0; i < 5; i++) await create(`page ${i}`);
  const page = async (offset: number) =>
    ok(
      await c.call(findItem, {
        parentFolderIds: [{ distinguished: 'inbox' }],
        shape: { baseShape: 'IdOnly' },
        view: { type: 'IndexedPage', offset, maxEntriesReturned: 3, basePoint: 'Beginning' },
      }),
    );
  const p1 = await page(0);
  assert.equal(p1.includesLastItemInRange, false);
  assert.equal(p1.indexedPagingOffset, 3);
  assert.equal(p1.items.length, 3);
  const total = p1.totalItemsInView!;
  assert.ok(total >= 5);
  const rest = await page(p1.indexedPagingOffset!);
  assert.equal(rest.items.length, Math.min(3, total - 3));
  const seen = new Set([...p1.items, ...rest.items].map((i) => i.itemId?.id));
  assert.equal(seen.size, p1.items.length + rest.items.length, 'pages do not overlap');
  const id = await create('convert me');
  const conv = ok(
    await c.call(convertId, {
      sourceIds: [{ format: 'EwsId', id: id.id, mailbox: 'carol@contoso.test' }],
      destinationFormat: 'HexEntryId',
    }),
  );
  assert.equal(conv.format, 'HexEntryId');
  assert.match(conv.id, /^[0-9A-F]+$/);
  const rn = ok(await c.call(resolveNames, { unresolvedEntry: 'bob', returnFullContactData: false }));
  assert.deepEqual(
    rn.resolutions.map((r) => r.mailbox.emailAddress),
    ['bob@contoso.test'],
  );
});
