// GetStreamingEvents: one long chunked HTTP response of concatenated SOAP envelopes: notifications as they
// happen, keep-alives (ConnectionStatus OK), and a final ConnectionStatus Closed when ConnectionTimeout
// (1..30 minutes) elapses (D: getstreamingevents-operation.md, connectionstatus.md).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildResponseEnvelope } from '../../ews/soap/envelope.ts';
import type { Account } from '../directory.ts';
import type { SimState } from '../state.ts';
import { ItemError, SimFault } from '../ews/errors.ts';
import { requestOf } from '../ews/request.ts';
import {
  MAX_STREAMING_SUBSCRIPTIONS,
  getStreamingEvents as sharedStreaming,
  type StreamingEventsReply,
} from '../../ews/operations/get-streaming-events.ts';
import type { ResponseMessageFailure } from '../../ews/operations/response-messages.ts';
import type { Notification } from '../../ews/types/notifications.ts';
import { operationContext, parseRequest } from '../ews/service.ts';
import { ownedSubscription } from '../ews/ops/notifications.ts';
import { notificationOf } from '../notifications/event-xml.ts';
import type { Subscription } from '../notifications/hub.ts';
import { SERVER_VERSION_INFO } from '../ews/versions.ts';
import type { FaultRule } from '../control/faults.ts';

export interface StreamingOptions {
  readonly keepAliveMs: number;
  /** Test hook: scales ConnectionTimeout minutes (default 60 000 ms per minute). */
  readonly minuteMs: number;
}

function envelope(sim: SimState, message: StreamingEventsReply): string {
  return buildResponseEnvelope(
    sharedStreaming.buildResponseBody([message]),
    SERVER_VERSION_INFO[sim.serverVersion],
  );
}

function failureOf(err: ItemError): ResponseMessageFailure {
  return { responseCode: err.responseCode, messageText: err.message };
}

export class StreamingEndpoint {
  private readonly open = new Map<Account, number>();

  constructor(
    private readonly options: StreamingOptions,
    private readonly record: ((xml: string, operation: string) => void) | undefined,
  ) {}

  async handle(
    sim: SimState,
    req: IncomingMessage,
    res: ServerResponse,
    account: Account,
    body: Buffer,
    fault: FaultRule | undefined,
  ): Promise<{ status: number; xml: string } | undefined> {
    const env = parseRequest(body);
    const ctx = operationContext(sim, account, env);
    const { subscriptionIds: ids, connectionTimeoutMinutes: minutes } = requestOf(sharedStreaming, ctx);
    const reply = (message: StreamingEventsReply): { status: number; xml: string } => ({
      status: 200,
      xml: envelope(sim, message),
    });
    if (ids.length > MAX_STREAMING_SUBSCRIPTIONS) {
      return reply({
        error: failureOf(
          new ItemError(
            'ErrorInvalidSubscriptionRequest',
            `A streaming connection can serve at most ${MAX_STREAMING_SUBSCRIPTIONS} subscriptions.`,
          ),
        ),
      });
    }
    const running = this.open.get(account) ?? 0;
    if (running >= sim.policy.hangingConnectionLimit) {
      // HangingConnectionLimit counts streaming connections per account (3 on 2013, 10 on 2016/2019).
      throw new SimFault(
        'ErrorExceededConnectionCount',
        `You have exceeded the available concurrent connections for your account (HangingConnectionLimit ${sim.policy.hangingConnectionLimit}). Try again once your other requests have completed.`,
      );
    }
    const subs: Subscription[] = [];
    const bad: string[] = [];
    let firstError: ItemError | undefined;
    for (const id of ids) {
      try {
        const s = ownedSubscription(ctx, id);
        if (s.kind !== 'streaming')
          throw new ItemError(
            'ErrorInvalidSubscription',
            'The subscription is not a streaming subscription.',
          );
        subs.push(s);
      } catch (err) {
        if (!(err instanceof ItemError)) throw err;
        bad.push(id);
        firstError ??= err;
      }
    }
    if (firstError && subs.length === 0) {
      return reply({ error: failureOf(firstError), errorSubscriptionIds: bad, connectionStatus: 'Closed' });
    }
    this.open.set(account, running + 1);
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Transfer-Encoding': 'chunked' });
    const send = (message: StreamingEventsReply): void => {
      const xml = envelope(sim, message);
      this.record?.(xml, 'GetStreamingEvents');
      res.write(xml);
    };
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = (closed: boolean): void => {
        if (done) return;
        done = true;
        clearInterval(keepAlive);
        clearTimeout(deadline);
        for (const s of subs) if (s.listener === flush) s.listener = undefined;
        for (const s of subs) s.lastUsed = Date.now();
        if (closed && !res.destroyed) {
          send({ connectionStatus: 'Closed' });
          res.end();
        }
        resolve();
      };
      const flush = (): void => {
        if (done) return;
        const gone = subs.filter((s) => s.expired);
        const notes: Notification[] = [];
        for (const s of subs) {
          if (s.expired || s.pending.length === 0) continue;
          notes.push(notificationOf(s.id, s.pending));
          s.pending = [];
        }
        if (notes.length > 0) send({ notifications: notes, connectionStatus: 'OK' });
        if (gone.length > 0) {
          send({
            error: { responseCode: 'ErrorExpiredSubscription', messageText: 'The subscription has expired.' },
            errorSubscriptionIds: gone.map((g) => g.id),
            connectionStatus: 'Closed',
          });
          // finish first: hub.remove notifies the listener, which must not re-enter this flush.
          finish(false);
          for (const g of gone) sim.hub.remove(g.id);
          res.end();
        }
      };
      for (const s of subs) s.listener = flush;
      const keepAlive = setInterval(() => send({ connectionStatus: 'OK' }), this.options.keepAliveMs);
      const deadline = setTimeout(() => finish(true), minutes * this.options.minuteMs);
      req.socket.once('close', () => finish(false));
      if (firstError) send({ error: failureOf(firstError), errorSubscriptionIds: bad });
      // Exchange answers at once with a first envelope, so clients see the stream is open.
      send({ connectionStatus: 'OK' });
      flush();
      if (fault?.kind === 'expiredSubscription') for (const s of subs) sim.hub.expire(s.id);
      if (fault?.kind === 'dropStream') setTimeout(() => req.socket.destroy(), 50);
    });
    this.open.set(account, (this.open.get(account) ?? 1) - 1);
    return undefined;
  }
}
