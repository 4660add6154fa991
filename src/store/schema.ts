/**
 * Row types of the tables this module owns, as Kysely sees them. Conventions that keep one schema valid
 * on SQLite and PostgreSQL: ids are text (UUIDs); instants are ISO 8601 UTC text (`...Z`, sortable);
 * booleans are integers 0/1; lists and nested objects are JSON text; binary data is blob/bytea.
 */
export type Bool = number;

export interface EndpointsTable {
  id: string;
  name: string;
  name_key: string;
  address: string;
  kind: string;
  url: string | null;
  port: number;
  voice_format: string;
  auth_method: string;
  exchange_version: string;
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
  calendar_mode: string;
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
  license: string;
  feature_group_id: string;
  use_feature_group_settings: Bool;
  exchange_user_name: string | null;
  exchange_password_enc: string | null;
  exchange_address: string | null;
  exchange_address_key: string | null;
  storage_mode: string;
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
  audio_format: string;
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
  format: string;
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
  busy_status: string;
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
  source: string;
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

/** The tables of the core migrations. Later modules extend this interface with their own tables. */
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
}
