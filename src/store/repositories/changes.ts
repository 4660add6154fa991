import { sql } from 'kysely';
import type { ChangeKind, ChangeRecord } from '../../domain/change.ts';
import type { DialectName } from '../dialect.ts';
import { inTransaction, toCount, type Clock, type Executor } from '../support.ts';

/** One recorded change as read back from the feed. */
export interface StoredChange {
  /** Position in the feed: increasing in commit order, never reused (gaps are possible). */
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly mailboxId: string | null;
  readonly entityId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  /** When it was recorded (ISO 8601 UTC). */
  readonly at: string;
}

/** A consistent look at the feed after a cursor; see `ChangeRepository.page`. */
export interface ChangeSlice {
  readonly changes: readonly StoredChange[];
  /** The newest committed sequence when the read started. */
  readonly head: number;
  /** Highest pruned sequence, read after the changes. */
  readonly prunedThrough: number;
}

/** The channel PostgreSQL notifies on commit of a transaction that appended changes; payload: its last seq. */
export const CHANGE_CHANNEL = 'voxsync_changes';

/**
 * Appenders serialize on this transaction-level advisory lock (two int4 keys: "voxs", 1). It is taken
 * right before the append, the transaction's last write, and held until commit, so a sequence number is
 * only drawn once every earlier one is committed or rolled back: readers see sequences in commit order
 * and a cursor never skips a change that commits late. Taking it last keeps it out of row-lock orders.
 */
const APPEND_LOCK = sql`pg_advisory_xact_lock(1987016819, 1)`;

/** The change table: append inside the changing transaction, read after a cursor, prune by age. */
export class ChangeRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: DialectName,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends changes in the caller's transaction (opening one when the executor is not one) and returns
   * the last sequence given, or null when there was nothing to append. Must be the transaction's last
   * write on PostgreSQL (see APPEND_LOCK); there the commit also notifies CHANGE_CHANNEL.
   */
  async append(records: readonly ChangeRecord[]): Promise<number | null> {
    if (records.length === 0) return null;
    return inTransaction(this.db, async (db) => {
      if (this.dialect === 'postgres') await sql`SELECT ${APPEND_LOCK}`.execute(db);
      const at = this.clock().toISOString();
      const rows = await db
        .insertInto('changes')
        .values(
          records.map((r) => ({
            kind: r.kind,
            mailbox_id: r.mailboxId,
            entity_id: r.entityId,
            data: JSON.stringify(r.data),
            at,
          })),
        )
        .returning('seq')
        .execute();
      const last = Math.max(...rows.map((r) => Number(r.seq)));
      if (this.dialect === 'postgres') {
        await sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${String(last)})`.execute(db);
      }
      return last;
    });
  }

  /** The newest committed sequence (0 when nothing was ever recorded). */
  async head(): Promise<number> {
    const row = await this.db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const seq = toCount(row?.seq);
    return seq > 0 ? seq : this.prunedThrough();
  }

  async prunedThrough(): Promise<number> {
    const row = await this.db
      .selectFrom('change_feed_state')
      .select('pruned_through')
      .where('id', '=', 1)
      .executeTakeFirst();
    return toCount(row?.pruned_through);
  }

  /**
   * Up to `limit` changes after `after`, oldest first, for one mailbox or all. Read in this order so the
   * answer is consistent without a snapshot: the head first (everything up to it is settled, see
   * APPEND_LOCK), then the rows, then how far pruning went; a prune that removed rows this read missed
   * has then raised `prunedThrough` above `after`.
   */
  async page(after: number, opts: { mailboxId?: string | undefined; limit: number }): Promise<ChangeSlice> {
    const head = await this.head();
    let q = this.db
      .selectFrom('changes')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(opts.limit);
    if (opts.mailboxId !== undefined) q = q.where('mailbox_id', '=', opts.mailboxId);
    const rows = await q.execute();
    const prunedThrough = await this.prunedThrough();
    return {
      head,
      prunedThrough,
      changes: rows.map((r) => ({
        seq: Number(r.seq),
        kind: r.kind,
        mailboxId: r.mailbox_id,
        entityId: r.entity_id,
        data: JSON.parse(r.data) as Record<string, unknown>,
        at: r.at,
      })),
    };
  }

  /**
   * Removes changes recorded before `cutoff` (and any older sequence, so what remains is contiguous) and
   * remembers how far it went. Returns the number of changes removed.
   */
  async prune(cutoff: Date): Promise<number> {
    return inTransaction(this.db, async (db) => {
      const row = await db
        .selectFrom('changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('at', '<', cutoff.toISOString())
        .executeTakeFirst();
      const through = toCount(row?.seq);
      if (through === 0) return 0;
      const deleted = await db.deleteFrom('changes').where('seq', '<=', through).executeTakeFirst();
      await db
        .updateTable('change_feed_state')
        .set({ pruned_through: through })
        .where('id', '=', 1)
        .where('pruned_through', '<', through)
        .execute();
      return Number(deleted.numDeletedRows);
    });
  }
}
