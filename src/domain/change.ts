/** What changed, as recorded in the change feed. One list shared by the store, SSE, webhooks and the engine. */
export const changeKinds = [
  'message.created',
  'message.updated',
  'message.deleted',
  'mwi.changed',
  'contact.changed',
  'contact.deleted',
  'event.changed',
  'event.deleted',
  'location.changed',
  'mailbox.changed',
  'feature_group.changed',
  'endpoint.changed',
] as const;

export type ChangeKind = (typeof changeKinds)[number];

/**
 * One change, as a use case records it inside its transaction. `mailboxId` is the mailbox it concerns
 * (null for configuration shared by many: endpoints, feature groups); `entityId` the record that changed.
 */
export interface ChangeRecord {
  readonly kind: ChangeKind;
  readonly mailboxId: string | null;
  readonly entityId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}
