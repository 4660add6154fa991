/**
 * Tables owned by the API layer (migration 0100_api_access): administrators, login sessions, API
 * tokens, the audit log and webhooks. Timestamps are ISO-8601 UTC text so SQLite and PostgreSQL
 * store and sort them alike; booleans are 0/1 integers for the same reason.
 */
export interface AdminUsersTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
  /** Set when the administrator was disabled; a disabled administrator cannot log in. */
  disabled_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  kind: 'admin' | 'mailbox';
  admin_user_id: string | null;
  mailbox_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  /** JSON object; field names and non-secret values only. */
  details: string;
}

export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  /** The signing secret, encrypted at rest (secrets/ box). */
  secret_ciphertext: string;
  /** JSON array of event types; empty = all. */
  event_types: string;
  mailbox_id: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_type: string;
  event_id: string;
  mailbox_id: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface ApiTables {
  admin_users: AdminUsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
