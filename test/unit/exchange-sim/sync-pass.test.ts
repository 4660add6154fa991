// SyncFolderItems pass semantics on the mailbox model: whatever happens to the folder between pages
// (creates, content and read changes, deletes, moves out and in), a client that applies every page ends up
// with exactly the folder's items in their latest state, never gets a second Create for an item, and never
// an Update, ReadFlagChange or Delete for an item it was not given. Each state goes through the codec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Mailbox } from '../../../src/exchange-sim/mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../../../src/exchange-sim/mailbox/model.ts';
import { SyncStateCodec, itemChanges, type SyncPosition } from '../../../src/exchange-sim/mailbox/sync.ts';

const codec = new SyncStateCodec(Buffer.alloc(32, 3));

function newItem(mb: Mailbox, folder: Folder): StoredItem {
  return mb.createItem(folder, {
    kind: 'Message',
    element: 'Message',
    props: new Map(),
    extended: new Map(),
    isRead: false,
    messageFlags: 0,
  });
}

interface Seen {
  seqContent: number;
  isRead: boolean;
}

/** A client replica of one folder, fed page by page; throws on any change that contradicts what it holds. */
class Replica {
  readonly items = new Map<number, Seen>();
  state = '';
  constructor(
    private readonly mb: Mailbox,
    private readonly folder: Folder,
  ) {}

  /** Fetches and applies one page; true when the pass is complete. */
  page(max: number): boolean {
    let from: SyncPosition = { base: 0, cursor: 0 };
    if (this.state !== '') {
      const decoded = codec.decode(this.state, 'items', this.mb.no, this.folder.entry);
      assert.ok(decoded, 'the server accepts its own state');
      from = decoded;
    }
    const p = itemChanges(this.mb, this.folder, from, max, new Set());
    assert.ok(p.changes.length <= max);
    for (const c of p.changes) {
      if (c.type === 'Delete') {
        assert.ok(this.items.delete(c.tombstone.entry), `Delete of entry ${c.tombstone.entry} never given`);
        continue;
      }
      const entry = c.item.entry;
      if (c.type === 'Create') {
        assert.ok(!this.items.has(entry), `second Create of entry ${entry}`);
        this.items.set(entry, { seqContent: c.item.seqContent, isRead: c.item.isRead });
      } else {
        const held = this.items.get(entry);
        assert.ok(held, `${c.type} of entry ${entry} never created`);
        if (c.type === 'Update') held.seqContent = c.item.seqContent;
        held.isRead = c.item.isRead;
      }
    }
    this.state = codec.encode('items', this.mb.no, this.folder.entry, p.next);
    assert.deepEqual(codec.decode(this.state, 'items', this.mb.no, this.folder.entry), p.next);
    return p.includesLast;
  }

  assertMirrors(): void {
    const expected = new Map<number, Seen>();
    for (const item of this.folder.items.values())
      expected.set(item.entry, { seqContent: item.seqContent, isRead: item.isRead });
    assert.deepEqual(this.items, expected);
  }
}

type Step =
  | { op: 'create' | 'createElsewhere' }
  | { op: 'moveIn'; pick: number }
  | { op: 'update' | 'read' | 'delete' | 'moveOut'; pick: number }
  | { op: 'page'; max: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<Step>({ op: 'create' }, { op: 'createElsewhere' }),
  fc.record({ op: fc.constant('moveIn' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constantFrom('update' as const, 'read' as const, 'delete' as const, 'moveOut' as const),
    pick: fc.nat(),
  }),
  fc.record({ op: fc.constant('page' as const), max: fc.integer({ min: 1, max: 6 }) }),
);

function nth(folder: Folder, pick: number): StoredItem | undefined {
  const items = [...folder.items.values()];
  return items.length === 0 ? undefined : items[pick % items.length];
}

test('a paging sync under random interleavings delivers every item exactly once, in its latest state', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 25 }),
      fc.array(stepArb, { maxLength: 80 }),
      fc.integer({ min: 1, max: 6 }),
      (initial, steps, finalMax) => {
        const mb = new Mailbox(1, 'a@x.test', 'A');
        const inbox = mb.distinguished('inbox')!;
        const other = mb.distinguished('drafts')!;
        for (let i = 0; i < initial; i++) newItem(mb, i % 3 === 0 ? other : inbox);
        const replica = new Replica(mb, inbox);
        for (const s of steps) {
          switch (s.op) {
            case 'page':
              replica.page(s.max);
              break;
            case 'create':
              newItem(mb, inbox);
              break;
            case 'createElsewhere':
              newItem(mb, other);
              break;
            case 'moveIn': {
              const item = nth(other, s.pick);
              if (item) mb.moveItem(item, inbox);
              break;
            }
            default: {
              const item = nth(inbox, s.pick);
              if (!item) break;
              if (s.op === 'update') mb.touchItem(item, false);
              else if (s.op === 'read') {
                item.isRead = !item.isRead;
                mb.touchItem(item, true);
              } else if (s.op === 'delete') mb.deleteItem(item);
              else mb.moveItem(item, other);
            }
          }
        }
        // Finish the pass that may be under way, then compare.
        let rounds = 0;
        while (!replica.page(finalMax)) assert.ok(++rounds < 1000, 'the pass ends');
        replica.assertMirrors();
      },
    ),
    { numRuns: 400 },
  );
});

