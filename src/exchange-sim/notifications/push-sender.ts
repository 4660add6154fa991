// Sends a push subscription's notifications to its URL, as Exchange does (D: statusfrequency.md):
// - events are POSTed as a SOAP SendNotification as they happen (at most 50 per request, MoreEvents when
//   more wait); with nothing to send, a StatusEvent goes out every StatusFrequency minutes as a heartbeat;
// - the receiver answers SendNotificationResult: OK keeps the subscription, Unsubscribe ends it;
// - no answer (connection refused, timeout, non-2xx status - redirects are not followed - or a reply that is
//   not a SendNotificationResult) is retried 30 s after the first failure, then 60 s, 120 s, 240 s... after
//   it (each delay double the last) while the delay stays within StatusFrequency minutes; then the
//   subscription is dropped. Undelivered events stay queued and go out with the next successful request.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  buildSendNotification,
  parseSendNotificationResult,
  type SubscriptionStatus,
} from '../../ews/notifications/push.ts';
import type { Notification } from '../../ews/types/notifications.ts';
import { notificationOf, statusEvent } from './event-xml.ts';
import { watermarkText, type NotificationHub, type Subscription } from './hub.ts';

/** Events per SendNotification request; the rest follow in the next one (MoreEvents=true). */
const MAX_EVENTS_PER_REQUEST = 50;
const MAX_REPLY_BYTES = 64 * 1024;

/** What one POST to the receiver came to. */
type Outcome = { ok: true; status: SubscriptionStatus } | { ok: false; reason: string };

function post(url: URL, body: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const req = send(url, {
      // A connection per notification: no idle keep-alive sockets to a receiver outlive the subscription.
      agent: false,
      method: 'POST',
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        SOAPAction: '"http://schemas.microsoft.com/exchange/services/2006/messages/SendNotification"',
      },
      timeout: timeoutMs,
    });
    req.on('timeout', () => {
      req.destroy();
      done({ ok: false, reason: 'no answer in time' });
    });
    req.on('error', (err) => done({ ok: false, reason: err.message }));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        done({ ok: false, reason: `HTTP ${status}` });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_REPLY_BYTES) {
          req.destroy();
          done({ ok: false, reason: 'reply too large' });
        } else chunks.push(c);
      });
      res.on('error', (err) => done({ ok: false, reason: err.message }));
      res.on('end', () => {
        try {
          done({ ok: true, status: parseSendNotificationResult(Buffer.concat(chunks)) });
        } catch (err) {
          done({ ok: false, reason: `not a SendNotificationResult: ${(err as Error).message}` });
        }
      });
    });
    req.end(body);
  });
}

/** The delivery loop of one push subscription. */
export class PushChannel {
  /** Last watermark the receiver acknowledged (events up to it are delivered). */
  private acked: number;
  private sending = false;
  private stopped = false;
  /** Set while requests fail: when the first failure happened and how many retries were made. */
  private failing: { since: number; retries: number } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  /** Delivery attempts and their outcome, newest last (for the control API and tests). */
  readonly log: { at: number; events: number; outcome: string }[] = [];

  constructor(
    private readonly hub: NotificationHub,
    private readonly sub: Subscription,
    private readonly url: URL,
    private readonly statusFrequencyMinutes: number,
  ) {
    this.acked = sub.nextWatermark - 1;
    sub.listener = () => this.kick();
    sub.stop = () => this.stop();
    this.scheduleStatus();
    // Events since a resume watermark are already queued: send them now.
    if (sub.pending.length > 0) this.kick();
  }

  private get minuteMs(): number {
    return this.hub.push.minuteMs;
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.statusTimer);
  }

  private scheduleStatus(): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => this.kick(), this.statusFrequencyMinutes * this.minuteMs);
    this.statusTimer.unref();
  }

  /** Something to send (a new event or the heartbeat is due): send now unless a request or a retry waits. */
  private kick(): void {
    if (this.stopped || this.sub.expired || this.sending || this.retryTimer) return;
    void this.send();
  }

  private async send(): Promise<void> {
    this.sending = true;
    const batch = this.sub.pending.filter((e) => e.watermark > this.acked).slice(0, MAX_EVENTS_PER_REQUEST);
    const notification: Notification = {
      ...notificationOf(this.sub.id, batch),
      previousWatermark: watermarkText(this.sub.id, this.acked),
      moreEvents: this.sub.pending.length > batch.length,
    };
    if (batch.length === 0) notification.events = [statusEvent(this.sub.id, this.acked)];
    const xml = buildSendNotification([notification]);
    this.hub.push.onSend?.(xml);
    // The receiver gets as long to answer as the first retry waits (30 s).
    const outcome = await post(this.url, xml, Math.max(this.minuteMs / 2, 1000));
    this.sending = false;
    this.log.push({
      at: Date.now(),
      events: batch.length,
      outcome: outcome.ok ? outcome.status : `failed: ${outcome.reason}`,
    });
    if (this.stopped) return;
    if (outcome.ok) {
      this.failing = undefined;
      if (outcome.status === 'Unsubscribe') {
        this.hub.remove(this.sub.id);
        return;
      }
      const last = batch[batch.length - 1];
      if (last) {
        this.acked = last.watermark;
        this.sub.pending = this.sub.pending.filter((e) => e.watermark > this.acked);
      }
      this.scheduleStatus();
      if (this.sub.pending.length > 0) this.kick();
      return;
    }
    this.failing ??= { since: Date.now(), retries: 0 };
    const delayMs = (this.minuteMs / 2) * 2 ** this.failing.retries;
    if (delayMs > this.statusFrequencyMinutes * this.minuteMs) {
      // Retried for StatusFrequency minutes without an answer: Exchange gives the subscription up.
      this.hub.remove(this.sub.id);
      return;
    }
    this.failing.retries++;
    const wait = Math.max(0, this.failing.since + delayMs - Date.now());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, wait);
    this.retryTimer.unref();
  }
}

/** Starts delivering `sub` (a push subscription) to `url`. */
export function startPush(
  hub: NotificationHub,
  sub: Subscription,
  url: URL,
  statusFrequencyMinutes: number,
): PushChannel {
  return new PushChannel(hub, sub, url, statusFrequencyMinutes);
}
