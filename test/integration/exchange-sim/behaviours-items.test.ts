// Item and sync behaviours through the voxsync EwsClient: DeleteItem's three delete types, contacts with
// indexed fields, AppendToItemField / DeleteItemField, the SyncFolderItems Ignore list and
// SyncFolderHierarchy sync-state semantics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { deleteFolder } from '../../../src/ews/operations/delete-folder.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { findExtendedProperty } from '../../../src/ews/types/extended-properties.ts';
import { MSGFLAG_READ, PR_MESSAGE_FLAGS } from '../../../src/ews/voicemail/properties.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { updateItem, type ItemChangeDescription } from '../../../src/ews/operations/update-item.ts';
import { deleteItem, type DeleteType } from '../../../src/ews/operations/delete-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { syncFolderHierarchy } from '../../../src/ews/operations/sync-folder-hierarchy.ts';
import type { Contact } from '../../../src/ews/types/contact.ts';
import type { DistinguishedFolderName, ItemId } from '../../../src/ews/types/ids.ts';
import type { Item } from '../../../src/ews/types/items.ts';
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

async function createIn(folder: DistinguishedFolderName, item: Item): Promise<ItemId> {
  const created = ok(
    await client.call(
      createItem,
      {
        items: [item],
        savedItemFolderId: { distinguished: folder },
        ...(item.kind === 'Message' ? { messageDisposition: 'SaveOnly' as const } : {}),
      },
      AS_ALICE,
    ),
  );
  assert.ok(created.itemId);
  return created.itemId;
}

async function subjectsIn(folder: DistinguishedFolderName): Promise<string[]> {
  const page = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [{ distinguished: folder }],
        shape: { baseShape: 'IdOnly', additionalProperties: [{ fieldUri: 'item:Subject' }] },
      },
      AS_ALICE,
    ),
  );
  return page.items.map((i) => i.subject ?? '');
}

async function update(itemId: ItemId, updates: ItemChangeDescription[]): Promise<ItemId> {
  return ok(
    await client.call(
      updateItem,
      {
        conflictResolution: 'AlwaysOverwrite',
        messageDisposition: 'SaveOnly',
        changes: [{ itemId, updates }],
      },
      AS_ALICE,
    ),
  ).itemId;
}

test("DeleteItem's delete types: HardDelete and SoftDelete remove the item, MoveToDeletedItems moves it with a new id", async () => {
  // D: web-service-reference/deleteitem.md (DeleteType): HardDelete removes permanently, SoftDelete moves
  // to the dumpster (out of every folder view), MoveToDeletedItems moves into Deleted Items.
  const ids: Record<DeleteType, ItemId> = {
    HardDelete: await createIn('inbox', { kind: 'Message', subject: 'del-hard' }),
    SoftDelete: await createIn('inbox', { kind: 'Message', subject: 'del-soft' }),
    MoveToDeletedItems: await createIn('inbox', { kind: 'Message', subject: 'del-move' }),
  };
  for (const [deleteType, id] of Object.entries(ids) as [DeleteType, ItemId][])
    ok(await client.call(deleteItem, { itemIds: [id], deleteType }, AS_ALICE));
  const inbox = await subjectsIn('inbox');
  for (const s of ['del-hard', 'del-soft', 'del-move']) assert.ok(!inbox.includes(s), `${s} left the inbox`);
  const deleted = await subjectsIn('deleteditems');
  assert.ok(deleted.includes('del-move'), 'MoveToDeletedItems lands in Deleted Items');
  assert.ok(
    !deleted.includes('del-hard') && !deleted.includes('del-soft'),
    'hard/soft deletes skip Deleted Items',
  );
  for (const deleteType of ['HardDelete', 'SoftDelete', 'MoveToDeletedItems'] as const) {
    assert.equal(
      failCode(
        await client.call(
          getItem,
          { itemIds: [{ id: ids[deleteType].id }], shape: { baseShape: 'IdOnly' } },
          AS_ALICE,
        ),
      ),
      'ErrorItemNotFound',
      `${deleteType}: the old id no longer resolves`,
    );
  }
  // The moved item has a new id in Deleted Items; deleting it there again removes it for good.
  const moved = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [{ distinguished: 'deleteditems' }],
        shape: { baseShape: 'IdOnly' },
        restriction: { op: 'IsEqualTo', path: { fieldUri: 'item:Subject' }, value: 'del-move' },
      },
      AS_ALICE,
    ),
  ).items[0]?.itemId;
  assert.ok(moved);
  assert.notEqual(moved.id, ids.MoveToDeletedItems.id);
  ok(await client.call(deleteItem, { itemIds: [moved], deleteType: 'MoveToDeletedItems' }, AS_ALICE));
  assert.ok(!(await subjectsIn('deleteditems')).includes('del-move'));
});

