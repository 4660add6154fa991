/** MWI state as carried in events: lamp on/off plus counts (never negative). */
export interface MwiState {
  readonly on: boolean;
  readonly newCount: number;
  readonly oldCount: number;
  readonly urgentCount: number;
}

/** Event payloads by type. Every event concerns one mailbox; that is what SSE and webhooks filter on. */
export interface EventPayloads {
  'mwi.changed': { readonly mwi: MwiState };
  'message.created': { readonly messageId: string };
  'message.updated': { readonly messageId: string; readonly changes: readonly string[] };
  'message.deleted': { readonly messageId: string };
}

export type EventType = keyof EventPayloads;
export const EVENT_TYPES: readonly EventType[] = [
  'mwi.changed',
  'message.created',
  'message.updated',
  'message.deleted',
];

export type VoxsyncEvent = {
  [K in EventType]: {
    /** Process-unique, increasing; used as the SSE `id`. */
    readonly id: number;
    readonly type: K;
    readonly mailboxId: string;
    readonly at: string;
    readonly data: EventPayloads[K];
  };
}[EventType];
