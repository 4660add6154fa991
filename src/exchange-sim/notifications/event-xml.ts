// Hub events → the shared NotificationType model (src/ews/types/notifications.ts), which GetEvents and
// GetStreamingEvents write in XSD order.
import type { Notification, NotificationEvent } from '../../ews/types/notifications.ts';
import type { NumberedEvent } from './hub.ts';
import { EVENT_NAME, watermarkText } from './hub.ts';
import { isoSeconds } from '../ews/computed.ts';

function notificationEvent(subId: string, n: NumberedEvent): NotificationEvent {
  const e = n.event;
  const out: NotificationEvent = {
    type: EVENT_NAME[e.type],
    watermark: watermarkText(subId, n.watermark),
    timeStamp: isoSeconds(e.timestamp),
    parentFolderId: e.parentFolderId,
  };
  // An event names an item or a folder, never both.
  if (e.itemId) out.itemId = e.itemId;
  else out.folderId = e.folderId!;
  if (e.unreadCount !== undefined) out.unreadCount = e.unreadCount;
  if (e.type === 'Moved' || e.type === 'Copied') {
    if (e.oldItemId) out.oldItemId = e.oldItemId;
    if (e.oldParentFolderId) out.oldParentFolderId = e.oldParentFolderId;
  }
  return out;
}

/** The StatusEvent a pull subscription gets when nothing happened since the watermark. */
export function statusEvent(subId: string, watermark: number): NotificationEvent {
  return { type: 'StatusEvent', watermark: watermarkText(subId, watermark) };
}

export function notificationOf(subId: string, events: readonly NumberedEvent[]): Notification {
  return { subscriptionId: subId, events: events.map((e) => notificationEvent(subId, e)) };
}
