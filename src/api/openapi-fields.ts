// Descriptions of the request fields and parameters in the OpenAPI document, in one glossary: the route
// schemas are shared with the domain layer, and one field (`number`, `pin`, `sync.password`) means the same
// on every route that takes it. A key `<resource>:<field>` wins over `<field>` where a name means something
// else per resource (`name`, `id`). Paths are dotted, array items without an index (`phones.kind`).
// test/integration/api/openapi.test.ts fails when a request field has no description here or in its schema.

const FIELDS: Record<string, string> = {
  // path and query parameters
  'path:mailboxId': 'Id of the mailbox (not its number).',
  'path:messageId': 'Id of the voice message.',
  'path:contactId': 'Id of the contact.',
  'path:eventId': 'Id of the calendar event.',
  'path:fingerprint': 'SHA-256 fingerprint of the trusted certificate, hex with or without colons.',
  'endpoints:path:id': 'Id of the mail server endpoint.',
  'feature-groups:path:id': 'Id of the feature group.',
  'tokens:path:id': 'Id of the API token.',
  'webhooks:path:id': 'Id of the webhook.',
  'admin-users:path:id': 'Id of the administrator.',
  'query:limit': 'Most entries to return (the page size).',
  'query:offset': 'Entries to skip before the first one returned (for paging).',
  'query:before': 'Only entries older than this time (ISO 8601), to page back through the log.',
  'query:targetId': 'Only entries about the record with this id.',
  'query:targetType': 'Only entries about records of this type (e.g. `mailbox`, `endpoint`).',
  'query:featureGroupId': 'Only mailboxes of this feature group.',
  'query:storageMode': 'Only mailboxes with this storage mode.',
  'query:search': 'Only mailboxes whose number or display name contains this text (any case).',
  'query:folder': '`inbox` (default), `trash` (deleted, restorable) or `all`.',
  'query:unreadOnly': 'Only messages not heard yet.',
  'query:format':
    'Audio format: `original` (as deposited), `endpoint` (the voice format of the mailbox’s endpoint) or a voice format.',
  'query:permanent': 'Purge the message for good instead of moving it to the trash.',
  'query:from': 'Only events (and occurrences) ending after this time (ISO 8601).',
  'query:to': 'Only events (and occurrences) starting before this time (ISO 8601).',
  'query:history': 'How many earlier locations to return, newest first.',

  // login, administrators, tokens
  username: 'Administrator login name.',
  password: 'The password, as typed (never trimmed).',
  'admin-users:password': 'The new password: at least 10 characters.',
  mailbox: 'Mailbox number to log in to (digits).',
  pin: 'Mailbox PIN: 4 to 16 digits. Write-only; `null` removes it.',
  currentPin: 'The PIN the mailbox has now.',
  newPin: 'The new PIN: 4 to 16 digits.',
  'tokens:name': 'A name that says who uses the token (e.g. `pbx`); shown in the audit log.',

  // endpoints
  'endpoints:name': 'Unique name of the endpoint (any case).',
  address:
    'Where the mail server is: `ews:host` or `ews:https://host/EWS/Exchange.asmx` for Exchange (the lowercase `ews:` prefix is required).',
  port: 'TCP port, 1 to 65535; default 443. Must agree with a port written in the URL.',
  voiceFormat:
    'Format the voice messages are converted to for this server: mp3, wav-pcm, wav-ulaw, wav-alaw or wav-gsm.',
  authMethod:
    'How the service account logs on: `ntlm` (default), `basic` or `oauth2` (not configurable yet).',
  exchangeVersion: 'Exchange release to speak to: `auto` (detect), `2013`, `2016` or `2019`.',
  trustedCertificates: 'The certificates trusted for this endpoint (replaces the list).',
  'trustedCertificates.fingerprint': 'SHA-256 fingerprint of the certificate, hex with or without colons.',
  'trustedCertificates.pem': 'The certificate in PEM form; must match the fingerprint when given.',
  'trustedCertificates.label': 'A note saying what the certificate is.',
  fingerprint: 'SHA-256 fingerprint of a certificate the server presents now, hex with or without colons.',
  label: 'A note saying what the certificate is.',
  featureGroupId: 'Id of the feature group.',
  'endpoints:featureGroupId':
    'Test with this feature group’s service account (default: the group using the endpoint).',
  'endpoints:mailboxId':
    'Test as this mailbox will synchronize: its own credentials, or its group’s service account impersonating it.',
  impersonate: 'SMTP address the service account impersonates in the impersonation step.',
  demo: 'Demo data (created by `voxsync demo`).',

  // feature groups
  'feature-groups:name': 'Unique name of the feature group (any case).',
  sync: 'How the group’s mailboxes synchronize with Exchange.',
  'sync.serviceAccount':
    'Service account with ApplicationImpersonation: `user@domain`, `DOMAIN\\user` or `user`; `null` for none.',
  'sync.password': 'The service account’s password. Write-only; absent keeps it, `null` removes it.',
  'sync.passwordConfirmation': 'The password again; must equal `sync.password` when that is given.',
  'sync.endpointId': 'Id of the Exchange (EWS) endpoint the group synchronizes with; `null` for none.',
  'sync.calendarMode': 'Calendar synchronization: `none` or `sync`.',
  'sync.contacts': 'Synchronize contacts.',
  'sync.messages': 'Place voice messages in Exchange.',
  'sync.inboxFolder': 'The Exchange folder voice messages go to (default Inbox).',
  mailboxOptions: 'Options for every mailbox of the group.',
  'mailboxOptions.changeLocation': 'A busy calendar event sets the user’s UC location while it lasts.',

  // mailboxes
  number: 'Mailbox number: 1 to 15 digits, unique.',
  displayName: 'Name shown for the mailbox.',
  license: 'License: `messaging`, `messaging-collab` or `basic` (basic cannot synchronize).',
  useFeatureGroupSettings:
    'True: the group’s service account impersonates `exchangeAddress`. False: the mailbox logs on with its own credentials.',
  exchangeUserName: 'The mailbox’s own Exchange logon name (`user@domain`, `DOMAIN\\user` or `user`).',
  exchangePassword: 'The mailbox’s own Exchange password. Write-only; absent keeps it, `null` removes it.',
  exchangePasswordConfirmation: 'The password again; must equal `exchangePassword` when that is given.',
  exchangeAddress: 'SMTP address of the Exchange mailbox; one voxsync mailbox per Exchange mailbox.',
  storageMode: '`local` (kept in voxsync only) or `synchronization` (kept in step with Exchange).',
  ucLocation: 'The UC location (presence) the mailbox shows, e.g. Office; `null` for none.',
  'calendar:ucLocation': 'UC location this event sets while it lasts (default Meeting).',

  // voice messages
  read: 'Heard (true) or new (false); changes the message-waiting indicator.',
  urgent: 'Marked urgent.',
  private: 'Marked private.',

  // contacts
  givenName: 'First name.',
  middleName: 'Middle name.',
  surname: 'Last name.',
  nickname: 'Nickname.',
  company: 'Company.',
  department: 'Department.',
  jobTitle: 'Job title.',
  notes: 'Free text notes.',
  emails: 'E-mail addresses, at most three (Exchange’s E-mail 1 to 3).',
  'emails.address': 'The e-mail address.',
  'emails.name': 'The name shown with the address.',
  'emails.slot': 'Exchange slot 1, 2 or 3 the address sits in; `null` takes the first free one.',
  phones: 'Phone numbers, at most one per kind.',
  'phones.kind': 'What the number is (e.g. business, mobile, home, businessFax).',
  'phones.number': 'The number as written.',
  addresses: 'Postal addresses, at most one per kind.',
  'addresses.kind': '`business`, `home` or `other`.',
  'addresses.street': 'Street and number.',
  'addresses.city': 'City.',
  'addresses.state': 'State or region.',
  'addresses.postalCode': 'Postal code.',
  'addresses.country': 'Country.',

  // calendar
  subject: 'Title of the event.',
  start:
    'Start: a date (YYYY-MM-DD) for an all-day event, else an ISO 8601 time with an offset, or a local time read in `timeZone`.',
  end: 'End, in the same form as `start`; not before it (all-day: at least one day after).',
  timeZone:
    'Time zone the event was written in: IANA (`Europe/Paris`) or Windows (`Romance Standard Time`); default UTC.',
  allDay: 'An all-day event: `start` and `end` are dates.',
  location: 'Where the event takes place.',
  'location:location': 'The new UC location, e.g. Office, Home, Meeting, Mobile, Vacation.',
  busyStatus: 'How the time shows in the calendar: free, tentative, busy, oof, workingElsewhere or noData.',
  recurrence: 'Repetition; `null` for a single event.',
  'recurrence.rrule': 'RFC 5545 recurrence rule, e.g. `FREQ=WEEKLY;BYDAY=MO;COUNT=10`.',
  'recurrence.deletedOccurrences': 'Starts of occurrences that were deleted (as `start` is written).',
  'recurrence.exceptions': 'Occurrences moved or changed.',
  'recurrence.exceptions.originalStart': 'The start the occurrence had in the series.',
  'recurrence.exceptions.start': 'Its new start.',
  'recurrence.exceptions.end': 'Its new end.',
  'recurrence.exceptions.subject': 'Its own title, when it differs.',
  'recurrence.exceptions.location': 'Its own location, when it differs.',
  'recurrence.exceptions.busyStatus': 'Its own busy status, when it differs.',
  reminderMinutes: 'Minutes before the start to remind; `null` for no reminder.',
  body: 'Description text of the event.',

  // UC location
  source: 'Who set the location: `manual` (default) or `calendar`.',
  calendarEventId: 'The calendar event that set the location, when `source` is `calendar`.',

  // webhooks
  'webhooks:name': 'A name for the webhook.',
  url: 'The receiver’s absolute http:// or https:// URL; each event is POSTed to it.',
  secret: 'Key of the HMAC-SHA256 signature (`X-Voxsync-Signature`). Write-only.',
  eventTypes: 'Event types to send (e.g. `message.created`); empty for all.',
  'webhooks:mailboxId': 'Only events of this mailbox; `null` for every mailbox.',
  enabled: 'Deliver events (false pauses the webhook).',
  mailboxId: 'Id of the mailbox.',
};

