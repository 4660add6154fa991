// Sync-state semantics for SyncFolderItems / SyncFolderHierarchy.
//
// A state is a signed (base, cursor) pair of mailbox change-log positions: everything up to `base` has been
// delivered, and of the changes after it those up to `cursor` too (paging inside one pass). While a pass
// pages, an item can change again and move past the cursor, and the cursor alone cannot tell whether such
// an item was already created on an earlier page (it was, unless it changed before that page was built). So
// the state also carries an id set, as Exchange's own sync state does: the entries of the pass that are NOT
// delivered yet although they entered the folder at or before the cursor (`pending`). Every other entry
// that entered in (base, cursor] was created on some page, so its later change is an Update, never a second
// Create. The set is usually empty (nothing changed while paging) and at most one entry per item changed
// during the pass; it is stored delta-coded and deflated, with no cap (a cap would let a Create repeat).
// Exchange keeps its state client-side as well, so replaying an older state simply re-delivers the changes
// since then. The HMAC makes a corrupt, truncated or foreign state (other mailbox, folder, or hierarchy vs
// items) detectable: ErrorInvalidSyncStateData; the set is only inflated after the HMAC matched.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Folder, StoredItem, Tombstone } from './model.ts';
import type { Mailbox } from './mailbox.ts';

export type SyncKind = 'items' | 'hierarchy';

export interface SyncPosition {
  readonly base: number;
  readonly cursor: number;
  /** Entries with base < seqEntered <= cursor not delivered in this pass yet, ascending (absent when none). */
  readonly pending?: readonly number[];
  /**
   * States of format 1 carried the opposite set (entries created in the pass, as ranges); still accepted so
   * states kept by clients across an upgrade stay valid. Converted to `pending` against the folder.
   */
  readonly created?: readonly (readonly [number, number])[];
}

const MAGIC = 0x5353; // "SS"
const MAC_LEN = 12;
const HEAD = 20;
/** Upper bound for the inflated set (4 bytes per entry is the worst varint case below 2^28 entries). */
const MAX_SET_BYTES = 64 * 1024 * 1024;

export class SyncStateCodec {
  constructor(private readonly secret: Buffer) {}

  encode(kind: SyncKind, mailbox: number, folder: number, pos: SyncPosition): string {
    const set = pos.pending && pos.pending.length > 0 ? deflateRawSync(deltaVarints(pos.pending)) : undefined;
    const head = HEAD + (set?.length ?? 0);
    const b = Buffer.alloc(head + MAC_LEN);
    b.writeUInt16BE(MAGIC, 0);
    b.writeUInt8(kind === 'items' ? 1 : 2, 2);
    b.writeUInt8(2, 3);
    b.writeUInt32BE(mailbox, 4);
    b.writeUInt32BE(folder, 8);
    b.writeUInt32BE(pos.base, 12);
    b.writeUInt32BE(pos.cursor, 16);
    set?.copy(b, HEAD);
    this.mac(b.subarray(0, head)).copy(b, head);
    return b.toString('base64');
  }

  /** The position, or undefined when the state is not one this server issued for that mailbox/folder/kind. */
  decode(state: string, kind: SyncKind, mailbox: number, folder: number): SyncPosition | undefined {
    const trimmed = state.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
    const b = Buffer.from(trimmed, 'base64');
    const head = b.length - MAC_LEN;
    if (head < HEAD) return undefined;
    if (b.readUInt16BE(0) !== MAGIC) return undefined;
    if (!timingSafeEqual(this.mac(b.subarray(0, head)), b.subarray(head))) return undefined;
    if (b.readUInt8(2) !== (kind === 'items' ? 1 : 2)) return undefined;
    if (b.readUInt32BE(4) !== mailbox || b.readUInt32BE(8) !== folder) return undefined;
    const base = b.readUInt32BE(12);
    const cursor = b.readUInt32BE(16);
    if (cursor < base) return undefined;
    const format = b.readUInt8(3);
    if (format === 1) {
      if ((head - HEAD) % 8 !== 0) return undefined;
      const created: [number, number][] = [];
      for (let o = HEAD; o < head; o += 8) created.push([b.readUInt32BE(o), b.readUInt32BE(o + 4)]);
      return created.length > 0 ? { base, cursor, created } : { base, cursor };
    }
    if (format !== 2) return undefined;
    if (head === HEAD) return { base, cursor };
    let pending: number[] | undefined;
    try {
      pending = fromDeltaVarints(inflateRawSync(b.subarray(HEAD, head), { maxOutputLength: MAX_SET_BYTES }));
    } catch {
      return undefined;
    }
    return pending && pending.length > 0 ? { base, cursor, pending } : undefined;
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(data).digest().subarray(0, MAC_LEN);
  }
}

