import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChangeWakeups } from '../store/change-wakeups.ts';
import type { FeedDelivery, WebhookFeedRepository } from '../store/repositories/webhook-feed.ts';
import type { Webhook, WebhooksRepository } from '../store/index.ts';
import { ChangesPrunedError, type ChangeFeed, type StoredChange } from '../services/change-feed.ts';
import { SIGNATURE_HEADER, backoffDelayMs, signWebhookBody } from './webhook-signature.ts';

export interface WebhookRetryPolicy {
  /** Delay after the first failure; doubles per failure. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Total tries before the delivery is given up (marked failed) and the webhook moves on. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY: WebhookRetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 8,
};

export interface WebhookDispatcherDeps {
  readonly feed: ChangeFeed;
  readonly wakeups: ChangeWakeups;
  readonly webhooks: WebhooksRepository;
  readonly cursors: WebhookFeedRepository;
  readonly decryptSecret: (ciphertext: string) => string;
  readonly logger: Logger;
  readonly retry?: WebhookRetryPolicy | undefined;
  readonly timeoutMs?: number;
  /** Passes over every webhook at least this often without a wake-up (lease takeover, safety net). */
  readonly idlePassMs?: number;
  readonly onAttempt?: (outcome: 'delivered' | 'retry' | 'failed') => void;
}

/** Whether a webhook wants a change. */
export function webhookMatches(webhook: Webhook, change: Pick<StoredChange, 'kind' | 'mailboxId'>): boolean {
  if (!webhook.enabled) return false;
  if (webhook.mailboxId !== null && webhook.mailboxId !== change.mailboxId) return false;
  return webhook.eventTypes.length === 0 || webhook.eventTypes.includes(change.kind);
}

/**
 * Delivers the change feed to webhooks as signed HTTP POSTs. Each webhook has a cursor in the database
 * and is worked by one node at a time (a lease), so with several nodes every change still reaches a
 * receiver once and in order. A failing receiver holds its webhook's queue: the same change is retried
 * with exponential backoff until the policy's attempt limit, then given up (marked failed) and the
 * next change follows. Every try is logged with its status code or error.
 */