test('contacts: indexed fields round-trip, GetItem by IndexedFieldURI, UpdateItem set/delete on one index', async () => {
  const id = await createIn('contacts', {
    kind: 'Contact',
    givenName: 'Dana',
    surname: 'Diaz',
    companyName: 'Contoso',
    emailAddresses: [
      { key: 'EmailAddress1', address: 'dana@contoso.test' },
      { key: 'EmailAddress2', address: 'dana.private@example.test' },
    ],
    phoneNumbers: [
      { key: 'BusinessPhone', number: '+49 30 1234' },
      { key: 'MobilePhone', number: '+49 170 5555' },
    ],
    physicalAddresses: [
      { key: 'Business', street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', countryOrRegion: 'DE' },
    ],
  });
  const full = ok(
    await client.call(
      getItem,
      {
        itemIds: [id],
        shape: {
          baseShape: 'AllProperties',
        },
      },
      AS_ALICE,
    ),
  );
  assert.equal(full.kind, 'Contact');
  const c = full as Contact;
  assert.deepEqual(
    c.emailAddresses?.map((e) => [e.key, e.address]),
    [
      ['EmailAddress1', 'dana@contoso.test'],
      ['EmailAddress2', 'dana.private@example.test'],
    ],
  );
  assert.deepEqual(c.phoneNumbers?.map((p) => [p.key, p.number]).sort(), [
    ['BusinessPhone', '+49 30 1234'],
    ['MobilePhone', '+49 170 5555'],
  ]);
  assert.deepEqual(c.physicalAddresses, [
    { key: 'Business', street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', countryOrRegion: 'DE' },
  ]);
  // IdOnly + one indexed entry returns exactly that entry (D: web-service-reference/indexedfielduri.md:
  // FieldIndex "identifies the member of the dictionary to return").
  const mobileOnly = ok(
    await client.call(
      getItem,
      {
        itemIds: [id],
        shape: {
          baseShape: 'IdOnly',
          additionalProperties: [{ indexedFieldUri: 'contacts:PhoneNumber', fieldIndex: 'MobilePhone' }],
        },
      },
      AS_ALICE,
    ),
  ) as Contact;
  assert.deepEqual(mobileOnly.phoneNumbers, [{ key: 'MobilePhone', number: '+49 170 5555' }]);
  assert.equal(mobileOnly.emailAddresses, undefined);
  assert.equal(mobileOnly.givenName, undefined);
  // Replace one phone number, change one address part, delete one e-mail address.
  const after = await update(id, [
    {
      action: 'set',
      path: { indexedFieldUri: 'contacts:PhoneNumber', fieldIndex: 'MobilePhone' },
      item: { kind: 'Contact', phoneNumbers: [{ key: 'MobilePhone', number: '+49 171 0000' }] },
    },
    {
      action: 'set',
      path: { indexedFieldUri: 'contacts:PhysicalAddress:City', fieldIndex: 'Business' },
      item: { kind: 'Contact', physicalAddresses: [{ key: 'Business', city: 'Potsdam' }] },
    },
    { action: 'delete', path: { indexedFieldUri: 'contacts:EmailAddress', fieldIndex: 'EmailAddress2' } },
  ]);
  assert.notEqual(after.changeKey, id.changeKey);
  const now = ok(
    await client.call(getItem, { itemIds: [after], shape: { baseShape: 'AllProperties' } }, AS_ALICE),
  ) as Contact;
  assert.deepEqual(
    now.emailAddresses?.map((e) => e.key),
    ['EmailAddress1'],
  );
  assert.deepEqual(now.phoneNumbers?.map((p) => [p.key, p.number]).sort(), [
    ['BusinessPhone', '+49 30 1234'],
    ['MobilePhone', '+49 171 0000'],
  ]);
  assert.deepEqual(now.physicalAddresses, [
    { key: 'Business', street: 'Hauptstr. 1', city: 'Potsdam', postalCode: '10115', countryOrRegion: 'DE' },
  ]);
});

test('UpdateItem AppendToItemField extends the body; DeleteItemField removes a property', async () => {
  const id = await createIn('inbox', {
    kind: 'Message',
    subject: 'append me',
    body: { bodyType: 'Text', value: 'first line.' },
    categories: ['Red'],
  });
  const appended = await update(id, [
    {
      action: 'append',
      path: { fieldUri: 'item:Body' },
      item: { kind: 'Message', body: { bodyType: 'Text', value: ' second line.' } },
    },
  ]);
  const withBody = ok(
    await client.call(
      getItem,
      {
        itemIds: [appended],
        shape: { baseShape: 'Default', additionalProperties: [{ fieldUri: 'item:Body' }] },
      },
      AS_ALICE,
    ),
  );
  assert.equal(withBody.body?.value, 'first line. second line.');
  const cleared = await update(appended, [{ action: 'delete', path: { fieldUri: 'item:Categories' } }]);
  const got = ok(
    await client.call(
      getItem,
      {
        itemIds: [cleared],
        shape: {
          baseShape: 'IdOnly',
          additionalProperties: [{ fieldUri: 'item:Categories' }, { fieldUri: 'item:Subject' }],
        },
      },
      AS_ALICE,
    ),
  );
  assert.equal(got.subject, 'append me');
  assert.equal(got.categories, undefined, 'Categories is gone');
});

test('SyncFolderItems Ignore: changes to the listed items are not reported, others are', async () => {
  // D: web-service-reference/ignore.md: "Identifies items to skip during synchronization."
  const shape = { baseShape: 'IdOnly' } as const;
  const folder = ok(
    await client.call(
      createFolder,
      {
        parentFolderId: { distinguished: 'msgfolderroot' },
        folders: [{ element: 'Folder', displayName: 'Ignore test' }],
      },
      AS_ALICE,
    ),
  ).folderId;
  const first = ok(
    await client.call(syncFolderItems, { folderId: folder, shape, maxChangesReturned: 512 }, AS_ALICE),
  );
  assert.equal(first.changes.length, 0);
  const create = async (subject: string) =>
    ok(
      await client.call(
        createItem,
        { items: [{ kind: 'Message', subject }], savedItemFolderId: folder, messageDisposition: 'SaveOnly' },
        AS_ALICE,
      ),
    ).itemId!;
  const ours = await create('written by us');
  const theirs = await create('written by someone else');
  const page = ok(
    await client.call(
      syncFolderItems,
      { folderId: folder, shape, maxChangesReturned: 512, syncState: first.syncState, ignore: [ours] },
      AS_ALICE,
    ),
  );
  assert.deepEqual(
    page.changes.map((c) => (c.type === 'create' ? c.item.itemId?.id : c.type)),
    [theirs.id],
  );
  // An update of the ignored item is not reported either; the next state is still consistent.
  await update(ours, [
    { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject: 'renamed' } },
  ]);
  const next = ok(
    await client.call(
      syncFolderItems,
      { folderId: folder, shape, maxChangesReturned: 512, syncState: page.syncState, ignore: [ours] },
      AS_ALICE,
    ),
  );
  assert.equal(next.changes.length, 0);
  // Without Ignore, the same state reports the update.
  const unfiltered = ok(
    await client.call(
      syncFolderItems,
      { folderId: folder, shape, maxChangesReturned: 512, syncState: page.syncState },
      AS_ALICE,
    ),
  );
  assert.deepEqual(
    unfiltered.changes.map((c) => (c.type === 'update' ? c.item.itemId?.id : c.type)),
    [ours.id],
  );
});

test('SyncFolderHierarchy: replaying an older state re-delivers; corrupt or foreign states are ErrorInvalidSyncStateData', async () => {
  const shape = { baseShape: 'Default' } as const;
  const s0 = ok(await client.call(syncFolderHierarchy, { shape }, AS_ALICE));
  assert.ok(
    s0.changes.some((c) => c.type === 'create' && c.folder.displayName === 'Inbox'),
    'first sync lists all',
  );
  const made = ok(
    await client.call(
      createFolder,
      { parentFolderId: { distinguished: 'inbox' }, folders: [{ element: 'Folder', displayName: 'Hier A' }] },
      AS_ALICE,
    ),
  ).folderId;
  const s1 = ok(await client.call(syncFolderHierarchy, { shape, syncState: s0.syncState }, AS_ALICE));
  const creates = (changes: typeof s1.changes) =>
    changes.flatMap((c) => (c.type === 'create' ? [c.folder.displayName] : []));
  assert.deepEqual(creates(s1.changes), ['Hier A']);
  assert.ok(
    s1.changes.some((c) => c.type === 'create' && c.folder.folderId?.id === made.id),
    'the Create carries the new FolderId',
  );
  // The parent's child count changed, so it may come as an Update; nothing else changed.
  assert.ok(
    s1.changes.every((c) => c.type === 'create' || (c.type === 'update' && c.folder.displayName === 'Inbox')),
  );
  const s2 = ok(await client.call(syncFolderHierarchy, { shape, syncState: s1.syncState }, AS_ALICE));
  assert.equal(s2.changes.length, 0);
  const replay = ok(await client.call(syncFolderHierarchy, { shape, syncState: s0.syncState }, AS_ALICE));
  assert.deepEqual(creates(replay.changes), ['Hier A']);
  assert.equal(replay.changes.length, s1.changes.length, 'the replay re-delivers the same changes');
  const corrupt = s1.syncState.slice(0, -4) + 'AAAA';
  assert.equal(
    failCode(await client.call(syncFolderHierarchy, { shape, syncState: corrupt }, AS_ALICE)),
    'ErrorInvalidSyncStateData',
  );
  // An item sync state is not a hierarchy state.
  const itemState = ok(
    await client.call(
      syncFolderItems,
      { folderId: { distinguished: 'inbox' }, shape: { baseShape: 'IdOnly' }, maxChangesReturned: 1 },
      AS_ALICE,
    ),
  ).syncState;
  assert.equal(
    failCode(await client.call(syncFolderHierarchy, { shape, syncState: itemState }, AS_ALICE)),
    'ErrorInvalidSyncStateData',
  );
  // Another mailbox's state is foreign (EWS-PROTOCOL.md §4: a different root than the state was made for).
  const bobState = ok(
    await client.call(syncFolderHierarchy, { shape }, { impersonate: 'bob@contoso.test' }),
  ).syncState;
  assert.equal(
    failCode(await client.call(syncFolderHierarchy, { shape, syncState: bobState }, AS_ALICE)),
    'ErrorInvalidSyncStateData',
  );
  assert.equal(
    failCode(
      await client.call(
        syncFolderHierarchy,
        { shape, folderId: { distinguished: 'inbox' }, syncState: s1.syncState },
        AS_ALICE,
      ),
    ),
    'ErrorInvalidSyncStateData',
    'a state made for the whole mailbox is not valid for the Inbox subtree',
  );
});

test('every distinguished folder a client asks for exists, with the right folder element', async () => {
  const names: DistinguishedFolderName[] = [
    'msgfolderroot',
    'root',
    'inbox',
    'drafts',
    'sentitems',
    'deleteditems',
    'outbox',
    'junkemail',
    'contacts',
    'calendar',
    'tasks',
    'notes',
    'journal',
    'voicemail',
    'searchfolders',
  ];
  const results = await client.call(
    getFolder,
    { folderIds: names.map((distinguished) => ({ distinguished })), shape: { baseShape: 'Default' } },
    AS_ALICE,
  );
  assert.equal(results.length, names.length, 'one response message per id, in order');
  const folders = results.map((r, i) => {
    assert.ok(r.ok, `${names[i]}: ${r.ok ? '' : r.error.responseCode}`);
    return r.value;
  });
  assert.equal(new Set(folders.map((f) => f.folderId?.id)).size, names.length, 'distinct folders');
  const element = (n: DistinguishedFolderName) => folders[names.indexOf(n)]!.element;
  assert.equal(element('calendar'), 'CalendarFolder');
  assert.equal(element('contacts'), 'ContactsFolder');
  assert.equal(element('tasks'), 'TasksFolder');
  assert.equal(element('inbox'), 'Folder');
  assert.equal(folders[names.indexOf('inbox')]!.displayName, 'Inbox');
});

test('IsRead and PR_MESSAGE_FLAGS stay consistent whichever one is written', async () => {
  const flagsOf = async (id: ItemId) => {
    const item = ok(
      await client.call(
        getItem,
        {
          itemIds: [{ id: id.id }],
          shape: {
            baseShape: 'IdOnly',
            additionalProperties: [{ fieldUri: 'message:IsRead' }, { extended: PR_MESSAGE_FLAGS }],
          },
        },
        AS_ALICE,
      ),
    );
    assert.equal(item.kind, 'Message');
    const flags = Number(findExtendedProperty(item.extendedProperties, PR_MESSAGE_FLAGS)?.value);
    return {
      isRead: item.kind === 'Message' ? item.isRead : undefined,
      readBit: (flags & MSGFLAG_READ) === MSGFLAG_READ,
    };
  };
  const id = await createIn('inbox', {
    kind: 'Message',
    subject: 'flags',
    extendedProperties: [{ uri: PR_MESSAGE_FLAGS, value: '0' }],
  });
  assert.deepEqual(await flagsOf(id), { isRead: false, readBit: false });
  await update(id, [
    { action: 'set', path: { fieldUri: 'message:IsRead' }, item: { kind: 'Message', isRead: true } },
  ]);
  assert.deepEqual(await flagsOf(id), { isRead: true, readBit: true });
  await update({ id: id.id }, [
    {
      action: 'set',
      path: { extended: PR_MESSAGE_FLAGS },
      item: { kind: 'Message', extendedProperties: [{ uri: PR_MESSAGE_FLAGS, value: '0' }] },
    },
  ]);
  assert.deepEqual(await flagsOf(id), { isRead: false, readBit: false });
});

test('DeleteFolder: a hierarchy Delete, ErrorSyncFolderNotFound for its item sync, distinguished folders refused', async () => {
  const shape = { baseShape: 'IdOnly' } as const;
  const folder = ok(
    await client.call(
      createFolder,
      {
        parentFolderId: { distinguished: 'msgfolderroot' },
        folders: [{ element: 'Folder', displayName: 'Short-lived' }],
      },
      AS_ALICE,
    ),
  ).folderId;
  const items = ok(
    await client.call(syncFolderItems, { folderId: folder, shape, maxChangesReturned: 10 }, AS_ALICE),
  );
  const hierarchy = ok(await client.call(syncFolderHierarchy, { shape }, AS_ALICE));
  ok(await client.call(deleteFolder, { folderIds: [folder], deleteType: 'HardDelete' }, AS_ALICE));
  const after = ok(
    await client.call(syncFolderHierarchy, { shape, syncState: hierarchy.syncState }, AS_ALICE),
  );
  assert.ok(
    after.changes.some((c) => c.type === 'delete' && c.folderId.id === folder.id),
    `changes: ${JSON.stringify(after.changes)}`,
  );
  // D: web-service-reference/responsecode.md: ErrorSyncFolderNotFound, the folder being synchronized is gone.
  assert.equal(
    failCode(
      await client.call(
        syncFolderItems,
        { folderId: folder, shape, maxChangesReturned: 10, syncState: items.syncState },
        AS_ALICE,
      ),
    ),
    'ErrorSyncFolderNotFound',
  );
  assert.equal(
    failCode(
      await client.call(
        deleteFolder,
        { folderIds: [{ distinguished: 'inbox' }], deleteType: 'HardDelete' },
        AS_ALICE,
      ),
    ),
    'ErrorDeleteDistinguishedFolder',
  );
  assert.equal(
    failCode(await client.call(deleteFolder, { folderIds: [folder], deleteType: 'HardDelete' }, AS_ALICE)),
    'ErrorFolderNotFound',
  );
});

test('extended properties: a value that does not fit its type is refused; only the exact URI is returned', async () => {
  const duration = { propertyTag: 0x6801, propertyType: 'Integer' } as const;
  const bad = await client.call(
    createItem,
    {
      items: [
        { kind: 'Message', subject: 'bad int', extendedProperties: [{ uri: duration, value: 'twelve' }] },
      ],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  // EWS-PROTOCOL.md §9 (D: web-service-reference/responsecode.md, ErrorInvalidExtendedPropertyValue).
  assert.equal(failCode(bad), 'ErrorInvalidExtendedPropertyValue');
  const id = await createIn('inbox', {
    kind: 'Message',
    subject: 'good int',
    extendedProperties: [{ uri: duration, value: '12' }],
  });
  const ask = async (uri: { propertyTag: number; propertyType: 'Integer' | 'String' }) =>
    ok(
      await client.call(
        getItem,
        { itemIds: [id], shape: { baseShape: 'IdOnly', additionalProperties: [{ extended: uri }] } },
        AS_ALICE,
      ),
    ).extendedProperties;
  assert.deepEqual(
    (await ask(duration))?.map((p) => p.value),
    ['12'],
  );
  // §9: "the request URI must match exactly (same GUID case-insensitive, same name, same type)".
  assert.equal(await ask({ propertyTag: 0x6801, propertyType: 'String' }), undefined);
  // Not asked for, not returned.
  const plain = ok(
    await client.call(getItem, { itemIds: [id], shape: { baseShape: 'AllProperties' } }, AS_ALICE),
  );
  assert.equal(findExtendedProperty(plain.extendedProperties, duration), undefined);
});

test('a batch answers one message per id in input order; one failing id does not fail the others', async () => {
  // EWS-PROTOCOL.md §0 (D: web-service-reference/responsecode.md): per-item errors, HTTP 200.
  const a = await createIn('inbox', { kind: 'Message', subject: 'batch a' });
  const b = await createIn('inbox', { kind: 'Message', subject: 'batch b' });
  ok(await client.call(deleteItem, { itemIds: [b], deleteType: 'HardDelete' }, AS_ALICE));
  const c = await createIn('inbox', { kind: 'Message', subject: 'batch c' });
  const results = await client.call(
    getItem,
    { itemIds: [a, { id: b.id }, c], shape: { baseShape: 'Default' } },
    AS_ALICE,
  );
  assert.deepEqual(
    results.map((r) => (r.ok ? r.value.subject : r.error.responseCode)),
    ['batch a', 'ErrorItemNotFound', 'batch c'],
  );
});

test('UpdateItem AutoResolve with a stale ChangeKey merges a change to another property', async () => {
  // EWS-PROTOCOL.md §6 (D: web-service-reference/updateitem.md, ConflictResolution AutoResolve).
  const first = await createIn('inbox', { kind: 'Message', subject: 'merge me', importance: 'Normal' });
  const renamed = await update(first, [
    {
      action: 'set',
      path: { fieldUri: 'item:Subject' },
      item: { kind: 'Message', subject: 'renamed elsewhere' },
    },
  ]);
  assert.notEqual(renamed.changeKey, first.changeKey);
  const merged = ok(
    await client.call(
      updateItem,
      {
        conflictResolution: 'AutoResolve',
        messageDisposition: 'SaveOnly',
        changes: [
          {
            itemId: first, // stale
            updates: [
              {
                action: 'set',
                path: { fieldUri: 'item:Importance' },
                item: { kind: 'Message', importance: 'High' },
              },
            ],
          },
        ],
      },
      AS_ALICE,
    ),
  );
  const now = ok(
    await client.call(getItem, { itemIds: [merged.itemId], shape: { baseShape: 'Default' } }, AS_ALICE),
  );
  assert.equal(now.subject, 'renamed elsewhere', 'the other change is kept');
  assert.equal(now.importance, 'High', 'and this one applied');
});
