import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syncFolderItemsPages } from '../../../src/ews/operations/sync-folder-items-pager.ts';
import type {
  SyncFolderItemsInput,
  SyncFolderItemsPage,
} from '../../../src/ews/operations/sync-folder-items.ts';
import { findItemPages, type FindItemInput, type ItemPage } from '../../../src/ews/operations/find-item.ts';
import { EwsProtocolError, EwsRequestError } from '../../../src/ews/errors.ts';

const input: SyncFolderItemsInput = {
  shape: { baseShape: 'IdOnly' },
  folderId: { distinguished: 'inbox' },
  maxChangesReturned: 2,
};

test('SyncFolderItems pager follows SyncState until IncludesLastItemInRange, one page at a time', async () => {
  const sent: (string | undefined)[] = [];
  const pages: SyncFolderItemsPage[] = [
    { syncState: 's1', includesLastItemInRange: false, changes: [{ type: 'delete', itemId: { id: 'a' } }] },
    { syncState: 's2', includesLastItemInRange: false, changes: [{ type: 'delete', itemId: { id: 'b' } }] },
    { syncState: 's3', includesLastItemInRange: true, changes: [] },
  ];
  const send = async (i: SyncFolderItemsInput) => {
    sent.push(i.syncState);
    return pages[sent.length - 1]!;
  };
  const seen: string[] = [];
  for await (const page of syncFolderItemsPages(send, input)) {
    // The next request is only sent after the consumer has handled this page.
    assert.equal(sent.length, seen.length + 1);
    seen.push(page.syncState);
  }
  assert.deepEqual(seen, ['s1', 's2', 's3']);
  assert.deepEqual(sent, [undefined, 's1', 's2']);
});

test('SyncFolderItems pager validates MaxChangesReturned and detects a stuck server', async () => {
  const never = async (): Promise<SyncFolderItemsPage> => ({
    syncState: 'same',
    includesLastItemInRange: false,
    changes: [],
  });
  await assert.rejects(async () => {
    for await (const _ of syncFolderItemsPages(never, { ...input, maxChangesReturned: 513 })) void _;
  }, EwsRequestError);
  await assert.rejects(async () => {
    for await (const _ of syncFolderItemsPages(never, { ...input, syncState: 'same' })) void _;
  }, EwsProtocolError);
});

test('FindItem pager advances by IndexedPagingOffset', async () => {
  const offsets: number[] = [];
  const send = async (i: FindItemInput): Promise<ItemPage> => {
    const offset = i.view?.type === 'IndexedPage' ? i.view.offset : -1;
    offsets.push(offset);
    const last = offset >= 4;
    return {
      items: [
        { kind: 'Message', itemId: { id: `m${offset}` } },
        { kind: 'Message', itemId: { id: `m${offset + 1}` } },
      ],
      indexedPagingOffset: offset + 2,
      includesLastItemInRange: last,
    };
  };
  const ids: string[] = [];
  for await (const page of findItemPages(send, {
    parentFolderIds: [{ distinguished: 'inbox' }],
    shape: { baseShape: 'IdOnly' },
    view: { type: 'IndexedPage', offset: 0, maxEntriesReturned: 2 },
  })) {
    ids.push(...page.items.map((i) => i.itemId!.id));
  }
  assert.deepEqual(offsets, [0, 2, 4]);
  assert.deepEqual(ids, ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
});
