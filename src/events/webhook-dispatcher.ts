import type { Logger } from 'pino';
import type { WebhooksRepository, Webhook } from '../store/index.ts';
import type { WebhookDeliveriesRepository, WebhookDelivery } from '../store/index.ts';
import type { EventBus } from './bus.ts';
import type { VoxsyncEvent } from './types.ts';
import { SIGNATURE_HEADER, backoffDelayMs, signWebhookBody } from './webhook-signature.ts';

export interface WebhookRetryPolicy {
  /** Delay after the first failure; doubles per failure. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Total tries before the delivery is marked failed. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY: WebhookRetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 8,
};

export interface WebhookDispatcherDeps {
  readonly bus: EventBus;
  readonly webhooks: WebhooksRepository;
  readonly deliveries: WebhookDeliveriesRepository;
  readonly decryptSecret: (ciphertext: string) => string;
  readonly logger: Logger;
  readonly retry?: WebhookRetryPolicy;
  readonly timeoutMs?: number;
  readonly onAttempt?: (outcome: 'delivered' | 'retry' | 'failed') => void;
}

/** Whether a webhook wants an event. */
export function webhookMatches(webhook: Webhook, event: VoxsyncEvent): boolean {
  if (!webhook.enabled) return false;
  if (webhook.mailboxId !== null && webhook.mailboxId !== event.mailboxId) return false;
  return webhook.eventTypes.length === 0 || webhook.eventTypes.includes(event.type);
}

/**
 * Turns bus events into signed HTTP POSTs. Every delivery is written to the log table first, so a
 * restart resumes pending retries; a failing receiver is retried with exponential backoff until the
 * policy's attempt limit, each try recorded with its status code or error.
 */
export class WebhookDispatcher {
  private readonly retry: WebhookRetryPolicy;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private enqueueing = new Set<Promise<void>>();

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      const p = this.enqueue(event)
        .catch((err: unknown) =>
          this.deps.logger.error({ err, eventType: event.type }, 'webhook enqueue failed'),
        )
        .finally(() => this.enqueueing.delete(p));
      this.enqueueing.add(p);
    });
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.enqueueing]);
    await this.running;
  }

  private async enqueue(event: VoxsyncEvent): Promise<void> {
    const hooks = (await this.deps.webhooks.list()).filter((w) => webhookMatches(w, event));
    for (const hook of hooks) {
      const delivery = await this.deps.deliveries.enqueue({
        webhookId: hook.id,
        eventType: event.type,
        eventId: String(event.id),
        mailboxId: event.mailboxId,
        payload: JSON.stringify({
          type: event.type,
          mailboxId: event.mailboxId,
          at: event.at,
          data: event.data,
        }),
      });
      this.deps.logger.debug({ deliveryId: delivery.id, webhookId: hook.id }, 'webhook delivery queued');
    }
    if (hooks.length > 0) this.kick();
  }

  /** Runs due deliveries now (or right after the current pass). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.pass()
      .catch((err: unknown) => this.deps.logger.error({ err }, 'webhook pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.scheduleNext();
      });
  }

  private async pass(): Promise<void> {
    for (;;) {
      const due = await this.deps.deliveries.due(new Date(), 20);
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((d) => this.attempt(d)));
    }
  }

  private async scheduleNext(): Promise<void> {
    if (this.stopped) return;
    const next = await this.deps.deliveries.nextDueAt().catch(() => undefined);
    if (!next || this.stopped) return;
    const wait = Math.max(0, Date.parse(next) - Date.now());
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    // The lease outlasts the request timeout; a crash mid-attempt retries after it.
    const leaseMs = (this.deps.timeoutMs ?? 10_000) + 5_000;
    if (!(await this.deps.deliveries.claim(delivery, new Date(Date.now() + leaseMs)))) return;
    const hook = await this.deps.webhooks.get(delivery.webhookId);
    const ciphertext = await this.deps.webhooks.secretCiphertext(delivery.webhookId);
    const at = new Date();
    if (!hook || ciphertext === undefined) return;
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
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
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
    await this.deps.deliveries.recordAttempt(delivery, { at, statusCode, error, durationMs }, next);
    this.deps.onAttempt?.(next.status === 'pending' ? 'retry' : next.status);
    this.deps.logger.info(
      { deliveryId: delivery.id, webhookId: hook.id, attempt: attempts, statusCode, outcome: next.status },
      'webhook attempt',
    );
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (err.name === 'TimeoutError') return 'receiver did not answer in time';
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}
