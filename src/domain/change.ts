/**
 * What changed, as the services record it inside the transaction that made the change. The change
 * feed stores these in order; SSE clients, webhooks and the sync engine read them from there.
 */
export type ChangeKind =
  | 'message.created'
  | 'message.updated'
  | 'message.deleted'
  | 'mwi.changed'
  | 'contact.changed'
  | 'contact.deleted'
  | 'event.changed'
  | 'event.deleted'
  | 'location.changed'
  | 'mailbox.changed'
  | 'feature_group.changed'
  | 'endpoint.changed';

export const CHANGE_KINDS: readonly ChangeKind[] = [
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
];

export interface ChangeRecord {
  readonly kind: ChangeKind;
  /** The mailbox the change concerns; null for configuration shared by many (endpoints, feature groups). */
  readonly mailboxId: string | null;
  /** The changed record's id (message, contact, event, endpoint...); null when the mailbox itself is meant. */
  readonly entityId: string | null;
  /** Non-secret details a consumer needs without reading the record (field names, MWI counts). */
  readonly data: Readonly<Record<string, unknown>>;
}