test('an older state replayed re-delivers the changes since then, still without a second Create', () => {
  const mb = new Mailbox(1, 'a@x.test', 'A');
  const inbox = mb.distinguished('inbox')!;
  for (let i = 0; i < 10; i++) newItem(mb, inbox);
  const replica = new Replica(mb, inbox);
  replica.page(3);
  const saved = replica.state;
  const savedItems = new Map([...replica.items].map(([k, v]) => [k, { ...v }]));
  mb.touchItem(nth(inbox, 7)!, false);
  mb.touchItem(nth(inbox, 0)!, false);
  while (!replica.page(3));
  replica.assertMirrors();
  // A client that lost the later pages resumes from the saved state and converges too.
  const again = new Replica(mb, inbox);
  again.state = saved;
  for (const [k, v] of savedItems) again.items.set(k, v);
  while (!again.page(4));
  again.assertMirrors();
});

test('a pass over more scattered items than any range cap: a change after delivery is an Update', () => {
  // Inbox entries alternate with another folder's, so the delivered set has no runs to compress.
  const mb = new Mailbox(1, 'a@x.test', 'A');
  const inbox = mb.distinguished('inbox')!;
  const other = mb.distinguished('drafts')!;
  const first: StoredItem[] = [];
  for (let i = 0; i < 1500; i++) {
    first.push(newItem(mb, inbox));
    newItem(mb, other);
  }
  const replica = new Replica(mb, inbox);
  assert.equal(replica.page(512), false);
  assert.equal(replica.page(512), false);
  // Delivered on the first page, changed after the second: an Update on the last page.
  mb.touchItem(first[0]!, false);
  mb.touchItem(first[700]!, false);
  mb.touchItem(first[1400]!, false);
  while (!replica.page(512));
  replica.assertMirrors();
});

test('a format-1 state (delivered entries as ranges) issued before the upgrade still continues its pass', () => {
  const mb = new Mailbox(1, 'a@x.test', 'A');
  const inbox = mb.distinguished('inbox')!;
  const items: StoredItem[] = [];
  for (let i = 0; i < 6; i++) items.push(newItem(mb, inbox));
  // The client holds the first three (one page of 3 in format 1), then the third one changed.
  const replica = new Replica(mb, inbox);
  for (const it of items.slice(0, 3))
    replica.items.set(it.entry, { seqContent: it.seqContent, isRead: it.isRead });
  const head = Buffer.alloc(28);
  head.writeUInt16BE(0x5353, 0);
  head.writeUInt8(1, 2);
  head.writeUInt8(1, 3);
  head.writeUInt32BE(mb.no, 4);
  head.writeUInt32BE(inbox.entry, 8);
  head.writeUInt32BE(0, 12);
  head.writeUInt32BE(items[2]!.seqEntered, 16);
  head.writeUInt32BE(items[0]!.entry, 20);
  head.writeUInt32BE(items[2]!.entry, 24);
  const mac = createHmac('sha256', Buffer.alloc(32, 3)).update(head).digest().subarray(0, 12);
  replica.state = Buffer.concat([head, mac]).toString('base64');
  mb.touchItem(items[2]!, false);
  while (!replica.page(2));
  replica.assertMirrors();
});
