import { sql } from 'kysely';
import { mwiFromCounts, sameMwi, type MwiState } from '../../domain/index.ts';
import { fromBool, inTransaction, lockRow, toBool, toCount, type Clock, type Executor } from '../support.ts';

export interface MwiChange {
  readonly state: MwiState;
  /** False when the recomputation found the same lamp and counts as before (no event needed). */
  readonly changed: boolean;
}

/**
 * Message-waiting state per mailbox, recomputed from the messages themselves (never incremented or
 * decremented, so it cannot drift or go negative) and stored so the last known state survives while
 * a mail server is unreachable.
 */
export class MwiRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  /** The stored state, or the computed one when nothing was stored yet. */
  async get(mailboxId: string): Promise<MwiState> {
    const row = await this.db
      .selectFrom('mwi_state')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .executeTakeFirst();
    if (row) {
      return {
        mailboxId,
        on: toBool(row.lamp_on),
        newCount: row.new_count,
        oldCount: row.old_count,
        urgentCount: row.urgent_count,
        updatedAt: row.updated_at,
      };
    }
    return mwiFromCounts(mailboxId, await this.count(mailboxId), this.clock().toISOString());
  }

  /** Recounts one mailbox and stores the result; call inside the transaction that changed messages. */
  async recompute(mailboxId: string): Promise<MwiChange> {
    return inTransaction(this.db, (tx) => new MwiRepository(tx, this.clock).recomputeLocked(mailboxId));
  }

  private async recomputeLocked(mailboxId: string): Promise<MwiChange> {
    // Two transactions changing the same mailbox's messages must not count concurrently: under
    // READ COMMITTED each would miss the other's uncommitted message and the last upsert would store
    // a short count. With the mailbox row locked, the second counts after the first commits.
    await lockRow(this.db, 'mailboxes', mailboxId);
    const counts = await this.count(mailboxId);
    const previous = await this.db
      .selectFrom('mwi_state')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .executeTakeFirst();
    const now = this.clock().toISOString();
    const state = mwiFromCounts(mailboxId, counts, now);
    const changed =
      previous === undefined ||
      !sameMwi(state, {
        on: toBool(previous.lamp_on),
        newCount: previous.new_count,
        oldCount: previous.old_count,
        urgentCount: previous.urgent_count,
      });
    if (!changed) return { state: { ...state, updatedAt: previous.updated_at }, changed };
    const values = {
      lamp_on: fromBool(state.on),
      new_count: state.newCount,
      old_count: state.oldCount,
      urgent_count: state.urgentCount,
      updated_at: now,
    };
    await this.db
      .insertInto('mwi_state')
      .values({ mailbox_id: mailboxId, ...values })
      .onConflict((oc) => oc.column('mailbox_id').doUpdateSet(values))
      .execute();
    return { state, changed };
  }

  /**
   * Recomputes every mailbox in one statement (after a restore or an import): a grouped count joined
   * to the mailboxes, upserted into mwi_state. Returns the number of mailboxes.
   */
  async recomputeAll(): Promise<number> {
    const now = this.clock().toISOString();
    // `WHERE true` resolves SQLite's parsing ambiguity of INSERT ... SELECT ... ON CONFLICT.
    const result = await sql`
      INSERT INTO mwi_state (mailbox_id, lamp_on, new_count, old_count, urgent_count, updated_at)
      SELECT mb.id,
             CASE WHEN COALESCE(c.new_count, 0) > 0 THEN 1 ELSE 0 END,
             COALESCE(c.new_count, 0), COALESCE(c.old_count, 0), COALESCE(c.urgent_count, 0), ${now}
      FROM mailboxes mb
      LEFT JOIN (
        SELECT mailbox_id,
               SUM(CASE WHEN "read" = 0 THEN 1 ELSE 0 END) AS new_count,
               SUM(CASE WHEN "read" = 1 THEN 1 ELSE 0 END) AS old_count,
               SUM(CASE WHEN "read" = 0 AND urgent = 1 THEN 1 ELSE 0 END) AS urgent_count
        FROM messages WHERE deleted_at IS NULL GROUP BY mailbox_id
      ) c ON c.mailbox_id = mb.id
      WHERE true
      ON CONFLICT (mailbox_id) DO UPDATE SET
        lamp_on = excluded.lamp_on, new_count = excluded.new_count, old_count = excluded.old_count,
        urgent_count = excluded.urgent_count, updated_at = excluded.updated_at
    `.execute(this.db);
    return Number(result.numAffectedRows ?? 0n);
  }

  private async count(mailboxId: string) {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => [
        eb.fn
          .sum<string | number | null>(eb.case().when('read', '=', 0).then(1).else(0).end())
          .as('new_count'),
        eb.fn
          .sum<string | number | null>(eb.case().when('read', '=', 1).then(1).else(0).end())
          .as('old_count'),
        eb.fn
          .sum<string | number | null>(
            eb
              .case()
              .when(eb.and([eb('read', '=', 0), eb('urgent', '=', 1)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('urgent_count'),
      ])
      .where('mailbox_id', '=', mailboxId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return {
      newCount: toCount(row.new_count),
      oldCount: toCount(row.old_count),
      urgentCount: toCount(row.urgent_count),
    };
  }
}
