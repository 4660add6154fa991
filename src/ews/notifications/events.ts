// Typed events of a GetStreamingEvents stream (messages.xsd GetStreamingEventsResponseMessageType,
// types.xsd NotificationType / BaseNotificationEventType), read by namespace URI + local name.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { readResponseEnvelope } from '../soap/envelope.ts';
import type { ServerVersionInfo } from '../soap/envelope.ts';
import { child, childrenOf } from '../soap/xml-tree.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import { EwsProtocolError } from '../errors.ts';

export type ChangeEventType =
  'NewMail' | 'Created' | 'Deleted' | 'Modified' | 'Moved' | 'Copied' | 'FreeBusyChanged' | 'Status';

export interface EventId {
  readonly id: string;
  readonly changeKey?: string;
}

/** One event of a notification. Events are hints: re-sync the folder rather than trusting them. */
export interface ChangeEvent {
  readonly type: ChangeEventType;
  readonly watermark?: string;
  readonly timestamp?: string;
  readonly itemId?: EventId;
  readonly folderId?: EventId;
  readonly parentFolderId?: EventId;
  readonly oldItemId?: EventId;
  readonly oldFolderId?: EventId;
  readonly oldParentFolderId?: EventId;
  readonly unreadCount?: number;
}

export type StreamingEvent =
  | {
      readonly kind: 'notification';
      readonly subscriptionId: string;
      readonly previousWatermark?: string;
      readonly moreEvents?: boolean;
      readonly events: readonly ChangeEvent[];
    }
  /** ConnectionStatus=OK: the server's heartbeat. */
  | { readonly kind: 'keepAlive' }
  /** ConnectionStatus=Closed: ConnectionTimeout elapsed (or the server gave up); reissue GetStreamingEvents. */
  | { readonly kind: 'closed' }
  /**
   * Subscriptions the server no longer knows (ErrorSubscriptionNotFound, ErrorInvalidSubscription,
   * ErrorExpiredSubscription...): resubscribe and catch up with SyncFolderItems.
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

const EVENT_ELEMENTS: Readonly<Record<string, ChangeEventType>> = {
  NewMailEvent: 'NewMail',
  CreatedEvent: 'Created',
  DeletedEvent: 'Deleted',
  ModifiedEvent: 'Modified',
  MovedEvent: 'Moved',
  CopiedEvent: 'Copied',
  FreeBusyChangedEvent: 'FreeBusyChanged',
  StatusEvent: 'Status',
};

/** Maps one parsed envelope; a SOAP fault inside the stream is thrown as SoapFaultError. */
export function readStreamingEnvelope(root: XmlElement): StreamingEnvelope {
  const { serverVersion, body } = readResponseEnvelope(root);
  if (body.ns !== NS_MESSAGES || body.local !== 'GetStreamingEventsResponse') {
    throw new EwsProtocolError(`Expected m:GetStreamingEventsResponse in the stream, got <${body.local}>.`);
  }
  const events: StreamingEvent[] = [];
  const messages = child(body, NS_MESSAGES, 'ResponseMessages');
  for (const msg of messages?.children ?? []) {
    if (msg.ns !== NS_MESSAGES) continue;
    const cls = msg.attrs['ResponseClass'];
    if (cls === 'Error') {
      const ids = child(msg, NS_MESSAGES, 'ErrorSubscriptionIds');
      events.push({
        kind: 'subscriptionError',
        responseCode: text(child(msg, NS_MESSAGES, 'ResponseCode')) || 'UnknownError',
        messageText: text(child(msg, NS_MESSAGES, 'MessageText')),
        subscriptionIds: ids ? childrenOf(ids, NS_TYPES, 'SubscriptionId').map(text) : [],
      });
    }
    const notifications = child(msg, NS_MESSAGES, 'Notifications');
    for (const n of notifications ? childrenOf(notifications, NS_MESSAGES, 'Notification') : []) {
      events.push(readNotification(n));
    }
    const status = text(child(msg, NS_MESSAGES, 'ConnectionStatus'));
    if (status === 'OK' && !notifications) events.push({ kind: 'keepAlive' });
    else if (status === 'Closed') events.push({ kind: 'closed' });
  }
  return { serverVersion, events };
}

function readNotification(n: XmlElement): StreamingEvent {
  const previous = child(n, NS_TYPES, 'PreviousWatermark');
  const more = child(n, NS_TYPES, 'MoreEvents');
  const events: ChangeEvent[] = [];
  for (const c of n.children) {
    const type = c.ns === NS_TYPES ? EVENT_ELEMENTS[c.local] : undefined;
    if (type) events.push(readEvent(type, c));
  }
  return {
    kind: 'notification',
    subscriptionId: text(child(n, NS_TYPES, 'SubscriptionId')),
    ...(previous ? { previousWatermark: text(previous) } : {}),
    ...(more ? { moreEvents: text(more) === 'true' } : {}),
    events,
  };
}

function readEvent(type: ChangeEventType, el: XmlElement): ChangeEvent {
  const ev: { -readonly [K in keyof ChangeEvent]: ChangeEvent[K] } = { type };
  const watermark = child(el, NS_TYPES, 'Watermark');
  if (watermark) ev.watermark = text(watermark);
  const ts = child(el, NS_TYPES, 'TimeStamp');
  if (ts) ev.timestamp = text(ts);
  const ids: [keyof ChangeEvent, string][] = [
    ['itemId', 'ItemId'],
    ['folderId', 'FolderId'],
    ['parentFolderId', 'ParentFolderId'],
    ['oldItemId', 'OldItemId'],
    ['oldFolderId', 'OldFolderId'],
    ['oldParentFolderId', 'OldParentFolderId'],
  ];
  for (const [key, local] of ids) {
    const idEl = child(el, NS_TYPES, local);
    const id = idEl?.attrs['Id'];
    if (idEl && id !== undefined) {
      const changeKey = idEl.attrs['ChangeKey'];
      (ev as Record<string, unknown>)[key] = changeKey === undefined ? { id } : { id, changeKey };
    }
  }
  const unread = child(el, NS_TYPES, 'UnreadCount');
  if (unread) {
    const n = Number.parseInt(text(unread), 10);
    if (Number.isFinite(n)) ev.unreadCount = n;
  }
  return ev;
}

function text(el: XmlElement | undefined): string {
  return el ? el.text.trim() : '';
}