/** The resource a URL is about: the segment after /api/v1, or after the mailbox id for mailbox content. */
export function resourceOf(url: string): string {
  const parts = url.replace(/^\/api\/v1\//, '').split('/');
  if (parts[0] === 'mailboxes' && parts[2] !== undefined) return parts[2];
  return parts[0] ?? '';
}

export function fieldDescription(resource: string, field: string): string | undefined {
  return FIELDS[`${resource}:${field}`] ?? FIELDS[field];
}

type Json = Record<string, unknown>;

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Adds glossary descriptions to the properties of a JSON Schema that have none (in place, on a copy). */
export function describeProperties(schema: unknown, resource: string, path: readonly string[] = []): unknown {
  if (!isJson(schema)) return schema;
  const out: Json = { ...schema };
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = out[k];
    if (Array.isArray(list)) out[k] = list.map((s) => describeProperties(s, resource, path));
  }
  if (out.items !== undefined) out.items = describeProperties(out.items, resource, path);
  if (isJson(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([name, prop]) => {
        const fieldPath = [...path, name];
        const described = describeProperties(prop, resource, fieldPath);
        if (!isJson(described) || typeof described.description === 'string') return [name, described];
        const text = fieldDescription(resource, fieldPath.join('.'));
        return [name, text ? { ...described, description: text } : described];
      }),
    );
  }
  return out;
}

/** Parameters (path, query) get their glossary description under `path:<name>` / `query:<name>`. */
export function describeParameters(schema: unknown, resource: string, kind: 'path' | 'query'): unknown {
  if (!isJson(schema) || !isJson(schema.properties)) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(schema.properties).map(([name, prop]) => {
        if (!isJson(prop) || typeof prop.description === 'string') return [name, prop];
        const text = fieldDescription(resource, `${kind}:${name}`);
        return [name, text ? { ...prop, description: text } : prop];
      }),
    ),
  };
}
