// Folder operations, ResolveNames, ConvertId and pull notifications of the simulator through the voxsync
// EwsClient, which speaks the same shared operation modules the simulator now answers with. The simulator
// validates every response against the EWS schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { findFolder } from '../../../src/ews/operations/find-folder.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { deleteFolder } from '../../../src/ews/operations/delete-folder.ts';
import { syncFolderHierarchy } from '../../../src/ews/operations/sync-folder-hierarchy.ts';
import { resolveNames } from '../../../src/ews/operations/resolve-names.ts';
import { convertId } from '../../../src/ews/operations/convert-id.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getEvents } from '../../../src/ews/operations/get-events.ts';
import { unsubscribe } from '../../../src/ews/operations/unsubscribe.ts';
import { findExtendedProperty, type ExtendedFieldUri } from '../../../src/ews/types/extended-properties.ts';
import type { Folder } from '../../../src/ews/types/folder.ts';
import type { FolderId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { SEED, startSim } from './helpers.ts';
import { clientFor, one as ok } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_CAROL = { impersonate: 'carol@contoso.test' };
const CAROL = { kind: 'basic', user: 'carol@contoso.test', password: 'carol-pw' } as const;
const CONTENT_COUNT: ExtendedFieldUri = { propertyTag: 0x3602, propertyType: 'Integer' };
const UNREAD_COUNT: ExtendedFieldUri = { propertyTag: 0x3603, propertyType: 'Integer' };
const COMMIT_TIME_MAX: ExtendedFieldUri = { propertyTag: 0x670a, propertyType: 'SystemTime' };

before(async () => {
  sim = await startSim({
    seed: {
      ...SEED,
      users: [
        ...SEED.users,
        { smtp: 'cora@contoso.test', password: 'cora-pw', displayName: 'Cora Cole' },
        { smtp: 'cosmo@contoso.test', password: 'cosmo-pw', displayName: 'Cosmo Kramer' },
      ],
    },
  });
  client = clientFor(sim, { auth: CAROL });
});
after(async () => {
  await client.close();
  await sim.close();
});

async function inboxTags(): Promise<Folder> {
  const [r] = await client.call(getFolder, {
    folderIds: [{ distinguished: 'inbox' }],
    shape: {
      baseShape: 'IdOnly',
      additionalProperties: [
        { fieldUri: 'folder:TotalCount' },
        { extended: CONTENT_COUNT },
        { extended: UNREAD_COUNT },
        { extended: COMMIT_TIME_MAX },
      ],
    },
  });
  return ok(r);
}

test('GetFolder returns the computed MAPI counters and ctag DavMail reads, and they follow the content', async () => {
  const before = await inboxTags();
  const count = Number(findExtendedProperty(before.extendedProperties, CONTENT_COUNT)?.value);
  const unread = Number(findExtendedProperty(before.extendedProperties, UNREAD_COUNT)?.value);
  const ctag = findExtendedProperty(before.extendedProperties, COMMIT_TIME_MAX)?.value;
  assert.equal(count, before.totalCount);
  assert.ok(typeof ctag === 'string' && !Number.isNaN(Date.parse(ctag)));

  const [created] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject: 'counted', isRead: false }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_CAROL,
  );
  ok(created);
  const after = await inboxTags();
  assert.equal(Number(findExtendedProperty(after.extendedProperties, CONTENT_COUNT)?.value), count + 1);
  assert.equal(Number(findExtendedProperty(after.extendedProperties, UNREAD_COUNT)?.value), unread + 1);
  assert.notEqual(findExtendedProperty(after.extendedProperties, COMMIT_TIME_MAX)?.value, ctag);
});