/** Ascending integers as LEB128 varints of their gaps (first one from 0). */
function deltaVarints(sorted: readonly number[]): Buffer {
  const out = Buffer.alloc(sorted.length * 5);
  let o = 0;
  let prev = 0;
  for (const n of sorted) {
    let gap = n - prev;
    prev = n;
    while (gap >= 0x80) {
      out[o++] = (gap & 0x7f) | 0x80;
      gap = Math.floor(gap / 128);
    }
    out[o++] = gap;
  }
  return out.subarray(0, o);
}

function fromDeltaVarints(b: Buffer): number[] | undefined {
  const out: number[] = [];
  let prev = 0;
  let gap = 0;
  let shift = 0;
  for (const byte of b) {
    gap += (byte & 0x7f) * 2 ** shift;
    if (byte & 0x80) {
      shift += 7;
      if (shift > 28) return undefined;
      continue;
    }
    prev += gap;
    if (prev > 0xffffffff) return undefined;
    out.push(prev);
    gap = 0;
    shift = 0;
  }
  return shift === 0 ? out : undefined;
}

export type ItemChange =
  | { readonly type: 'Create' | 'Update' | 'ReadFlagChange'; readonly item: StoredItem; readonly seq: number }
  | { readonly type: 'Delete'; readonly tombstone: Tombstone; readonly seq: number };

export interface ItemSyncPage {
  readonly changes: ItemChange[];
  readonly next: SyncPosition;
  readonly includesLast: boolean;
}

const effective = (item: StoredItem): number => Math.max(item.seqEntered, item.seqContent, item.seqRead);

/** The undelivered set of a position, converting a format-1 state (the delivered set) against the folder. */
function pendingOf(folder: Folder, from: SyncPosition): Set<number> {
  if (from.pending) return new Set(from.pending);
  if (!from.created) return new Set();
  const created = new Set<number>();
  for (const [first, last] of from.created) for (let e = first; e <= last; e++) created.add(e);
  const pending = new Set<number>();
  const consider = (entry: number, seqEntered: number) => {
    if (seqEntered > from.base && seqEntered <= from.cursor && !created.has(entry)) pending.add(entry);
  };
  for (const item of folder.items.values()) consider(item.entry, item.seqEntered);
  for (const t of folder.tombstones) consider(t.entry, t.seqEntered);
  return pending;
}

/**
 * Changes of `folder` after `from`, oldest first, at most `max`. An item created and changed since `base`
 * is one Create; an item whose only change since `base` is its read state is a ReadFlagChange; deletes and
 * moves out of the folder are Deletes (only for items the client has been given).
 */
export function itemChanges(
  mailbox: Mailbox,
  folder: Folder,
  from: SyncPosition,
  max: number,
  ignore: ReadonlySet<number>,
): ItemSyncPage {
  const { base, cursor } = from;
  const pending = pendingOf(folder, from);
  // Entered after base: new in this pass; delivered already when at or before the cursor and not pending.
  const delivered = (entry: number, seqEntered: number): boolean =>
    seqEntered <= base || (seqEntered <= cursor && !pending.has(entry));
  const all: ItemChange[] = [];
  for (const item of folder.items.values()) {
    const eff = effective(item);
    if (eff <= cursor || ignore.has(item.uid)) continue;
    const type = !delivered(item.entry, item.seqEntered)
      ? 'Create'
      : item.seqContent > base
        ? 'Update'
        : 'ReadFlagChange';
    all.push({ type, item, seq: eff });
  }
  for (const t of folder.tombstones) {
    if (t.seqGone > cursor && delivered(t.entry, t.seqEntered) && !ignore.has(t.uid)) {
      all.push({ type: 'Delete', tombstone: t, seq: t.seqGone });
    }
  }
  all.sort((a, b) => a.seq - b.seq);
  if (all.length <= max) {
    const now = mailbox.currentSeq;
    return { changes: all, next: { base: now, cursor: now }, includesLast: true };
  }
  const page = all.slice(0, max);
  const next = page[page.length - 1]!.seq;
  // The new pending set: entries that entered by the new cursor and are still not delivered. Gone ones stay
  // while their removal lies beyond the cursor, so that removal is not reported as a Delete later.
  const createdNow = new Set<number>();
  for (const c of page) if (c.type === 'Create') createdNow.add(c.item.entry);
  const stillPending = (entry: number, seqEntered: number, last: number): boolean =>
    seqEntered > base &&
    seqEntered <= next &&
    !createdNow.has(entry) &&
    last > next &&
    (pending.has(entry) || seqEntered > cursor);
  const nextPending: number[] = [];
  for (const item of folder.items.values()) {
    if (!ignore.has(item.uid) && stillPending(item.entry, item.seqEntered, effective(item)))
      nextPending.push(item.entry);
  }
  for (const t of folder.tombstones) {
    if (stillPending(t.entry, t.seqEntered, t.seqGone)) nextPending.push(t.entry);
  }
  nextPending.sort((a, b) => a - b);
  return {
    changes: page,
    next: nextPending.length > 0 ? { base, cursor: next, pending: nextPending } : { base, cursor: next },
    includesLast: false,
  };
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
