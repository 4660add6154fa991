// Typed events of a GetStreamingEvents stream: each envelope's body is read by the GetStreamingEvents
// operation (operations/get-streaming-events.ts) and flattened into one event per fact.
import { readResponseEnvelope } from '../soap/envelope.ts';
import type { ServerVersionInfo } from '../soap/envelope.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import { getStreamingEvents } from '../operations/get-streaming-events.ts';
import { isKeepAlive, type Notification } from '../types/notifications.ts';

export type StreamingEvent =
  /**
   * Events of one subscription, at least one of them a change (a StatusEvent may ride along). Events
   * are hints: re-sync the folder rather than trusting them.
   */
  | ({ readonly kind: 'notification' } & Notification)
  /**
   * The server's heartbeat: ConnectionStatus=OK without notifications, or a Notification holding only
   * a StatusEvent (then `subscriptionId` and the StatusEvent's `watermark` are given). Never a change.
   */
  | { readonly kind: 'keepAlive'; readonly subscriptionId?: string; readonly watermark?: string }
  /** ConnectionStatus=Closed: ConnectionTimeout elapsed (or the server gave up); reissue GetStreamingEvents. */
  | { readonly kind: 'closed' }
  /**
   * An error message in the stream, e.g. ErrorSubscriptionNotFound / ErrorInvalidSubscription /
   * ErrorExpiredSubscription with the subscriptions it concerns: resubscribe and catch up with
   * SyncFolderItems.
   */
  | {
      readonly kind: 'subscriptionError';
      readonly responseCode: string;
      readonly messageText: string;
      readonly subscriptionIds: readonly string[];
    };

/** Everything one envelope of the stream said. */
export interface StreamingEnvelope {
  readonly serverVersion: ServerVersionInfo | undefined;
  readonly events: readonly StreamingEvent[];
}

/** Maps one parsed envelope; a SOAP fault inside the stream is thrown as SoapFaultError. */
export function readStreamingEnvelope(root: XmlElement): StreamingEnvelope {
  const { serverVersion, body } = readResponseEnvelope(root);
  const events: StreamingEvent[] = [];
  for (const msg of getStreamingEvents.parseBody(body)) {
    if (msg.error) {
      events.push({
        kind: 'subscriptionError',
        responseCode: msg.error.responseCode,
        messageText: msg.error.messageText,
        subscriptionIds: msg.errorSubscriptionIds,
      });
    }
    for (const n of msg.notifications) {
      if (!isKeepAlive(n)) {
        events.push({ kind: 'notification', ...n });
        continue;
      }
      const watermark = n.events.findLast((e) => e.watermark !== undefined)?.watermark;
      events.push(
        watermark === undefined
          ? { kind: 'keepAlive', subscriptionId: n.subscriptionId }
          : { kind: 'keepAlive', subscriptionId: n.subscriptionId, watermark },
      );
    }
    if (msg.connectionStatus === 'OK' && msg.notifications.length === 0 && !msg.error) {
      events.push({ kind: 'keepAlive' });
    } else if (msg.connectionStatus === 'Closed') events.push({ kind: 'closed' });
  }
  return { serverVersion, events };
}
