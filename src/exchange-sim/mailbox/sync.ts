// Sync-state semantics for SyncFolderItems / SyncFolderHierarchy.
//
// A state is a signed (base, cursor) pair of mailbox change-log positions: everything up to `base` has been
// delivered, and of the changes after it those up to `cursor` too (paging inside one pass). While a pass
// pages, an item it already created can change again and move past the cursor; so the state also carries
// the entries created in this pass as compressed ranges (`given`, like the id set Exchange keeps in its
// own sync state), and the later change is then an Update rather than a second Create. Exchange keeps
// its state client-side as well, so replaying an older state simply re-delivers the changes since then.
// The HMAC makes a corrupt, truncated or foreign state (other mailbox, folder, or hierarchy vs items)
// detectable: ErrorInvalidSyncStateData.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Folder, StoredItem, Tombstone } from './model.ts';
import type { Mailbox } from './mailbox.ts';

export type SyncKind = 'items' | 'hierarchy';

export interface SyncPosition {
  readonly base: number;
  readonly cursor: number;
  /** Item entries delivered as Create in this pass, as sorted [first, last] ranges (absent when none). */
  readonly given?: readonly (readonly [number, number])[];
}

/**
 * Bound on the ranges of `given` (8 bytes each). A first sync delivers entries nearly in order, so a few
 * ranges suffice; past the bound the set is dropped and a Create may be repeated (clients upsert).
 */
export const MAX_GIVEN_RANGES = 512;

const MAGIC = 0x5353; // "SS"
const MAC_LEN = 12;

export class SyncStateCodec {
  constructor(private readonly secret: Buffer) {}

  encode(kind: SyncKind, mailbox: number, folder: number, pos: SyncPosition): string {
    const given = pos.given ?? [];
    const head = 20 + 8 * given.length;
    const b = Buffer.alloc(head + MAC_LEN);
    b.writeUInt16BE(MAGIC, 0);
    b.writeUInt8(kind === 'items' ? 1 : 2, 2);
    b.writeUInt8(1, 3);
    b.writeUInt32BE(mailbox, 4);
    b.writeUInt32BE(folder, 8);
    b.writeUInt32BE(pos.base, 12);
    b.writeUInt32BE(pos.cursor, 16);
    given.forEach(([first, last], i) => {
      b.writeUInt32BE(first, 20 + 8 * i);
      b.writeUInt32BE(last, 24 + 8 * i);
    });
    this.mac(b.subarray(0, head)).copy(b, head);
    return b.toString('base64');
  }

  /** The position, or undefined when the state is not one this server issued for that mailbox/folder/kind. */
  decode(state: string, kind: SyncKind, mailbox: number, folder: number): SyncPosition | undefined {
    const trimmed = state.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
    const b = Buffer.from(trimmed, 'base64');
    const head = b.length - MAC_LEN;
    if (head < 20 || (head - 20) % 8 !== 0 || head - 20 > 8 * MAX_GIVEN_RANGES) return undefined;
    if (b.readUInt16BE(0) !== MAGIC) return undefined;
    if (!timingSafeEqual(this.mac(b.subarray(0, head)), b.subarray(head))) return undefined;
    if (b.readUInt8(2) !== (kind === 'items' ? 1 : 2)) return undefined;
    if (b.readUInt32BE(4) !== mailbox || b.readUInt32BE(8) !== folder) return undefined;
    const base = b.readUInt32BE(12);
    const cursor = b.readUInt32BE(16);
    if (cursor < base) return undefined;
    const given: [number, number][] = [];
    for (let o = 20; o < head; o += 8) given.push([b.readUInt32BE(o), b.readUInt32BE(o + 4)]);
    return given.length > 0 ? { base, cursor, given } : { base, cursor };
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(data).digest().subarray(0, MAC_LEN);
  }
}

export type ItemChange =
  | { readonly type: 'Create' | 'Update' | 'ReadFlagChange'; readonly item: StoredItem; readonly seq: number }
  | { readonly type: 'Delete'; readonly tombstone: Tombstone; readonly seq: number };

export interface ItemSyncPage {
  readonly changes: ItemChange[];
  readonly next: SyncPosition;
  readonly includesLast: boolean;
}

/**
 * Changes of `folder` after `from`, oldest first, at most `max`. An item created and changed since `base`
 * is one Create; an item whose only change since `base` is its read state is a ReadFlagChange; deletes and
 * moves out of the folder are Deletes (only for items the client may have seen).
 */
export function itemChanges(
  mailbox: Mailbox,
  folder: Folder,
  from: SyncPosition,
  max: number,
  ignore: ReadonlySet<number>,
): ItemSyncPage {
  const { base, cursor } = from;
  const given = new Set<number>();
  for (const [first, last] of from.given ?? []) for (let e = first; e <= last; e++) given.add(e);
  const all: ItemChange[] = [];
  for (const item of folder.items.values()) {
    const eff = Math.max(item.seqEntered, item.seqContent, item.seqRead);
    if (eff <= cursor || ignore.has(item.uid)) continue;
    // An item this pass already created comes back as an Update of it.
    const created = item.seqEntered > base && !given.has(item.entry);
    const type = created ? 'Create' : item.seqContent > base ? 'Update' : 'ReadFlagChange';
    all.push({ type, item, seq: eff });
  }
  for (const t of folder.tombstones) {
    if (t.seqGone > cursor && t.seqEntered <= cursor && !ignore.has(t.uid)) {
      all.push({ type: 'Delete', tombstone: t, seq: t.seqGone });
    }
  }
  all.sort((a, b) => a.seq - b.seq);
  if (all.length <= max) {
    const now = mailbox.currentSeq;
    return { changes: all, next: { base: now, cursor: now }, includesLast: true };
  }
  const page = all.slice(0, max);
  for (const c of page) if (c.type === 'Create') given.add(c.item.entry);
  const ranges = toRanges(given);
  const next: SyncPosition =
    ranges.length === 0 || ranges.length > MAX_GIVEN_RANGES
      ? { base, cursor: page[page.length - 1]!.seq }
      : { base, cursor: page[page.length - 1]!.seq, given: ranges };
  return { changes: page, next, includesLast: false };
}

function toRanges(entries: ReadonlySet<number>): [number, number][] {
  const sorted = [...entries].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e === last[1] + 1) last[1] = e;
    else out.push([e, e]);
  }
  return out;
}

export type FolderChange =
  | { readonly type: 'Create' | 'Update'; readonly folder: Folder }
  | { readonly type: 'Delete'; readonly entry: number };

/** Folder changes below `root` (exclusive) since `base`; SyncFolderHierarchy has no paging. */
export function hierarchyChanges(
  mailbox: Mailbox,
  root: Folder,
  base: number,
): { changes: FolderChange[]; next: number } {
  const changes: { c: FolderChange; seq: number }[] = [];
  const walk = (f: Folder): void => {
    for (const c of f.children) {
      if (c.seqEntered > base) changes.push({ c: { type: 'Create', folder: c }, seq: c.seqEntered });
      else if (c.seqChanged > base) changes.push({ c: { type: 'Update', folder: c }, seq: c.seqChanged });
      walk(c);
    }
  };
  walk(root);
  for (const t of mailbox.folderTombstones) {
    if (t.seqGone > base && t.seqEntered <= base)
      changes.push({ c: { type: 'Delete', entry: t.entry }, seq: t.seqGone });
  }
  changes.sort((a, b) => a.seq - b.seq);
  return { changes: changes.map((x) => x.c), next: mailbox.currentSeq };
}
