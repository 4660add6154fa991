/**
 * Row types of the tables this module owns, as Kysely sees them. Conventions that keep one schema valid
 * on SQLite and PostgreSQL: ids are text (UUIDs); instants are ISO 8601 UTC text (`...Z`, sortable);
 * booleans are integers 0/1; lists and nested objects are JSON text; binary data is blob/bytea.
 */
import type {
  AuthMethod,
  BusyStatus,
  CalendarMode,
  EndpointKind,
  ExchangeVersion,
  License,
  LocationSource,
  StorageMode,
  VoiceFormat,
} from '../domain/index.ts';

export type Bool = number;

export interface EndpointsTable {
  id: string;
  name: string;
  name_key: string;
  address: string;
  kind: EndpointKind;
  url: string | null;
  port: number;
  voice_format: VoiceFormat;
  auth_method: AuthMethod;
  exchange_version: ExchangeVersion;
  demo: Bool;
  created_at: string;
  updated_at: string;
}

export interface EndpointCertificatesTable {
  endpoint_id: string;
  fingerprint: string;
  pem: string | null;
  label: string | null;
  added_at: string;
}

export interface FeatureGroupsTable {
  id: string;
  name: string;
  name_key: string;
  service_account: string | null;
  service_password_enc: string | null;
  endpoint_id: string | null;
  calendar_mode: CalendarMode;
  sync_contacts: Bool;
  sync_messages: Bool;
  inbox_folder: string;
  change_location: Bool;
  demo: Bool;
  created_at: string;
  updated_at: string;
}

export interface MailboxesTable {
  id: string;
  number: string;
  display_name: string;
  license: License;
  feature_group_id: string;
  use_feature_group_settings: Bool;
  exchange_user_name: string | null;
  exchange_password_enc: string | null;
  exchange_address: string | null;
  exchange_address_key: string | null;
  storage_mode: StorageMode;
  pin_hash: string | null;
  uc_location: string | null;
  demo: Bool;
  created_at: string;
  updated_at: string;
}

export interface MessagesTable {
  id: string;
  mailbox_id: string;
  caller_number: string;
  caller_name: string | null;
  urgent: Bool;
  private: Bool;
  received_at: string;
  duration_ms: number;
  audio_format: VoiceFormat;
  audio_sample_rate: number;
  audio_channels: number;
  audio_size: number;
  read: Bool;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MessageAudioTable {
  message_id: string;
  data: Uint8Array;
}

export interface MessageAudioCacheTable {
  message_id: string;
  format: VoiceFormat;
  data: Uint8Array;
  size: number;
  created_at: string;
}

export interface ContactsTable {
  id: string;
  mailbox_id: string;
  given_name: string | null;
  middle_name: string | null;
  surname: string | null;
  nickname: string | null;
  display_name: string | null;
  company: string | null;
  department: string | null;
  job_title: string | null;
  emails_json: string;
  phones_json: string;
  addresses_json: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface CalendarEventsTable {
  id: string;
  mailbox_id: string;
  subject: string;
  start_at: string;
  end_at: string;
  time_zone: string;
  all_day: Bool;
  location: string | null;
  busy_status: BusyStatus;
  recurrence_json: string | null;
  reminder_minutes: number | null;
  uc_location: string;
  body: string | null;
  created_at: string;
  updated_at: string;
}

export interface LocationHistoryTable {
  id: string;
  mailbox_id: string;
  location: string;
  source: LocationSource;
  calendar_event_id: string | null;
  set_at: string;
}

export interface MwiStateTable {
  mailbox_id: string;
  lamp_on: Bool;
  new_count: number;
  old_count: number;
  urgent_count: number;
  updated_at: string;
}

// Access and webhooks (migration 0100_api_access): administrators, login sessions, API tokens, the
// audit log and webhook subscriptions with their delivery log.
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
  enabled: Bool;
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

/** Every table voxsync keeps: one type for the whole database, used by every repository. */
export interface Database {
  endpoints: EndpointsTable;
  endpoint_certificates: EndpointCertificatesTable;
  feature_groups: FeatureGroupsTable;
  mailboxes: MailboxesTable;
  messages: MessagesTable;
  message_audio: MessageAudioTable;
  message_audio_cache: MessageAudioCacheTable;
  contacts: ContactsTable;
  calendar_events: CalendarEventsTable;
  location_history: LocationHistoryTable;
  mwi_state: MwiStateTable;
  admin_users: AdminUsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