export class WebhookDispatcher {
  private readonly retry: WebhookRetryPolicy;
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private readonly timeoutMs: number;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Earliest time something is due, noted during a pass. */
  private nextDue = Infinity;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.deps.wakeups.subscribe(() => this.kick());
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.deps.cursors
      .release(this.owner)
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'releasing webhook leases failed'));
  }

  /** Works every webhook now (or right after the current pass). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.nextDue = Date.now() + (this.deps.idlePassMs ?? 30_000);
    this.running = this.pass()
      .catch((err: unknown) => {
        this.deps.logger.error({ err }, 'webhook pass failed');
        this.due(Date.now() + 1_000);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else if (!this.stopped) {
          this.timer = setTimeout(() => this.kick(), Math.max(0, this.nextDue - Date.now()));
          this.timer.unref();
        }
      });
  }

  private due(at: number): void {
    this.nextDue = Math.min(this.nextDue, at);
  }

  private async pass(): Promise<void> {
    const hooks = (await this.deps.webhooks.list()).filter((w) => w.enabled);
    if (hooks.length === 0) return;
    // A webhook's queue is sequential; different webhooks proceed side by side.
    await Promise.all(
      hooks.map((hook) =>
        this.work(hook).catch((err: unknown) => {
          this.deps.logger.error({ err, webhookId: hook.id }, 'webhook delivery failed');
          this.due(Date.now() + 1_000);
        }),
      ),
    );
  }

  /** Delivers one webhook's due changes in order until it is caught up, waiting, or not ours. */
  private async work(hook: Webhook): Promise<void> {
    await this.deps.cursors.ensureCursor(hook.id, hook.createdAt);
    const leaseMs = this.timeoutMs + 30_000;
    while (!this.stopped) {
      const now = new Date();
      const cursor = await this.deps.cursors.claim(
        hook.id,
        this.owner,
        now,
        new Date(now.getTime() + leaseMs),
      );
      if (cursor === undefined) {
        // Another node delivers this webhook; look again when its lease would have expired.
        this.due(now.getTime() + leaseMs);
        return;
      }
      let delivery = await this.deps.cursors.pending(hook.id, cursor);
      if (!delivery) {
        const next = await this.nextWanted(hook, cursor);
        if (next === undefined) return;
        delivery = await this.deps.cursors.enqueue(hook.id, next, payloadOf(next));
      }
      const dueAt = delivery.nextAttemptAt === null ? now.getTime() : Date.parse(delivery.nextAttemptAt);
      if (dueAt > now.getTime()) {
        this.due(dueAt);
        return;
      }
      if (!(await this.attempt(hook, delivery))) return;
    }
  }

  /** The first change after `cursor` the webhook wants, moving the cursor over those it does not. */
  private async nextWanted(hook: Webhook, cursor: number): Promise<StoredChange | undefined> {
    let after = cursor;
    for (;;) {
      let page;
      try {
        page = await this.deps.feed.read(after, { mailboxId: hook.mailboxId ?? undefined });
      } catch (err) {
        if (!(err instanceof ChangesPrunedError)) throw err;
        // The webhook fell further behind than the retention: what was pruned cannot be sent.
        this.deps.logger.warn(
          { webhookId: hook.id, cursor: after, prunedThrough: err.prunedThrough },
          'webhook skipped changes older than the change-feed retention',
        );
        await this.deps.cursors.advance(hook.id, this.owner, err.prunedThrough);
        after = err.prunedThrough;
        continue;
      }
      const wanted = page.changes.find((c) => webhookMatches(hook, c));
      if (wanted) {
        await this.deps.cursors.advance(hook.id, this.owner, wanted.seq - 1);
        return wanted;
      }
      if (page.cursor > after) await this.deps.cursors.advance(hook.id, this.owner, page.cursor);
      if (!page.more) return undefined;
      after = page.cursor;
    }
  }

  /** One HTTP try; returns true when the webhook may go on with its next change now. */
  private async attempt(hook: Webhook, delivery: FeedDelivery): Promise<boolean> {
    const ciphertext = await this.deps.webhooks.secretCiphertext(hook.id);
    if (ciphertext === undefined) return false;
    const at = new Date();
    const body = JSON.stringify({ deliveryId: delivery.id, ...(JSON.parse(delivery.payload) as object) });
    const signature = signWebhookBody(
      this.deps.decryptSecret(ciphertext),
      body,
      Math.floor(at.getTime() / 1000),
    );
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'voxsync-webhooks/1',
          [SIGNATURE_HEADER]: signature,
          'x-voxsync-event': delivery.eventType,
          'x-voxsync-delivery': delivery.id,
          'x-voxsync-sequence': String(delivery.seq),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `receiver answered HTTP ${res.status}`;
    } catch (err) {
      error = describeFetchError(err);
    }
    const durationMs = performance.now() - started;
    const attempts = delivery.attempts + 1;
    let next: { status: 'delivered' | 'pending' | 'failed'; nextAttemptAt: Date | null };
    if (error === null) next = { status: 'delivered', nextAttemptAt: null };
    else if (attempts >= this.retry.maxAttempts) next = { status: 'failed', nextAttemptAt: null };
    else {
      const delay = backoffDelayMs(attempts, this.retry.baseDelayMs, this.retry.maxDelayMs);
      next = { status: 'pending', nextAttemptAt: new Date(Date.now() + delay) };
    }
    const recorded = await this.deps.cursors.recordAttempt(
      delivery,
      this.owner,
      { at, statusCode, error, durationMs },
      next,
    );
    if (!recorded) {
      this.deps.logger.warn(
        { webhookId: hook.id, deliveryId: delivery.id },
        'webhook lease lost during an attempt',
      );
      return false;
    }
    this.deps.onAttempt?.(next.status === 'pending' ? 'retry' : next.status);
    this.deps.logger.info(
      {
        deliveryId: delivery.id,
        webhookId: hook.id,
        seq: delivery.seq,
        attempt: attempts,
        statusCode,
        outcome: next.status,
      },
      'webhook attempt',
    );
    if (next.nextAttemptAt) this.due(next.nextAttemptAt.getTime());
    return next.status !== 'pending';
  }
}

/** The JSON body of a change (the delivery id is added per attempt). */
function payloadOf(change: StoredChange): string {
  return JSON.stringify({
    seq: change.seq,
    type: change.kind,
    mailboxId: change.mailboxId,
    entityId: change.entityId,
    at: change.at,
    data: change.data,
  });
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (err.name === 'TimeoutError') return 'receiver did not answer in time';
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}
