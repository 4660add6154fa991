// Notification events (types.xsd NotificationType), shared by GetEvents and GetStreamingEvents.
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { parseBool, parseIntStrict } from './codec.ts';
import { readItemId, type FolderId, type ItemId } from './ids.ts';

export type NotificationEventType =
  | 'CopiedEvent'
  | 'CreatedEvent'
  | 'DeletedEvent'
  | 'ModifiedEvent'
  | 'MovedEvent'
  | 'NewMailEvent'
  | 'FreeBusyChangedEvent';

export const NOTIFICATION_EVENT_TYPES: readonly NotificationEventType[] = [
  'CopiedEvent',
  'CreatedEvent',
  'DeletedEvent',
  'ModifiedEvent',
  'MovedEvent',
  'NewMailEvent',
  'FreeBusyChangedEvent',
];

/** Events are hints: re-run SyncFolderItems on the folder rather than trusting their payload. */
export interface NotificationEvent {
  type: NotificationEventType | 'StatusEvent';
  watermark?: string;
  timeStamp?: string;
  itemId?: ItemId;
  folderId?: FolderId;
  parentFolderId?: FolderId;
  oldItemId?: ItemId;
  oldFolderId?: FolderId;
  oldParentFolderId?: FolderId;
  unreadCount?: number;
}

export interface Notification {
  subscriptionId: string;
  previousWatermark?: string;
  moreEvents?: boolean;
  events: NotificationEvent[];
}

/** Every event of a Notification that reports a change (everything but StatusEvent). */
export function changeEvents(n: Notification): NotificationEvent[] {
  return n.events.filter((e) => e.type !== 'StatusEvent');
}

/**
 * A Notification holding only StatusEvent(s) is a heartbeat, not a change: Exchange sends one on
 * streaming connections, as the push heartbeat every StatusFrequency minutes, and on GetEvents when
 * nothing happened. A consumer that re-synchronizes on it would re-sync every heartbeat.
 */
export function isKeepAlive(n: Notification): boolean {
  return changeEvents(n).length === 0;
}

const EVENT_ELEMENTS: ReadonlySet<string> = new Set([...NOTIFICATION_EVENT_TYPES, 'StatusEvent']);

function readEvent(el: XmlElement): NotificationEvent {
  const e: NotificationEvent = { type: el.local as NotificationEvent['type'] };
  for (const c of el.children) {
    if (c.ns !== NS_TYPES) continue;
    switch (c.local) {
      case 'Watermark':
        e.watermark = c.text.trim();
        break;
      case 'TimeStamp':
        e.timeStamp = c.text.trim();
        break;
      case 'ItemId':
        e.itemId = readItemId(c);
        break;
      case 'FolderId':
        e.folderId = readItemId(c);
        break;
      case 'ParentFolderId':
        e.parentFolderId = readItemId(c);
        break;
      case 'OldItemId':
        e.oldItemId = readItemId(c);
        break;
      case 'OldFolderId':
        e.oldFolderId = readItemId(c);
        break;
      case 'OldParentFolderId':
        e.oldParentFolderId = readItemId(c);
        break;
      case 'UnreadCount':
        e.unreadCount = parseIntStrict(c.text);
        break;
    }
  }
  return e;
}

export function readNotification(el: XmlElement): Notification {
  const n: Notification = {
    subscriptionId: child(el, NS_TYPES, 'SubscriptionId')?.text.trim() ?? '',
    events: [],
  };
  const prev = child(el, NS_TYPES, 'PreviousWatermark');
  if (prev !== undefined) n.previousWatermark = prev.text.trim();
  const more = child(el, NS_TYPES, 'MoreEvents');
  if (more !== undefined) n.moreEvents = parseBool(more.text);
  for (const c of el.children)
    if (c.ns === NS_TYPES && EVENT_ELEMENTS.has(c.local)) n.events.push(readEvent(c));
  return n;
}

function id(w: XmlWriter, q: string, v: ItemId | undefined): void {
  if (v !== undefined) w.empty(q, { Id: v.id, ChangeKey: v.changeKey });
}

/** Writes `qname` (m:Notification or t:Notification) in NotificationType order. */
export function writeNotification(w: XmlWriter, qname: string, n: Notification): void {
  w.start(qname);
  w.leaf('t:SubscriptionId', n.subscriptionId);
  w.leafOpt('t:PreviousWatermark', n.previousWatermark);
  if (n.moreEvents !== undefined) w.leaf('t:MoreEvents', n.moreEvents);
  for (const e of n.events) {
    w.start(`t:${e.type}`);
    w.leafOpt('t:Watermark', e.watermark);
    if (e.type !== 'StatusEvent') {
      w.leaf('t:TimeStamp', e.timeStamp ?? new Date().toISOString());
      if (e.folderId !== undefined) id(w, 't:FolderId', e.folderId);
      else id(w, 't:ItemId', e.itemId);
      id(w, 't:ParentFolderId', e.parentFolderId);
      if (e.type === 'MovedEvent' || e.type === 'CopiedEvent') {
        if (e.oldFolderId !== undefined) id(w, 't:OldFolderId', e.oldFolderId);
        else id(w, 't:OldItemId', e.oldItemId);
        id(w, 't:OldParentFolderId', e.oldParentFolderId);
      }
      if (e.type === 'ModifiedEvent' && e.unreadCount !== undefined) w.leaf('t:UnreadCount', e.unreadCount);
    }
    w.end();
  }
  w.end();
}
