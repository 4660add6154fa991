import type { Selectable } from 'kysely';
import type { WebhookDeliveriesTable } from '../schema.ts';
import { inTransaction, newId, toCount, type Clock, type Executor } from '../support.ts';
import type { StoredChange } from './changes.ts';

/** The delivery of one change to one webhook: the head of that webhook's queue while it is pending. */
export interface FeedDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly seq: number;
  readonly eventType: string;
  readonly payload: string;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
}

export interface AttemptOutcome {
  readonly at: Date;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/**
 * Webhook cursors and leases over the change feed. A webhook's changes are delivered by one node at a
 * time (the lease holder), strictly in sequence order: the cursor moves past a change only when its
 * delivery succeeded or was given up, in the same transaction that records that attempt.
 */
export class WebhookFeedRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  /**
   * Gives a webhook its cursor unless it has one: after the last change recorded before the webhook was
   * created, so it receives exactly the changes made since (whenever a dispatcher first looks at it).
   */
  async ensureCursor(webhookId: string, createdAt: string): Promise<void> {
    const existing = await this.db
      .selectFrom('webhook_cursors')
      .select('webhook_id')
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
    if (existing) return;
    const before = await this.db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('at', '<', createdAt)
      .executeTakeFirst();
    await this.db
      .insertInto('webhook_cursors')
      .values({
        webhook_id: webhookId,
        cursor_seq: toCount(before?.seq),
        lease_owner: null,
        lease_until: null,
      })
      .onConflict((oc) => oc.column('webhook_id').doNothing())
      .execute();
  }

  /**
   * Takes or renews the webhook's lease for `owner` until `until`, if it is free, expired or already
   * ours; returns the cursor, or undefined when another node holds the lease.
   */
  async claim(webhookId: string, owner: string, now: Date, until: Date): Promise<number | undefined> {
    const result = await this.db
      .updateTable('webhook_cursors')
      .set({ lease_owner: owner, lease_until: until.toISOString() })
      .where('webhook_id', '=', webhookId)
      .where((eb) =>
        eb.or([
          eb('lease_owner', 'is', null),
          eb('lease_owner', '=', owner),
          eb('lease_until', '<', now.toISOString()),
        ]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    const row = await this.db
      .selectFrom('webhook_cursors')
      .select('cursor_seq')
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.cursor_seq);
  }

  /** Gives up every lease `owner` holds (on shutdown, so another node takes over at once). */
  async release(owner: string): Promise<void> {
    await this.db
      .updateTable('webhook_cursors')
      .set({ lease_owner: null, lease_until: null })
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Moves the cursor forward over changes the webhook does not want, if `owner` still holds the lease. */
  async advance(webhookId: string, owner: string, to: number): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_cursors')
      .set({ cursor_seq: to })
      .where('webhook_id', '=', webhookId)
      .where('lease_owner', '=', owner)
      .where('cursor_seq', '<', to)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The webhook's pending delivery after its cursor (there is at most one: the head of its queue). */
  async pending(webhookId: string, cursor: number): Promise<FeedDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .where('status', '=', 'pending')
      .where('seq', '>', cursor)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }

  /** Queues `change` for the webhook (once: a second call returns the existing delivery). */
  async enqueue(webhookId: string, change: StoredChange, payload: string): Promise<FeedDelivery> {
    const now = this.clock();
    await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: newId(),
        webhook_id: webhookId,
        event_type: change.kind,
        event_id: String(change.seq),
        mailbox_id: change.mailboxId ?? '',
        payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now.toISOString(),
        last_status_code: null,
        last_error: null,
        created_at: now.toISOString(),
        delivered_at: null,
        seq: change.seq,
      })
      .onConflict((oc) => oc.columns(['webhook_id', 'seq']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .where('seq', '=', change.seq)
      .executeTakeFirstOrThrow();
    return toDelivery(row);
  }

  /**
   * Records one HTTP try and moves the delivery on; when it is settled (delivered or given up) the
   * cursor moves past it in the same transaction. Returns false, recording nothing, when `owner` lost
   * the lease meanwhile (another node then owns the webhook and retries this change itself).
   */
  async recordAttempt(
    delivery: FeedDelivery,
    owner: string,
    outcome: AttemptOutcome,
    next: { status: 'pending' | 'delivered' | 'failed'; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    return inTransaction(this.db, async (db) => {
      const lease = await db
        .updateTable('webhook_cursors')
        .set((eb) => ({
          cursor_seq: next.status === 'pending' ? eb.ref('cursor_seq') : delivery.seq,
        }))
        .where('webhook_id', '=', delivery.webhookId)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      if (Number(lease.numUpdatedRows) !== 1) return false;
      const attempt = delivery.attempts + 1;
      await db
        .insertInto('webhook_attempts')
        .values({
          id: newId(),
          delivery_id: delivery.id,
          attempt,
          at: outcome.at.toISOString(),
          status_code: outcome.statusCode,
          error: outcome.error,
          duration_ms: Math.round(outcome.durationMs),
        })
        .execute();
      await db
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          status: next.status,
          next_attempt_at: next.nextAttemptAt?.toISOString() ?? null,
          last_status_code: outcome.statusCode,
          last_error: outcome.error,
          delivered_at: next.status === 'delivered' ? outcome.at.toISOString() : null,
        })
        .where('id', '=', delivery.id)
        .execute();
      return true;
    });
  }
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): FeedDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    seq: Number(row.seq),
    eventType: row.event_type,
    payload: row.payload,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
  };
}
