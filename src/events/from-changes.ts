import type { ChangeRecord } from '../domain/index.ts';
import type { EventBus } from './bus.ts';
import type { MwiState } from './types.ts';

/**
 * Publishes committed message and MWI changes as bus events (the events SSE and webhooks carry
 * today). Other change kinds have no event yet; the durable change feed will carry them all.
 */
export function publishChangesToBus(bus: EventBus, changes: readonly ChangeRecord[]): void {
  for (const c of changes) {
    if (c.mailboxId === null) continue;
    const messageId = typeof c.data.messageId === 'string' ? c.data.messageId : (c.entityId ?? '');
    switch (c.kind) {
      case 'message.created':
      case 'message.deleted':
        bus.publish(c.kind, c.mailboxId, { messageId });
        break;
      case 'message.updated':
        bus.publish(c.kind, c.mailboxId, {
          messageId,
          changes: Array.isArray(c.data.changes) ? c.data.changes.map(String) : [],
        });
        break;
      case 'mwi.changed':
        bus.publish(c.kind, c.mailboxId, { mwi: c.data.mwi as MwiState });
        break;
      default:
        break;
    }
  }
}
