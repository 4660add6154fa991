import type { Selectable } from 'kysely';
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from '../schema.ts';
import { inTransaction, newId, type Clock, type Executor } from '../support.ts';

export type DeliveryStatus = WebhookDeliveriesTable['status'];

export interface WebhookAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly mailboxId: string;
  readonly payload: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** The webhook delivery log: one row per (webhook, event), one attempt row per HTTP try. */
export class WebhookDeliveriesRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async enqueue(d: {
    webhookId: string;
    eventType: string;
    eventId: string;
    mailboxId: string;
    payload: string;
  }): Promise<WebhookDelivery> {
    const now = this.clock().toISOString();
    const row: Selectable<WebhookDeliveriesTable> = {
      id: newId(),
      webhook_id: d.webhookId,
      event_type: d.eventType,
      event_id: d.eventId,
      mailbox_id: d.mailboxId,
      payload: d.payload,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_status_code: null,
      last_error: null,
      created_at: now,
      delivered_at: null,
    };
    await this.db.insertInto('webhook_deliveries').values(row).execute();
    return toDelivery(row);
  }

  /** Pending deliveries whose next attempt is due, oldest first. */
  async due(now: Date, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  /**
   * Takes a due delivery for one attempt by moving its due time to `leaseUntil`, only if nobody else
   * did first (same due time still stored). Several dispatchers (nodes) sharing a database, or two
   * passes of one, thus never send the same attempt twice.
   */
  async claim(delivery: WebhookDelivery, leaseUntil: Date): Promise<boolean> {
    if (delivery.nextAttemptAt === null) return false;
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: leaseUntil.toISOString() })
      .where('id', '=', delivery.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', delivery.nextAttemptAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** When the earliest pending delivery is due, or undefined when none is pending. */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select('next_attempt_at')
      .where('status', '=', 'pending')
      .orderBy('next_attempt_at')
      .limit(1)
      .executeTakeFirst();
    return row?.next_attempt_at ?? undefined;
  }

  /** Records one HTTP try and moves the delivery on (delivered, retry at `nextAttemptAt`, or failed). */
  async recordAttempt(
    delivery: WebhookDelivery,
    outcome: { at: Date; statusCode: number | null; error: string | null; durationMs: number },
    next: { status: DeliveryStatus; nextAttemptAt: Date | null },
  ): Promise<void> {
    const attempt = delivery.attempts + 1;
    const attemptRow: Selectable<WebhookAttemptsTable> = {
      id: newId(),
      delivery_id: delivery.id,
      attempt,
      at: outcome.at.toISOString(),
      status_code: outcome.statusCode,
      error: outcome.error,
      duration_ms: Math.round(outcome.durationMs),
    };
    await inTransaction(this.db, async (trx) => {
      await trx.insertInto('webhook_attempts').values(attemptRow).execute();
      await trx
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
    });
  }

  async listForWebhook(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async get(id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }

  async attempts(deliveryId: string): Promise<WebhookAttempt[]> {
    const rows = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .orderBy('attempt')
      .execute();
    return rows.map((r) => ({
      attempt: Number(r.attempt),
      at: r.at,
      statusCode: r.status_code === null ? null : Number(r.status_code),
      error: r.error,
      durationMs: Number(r.duration_ms),
    }));
  }
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventType: row.event_type,
    eventId: row.event_id,
    mailboxId: row.mailbox_id,
    payload: row.payload,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
