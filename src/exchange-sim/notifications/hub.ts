// Streaming, pull and push subscriptions: mailbox events are fanned out to matching subscriptions, each
// event numbered with a watermark. Streaming subscriptions queue events until a GetStreamingEvents
// connection takes them; pull subscriptions keep a log that GetEvents reads from a watermark; push
// subscriptions queue events until their PushChannel (push-sender.ts) has delivered them to the URL.
import { randomBytes } from 'node:crypto';
import type { Account } from '../directory.ts';
import type { Mailbox, MailboxEvent } from '../mailbox/mailbox.ts';
import { decodeId } from '../mailbox/ids.ts';

export type EventType =
  | 'NewMailEvent'
  | 'CreatedEvent'
  | 'DeletedEvent'
  | 'ModifiedEvent'
  | 'MovedEvent'
  | 'CopiedEvent'
  | 'FreeBusyChangedEvent';

export interface NumberedEvent {
  readonly watermark: number;
  readonly event: MailboxEvent;
}

export interface Subscription {
  readonly id: string;
  readonly kind: 'streaming' | 'pull' | 'push';
  readonly owner: Account;
  readonly mailbox: Mailbox;
  /** Folder entries, or undefined for SubscribeToAllFolders. */
  readonly folders: ReadonlySet<number> | undefined;
  readonly eventTypes: ReadonlySet<EventType>;
  /** Pull: idle minutes before expiry (1..1440). Streaming: expiry after this many minutes without a connection. */
  readonly timeoutMinutes: number;
  lastUsed: number;
  nextWatermark: number;
  /** Pull: events not yet acknowledged by a later GetEvents watermark. Streaming: undelivered events. */
  pending: NumberedEvent[];
  /** Called on every new event: the GetStreamingEvents connection serving it, or the push channel. */
  listener: (() => void) | undefined;
  /** Push: stops the channel's timers and requests when the subscription ends. */
  stop?: (() => void) | undefined;
  expired: boolean;
}

/** EWS event element of each mailbox change. */
export const EVENT_NAME: Record<MailboxEvent['type'], EventType> = {
  NewMail: 'NewMailEvent',
  Created: 'CreatedEvent',
  Deleted: 'DeletedEvent',
  Modified: 'ModifiedEvent',
  Moved: 'MovedEvent',
  Copied: 'CopiedEvent',
};

/** Streaming subscriptions without a connection expire after this long (EWS-PROTOCOL.md section 5: ~30 min). */
export const STREAMING_IDLE_MINUTES = 30;

/** How push notifications are sent (set by the server; tests shorten the minute). */
export interface PushSettings {
  /** Length of one StatusFrequency minute in ms. Default 60 000. */
  minuteMs: number;
  /** Sees every SendNotification envelope before it is sent (response validation in tests). */
  onSend?: ((xml: string) => void) | undefined;
}

export class NotificationHub {
  private readonly subs = new Map<string, Subscription>();
  private readonly attached = new WeakSet<Mailbox>();
  push: PushSettings = { minuteMs: 60_000 };

  subscribe(
    init: Omit<Subscription, 'id' | 'lastUsed' | 'nextWatermark' | 'pending' | 'listener' | 'expired'>,
    startWatermark?: number,
    /** The subscription `startWatermark` belongs to: its events after that watermark are re-delivered. */
    resumeFrom?: Subscription,
  ): Subscription {
    const sub: Subscription = {
      ...init,
      id: randomBytes(24).toString('base64'),
      lastUsed: Date.now(),
      nextWatermark: (startWatermark ?? 0) + 1,
      pending: [],
      listener: undefined,
      expired: false,
    };
    // Resuming from a watermark delivers what happened since it (D: web-service-reference/watermark.md).
    for (const n of resumeFrom?.pending ?? []) {
      if (n.watermark <= (startWatermark ?? 0) || !this.matches(sub, n.event)) continue;
      sub.pending.push(n);
      sub.nextWatermark = Math.max(sub.nextWatermark, n.watermark + 1);
    }
    this.subs.set(sub.id, sub);
    if (!this.attached.has(init.mailbox)) {
      this.attached.add(init.mailbox);
      init.mailbox.listeners.add((e) => this.dispatch(init.mailbox, e));
    }
    return sub;
  }

  get(id: string): Subscription | undefined {
    const s = this.subs.get(id);
    if (s && !s.expired && this.isIdleExpired(s)) s.expired = true;
    return s;
  }

  private isIdleExpired(s: Subscription): boolean {
    // Push subscriptions live until the receiver unsubscribes or stops answering (push-sender.ts).
    if (s.kind === 'push') return false;
    if (s.kind === 'streaming' && s.listener) return false;
    return Date.now() - s.lastUsed > s.timeoutMinutes * 60_000;
  }

  remove(id: string): boolean {
    const s = this.subs.get(id);
    if (!s) return false;
    s.expired = true;
    s.listener?.();
    s.stop?.();
    return this.subs.delete(id);
  }

  /** Ends every push channel (server shutdown or reset): no timers or requests outlive the server. */
  close(): void {
    for (const s of this.subs.values()) s.stop?.();
  }

  /** Marks a subscription expired (control API fault): the next use reports ErrorExpiredSubscription. */
  expire(id: string): void {
    const s = this.subs.get(id);
    if (s) {
      s.expired = true;
      s.listener?.();
      s.stop?.();
    }
  }

  countFor(mailbox: Mailbox): number {
    let n = 0;
    for (const s of this.subs.values()) if (s.mailbox === mailbox && !s.expired) n++;
    return n;
  }

  all(): Subscription[] {
    return [...this.subs.values()];
  }

  private dispatch(mailbox: Mailbox, e: MailboxEvent): void {
    for (const s of this.subs.values()) {
      if (s.mailbox !== mailbox || s.expired || !this.matches(s, e)) continue;
      s.pending.push({ watermark: s.nextWatermark++, event: e });
      s.listener?.();
    }
  }

  private matches(s: Subscription, e: MailboxEvent): boolean {
    if (!s.eventTypes.has(EVENT_NAME[e.type])) return false;
    if (!s.folders) return true;
    // Events of what a subscribed folder holds, and the ModifiedEvent of the folder itself (its counts).
    const ids = [e.parentFolderId.id, e.oldParentFolderId?.id];
    if (e.type === 'Modified' && e.folderId) ids.push(e.folderId.id);
    const entries = ids.map((id) => (id ? decodeId(id)?.entry : undefined));
    return entries.some((p) => p !== undefined && s.folders!.has(p));
  }
}

export function watermarkText(subId: string, n: number): string {
  return Buffer.from(`${subId.slice(0, 8)}:${n}`).toString('base64');
}

export function parseWatermark(subId: string, text: string): number | undefined {
  const s = Buffer.from(text.trim(), 'base64').toString('utf8');
  const [prefix, n] = s.split(':');
  if (prefix !== subId.slice(0, 8) || !n || !/^\d+$/.test(n)) return undefined;
  return Number(n);
}
