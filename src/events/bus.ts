import type { EventPayloads, EventType, VoxsyncEvent } from './types.ts';

export type EventListener = (event: VoxsyncEvent) => void;

/**
 * In-process publish/subscribe for domain events. Listeners run synchronously in publish order; a
 * throwing listener is reported through `onListenerError` and never stops the others or the publisher.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private nextId = 1;

  constructor(private readonly onListenerError: (err: unknown, event: VoxsyncEvent) => void = () => {}) {}

  publish<K extends EventType>(type: K, mailboxId: string, data: EventPayloads[K]): VoxsyncEvent {
    const event = { id: this.nextId++, type, mailboxId, at: new Date().toISOString(), data } as VoxsyncEvent;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
    return event;
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