test('CreateFolder, FindFolder with paging, SyncFolderHierarchy and DeleteFolder', async () => {
  const [first] = await client.call(syncFolderHierarchy, { shape: { baseShape: 'IdOnly' } });
  const state = ok(first).syncState;

  const [made, dup] = await client.call(createFolder, {
    parentFolderId: { distinguished: 'msgfolderroot' },
    folders: [
      { element: 'TasksFolder', displayName: 'Errands' },
      { element: 'Folder', displayName: 'Inbox' },
    ],
  });
  const tasks = ok(made);
  assert.equal(tasks.element, 'TasksFolder');
  assert.ok(dup && !dup.ok);
  assert.equal(dup.error.responseCode, 'ErrorFolderExists');

  const [page] = await client.call(findFolder, {
    parentFolderIds: [{ distinguished: 'msgfolderroot' }],
    shape: { baseShape: 'Default' },
    traversal: 'Shallow',
    view: { type: 'IndexedPage', offset: 0, maxEntriesReturned: 2 },
  });
  const firstPage = ok(page);
  assert.equal(firstPage.folders.length, 2);
  assert.equal(firstPage.includesLastItemInRange, false);
  assert.equal(firstPage.indexedPagingOffset, 2);
  const [all] = await client.call(findFolder, {
    parentFolderIds: [{ distinguished: 'msgfolderroot' }],
    shape: { baseShape: 'Default' },
    traversal: 'Shallow',
  });
  const errands = ok(all).folders.find((f) => f.displayName === 'Errands');
  assert.equal(errands?.element, 'TasksFolder');
  assert.equal(errands?.unreadCount, 0, 'a tasks folder has an UnreadCount');

  const [changes] = await client.call(syncFolderHierarchy, {
    shape: { baseShape: 'Default' },
    syncState: state,
  });
  const created = ok(changes).changes.filter((c) => c.type === 'create');
  assert.deepEqual(
    created.map((c) => (c.type === 'create' ? c.folder.displayName : '')),
    ['Errands'],
  );
  const nextState = ok(changes).syncState;

  const [deleted, distinguished] = await client.call(deleteFolder, {
    folderIds: [tasks.folderId as FolderId, { distinguished: 'inbox' }],
    deleteType: 'HardDelete',
  });
  ok(deleted);
  assert.ok(distinguished && !distinguished.ok);
  assert.equal(distinguished.error.responseCode, 'ErrorDeleteDistinguishedFolder');
  const [gone] = await client.call(syncFolderHierarchy, {
    shape: { baseShape: 'IdOnly' },
    syncState: nextState,
  });
  assert.deepEqual(
    ok(gone).changes.map((c) => c.type),
    ['delete'],
  );

  const [bad] = await client.call(syncFolderHierarchy, {
    shape: { baseShape: 'IdOnly' },
    syncState: 'bm9wZQ==',
  });
  assert.ok(bad && !bad.ok);
  assert.equal(bad.error.responseCode, 'ErrorInvalidSyncStateData');
});

test('ResolveNames: one match is a result, several are a result with a Warning, none is an error', async () => {
  const [one] = await client.call(resolveNames, { unresolvedEntry: 'bob@', returnFullContactData: false });
  const single = ok(one);
  assert.deepEqual(
    single.resolutions.map((r) => r.mailbox.emailAddress),
    ['bob@contoso.test'],
  );
  assert.equal(one?.ok && one.warning, undefined);
  const [several] = await client.call(resolveNames, { unresolvedEntry: 'co', returnFullContactData: false });
  assert.ok(several?.ok);
  assert.equal(several.warning?.responseCode, 'ErrorNameResolutionMultipleResults');
  assert.deepEqual(several.value.resolutions.map((r) => r.mailbox.emailAddress).sort(), [
    'cora@contoso.test',
    'cosmo@contoso.test',
  ]);
  const [none] = await client.call(resolveNames, {
    unresolvedEntry: 'zz-nobody',
    returnFullContactData: false,
  });
  assert.ok(none && !none.ok);
  assert.equal(none.error.responseCode, 'ErrorNameResolutionNoResults');
});

test('ConvertId: an id converts to HexEntryId and back', async () => {
  const [made] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject: 'convert me' }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_CAROL,
  );
  const id = ok(made).itemId!.id;
  const [hex] = await client.call(convertId, {
    sourceIds: [{ format: 'EwsId', id, mailbox: 'carol@contoso.test' }],
    destinationFormat: 'HexEntryId',
  });
  const h = ok(hex);
  assert.equal(h.format, 'HexEntryId');
  assert.match(h.id, /^[0-9A-F]+$/);
  const [back] = await client.call(convertId, {
    sourceIds: [{ format: 'HexEntryId', id: h.id, mailbox: 'carol@contoso.test' }],
    destinationFormat: 'EwsId',
  });
  assert.equal(ok(back).id, id);
});

test('pull subscription: Subscribe, GetEvents sees a created item, Unsubscribe ends it', async () => {
  const [sub] = await client.call(subscribe, {
    kind: 'pull',
    folderIds: [{ distinguished: 'inbox' }],
    eventTypes: ['CreatedEvent', 'NewMailEvent'],
    timeoutMinutes: 5,
  });
  const { subscriptionId, watermark } = ok(sub);
  assert.ok(watermark);
  const [quiet] = await client.call(getEvents, { subscriptionId, watermark });
  assert.deepEqual(
    ok(quiet).events.map((e) => e.type),
    ['StatusEvent'],
  );
  await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject: 'noticed' }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_CAROL,
  );
  const [events] = await client.call(getEvents, { subscriptionId, watermark });
  const n = ok(events);
  assert.equal(n.subscriptionId, subscriptionId);
  assert.equal(n.previousWatermark, watermark);
  assert.deepEqual(
    n.events.map((e) => e.type),
    ['CreatedEvent'],
  );
  assert.ok(n.events[0]?.itemId?.id);
  const [bye] = await client.call(unsubscribe, { subscriptionId });
  ok(bye);
  const [after] = await client.call(getEvents, { subscriptionId, watermark });
  assert.ok(after && !after.ok);
  assert.equal(after.error.responseCode, 'ErrorSubscriptionNotFound');
});
