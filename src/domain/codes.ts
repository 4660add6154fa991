/**
 * Stable error codes. Clients may switch on these; never rename one, only add. The value is
 * `<aggregate>.<rule>`; generic shape errors from the schemas use `invalid.<zod issue code>`.
 */
export const ErrorCodes = {
  // endpoint
  endpointNameTaken: 'endpoint.name_taken',
  endpointAddressRequired: 'endpoint.address_required',
  endpointAddressSchemeCase: 'endpoint.address_scheme_not_lowercase',
  endpointAddressSchemeMissing: 'endpoint.address_scheme_missing',
  endpointAddressInvalid: 'endpoint.address_invalid',
  endpointAddressInsecure: 'endpoint.address_insecure',
  endpointAddressCredentials: 'endpoint.address_contains_credentials',
  endpointPortOutOfRange: 'endpoint.port_out_of_range',
  endpointPortConflict: 'endpoint.port_conflict',
  endpointNotFound: 'endpoint.not_found',
  endpointInUse: 'endpoint.in_use',
  certificateFingerprintInvalid: 'certificate.fingerprint_invalid',
  certificatePemInvalid: 'certificate.pem_invalid',
  certificateFingerprintMismatch: 'certificate.fingerprint_mismatch',
  certificateDuplicate: 'certificate.duplicate',
  // feature group
  featureGroupNameTaken: 'feature_group.name_taken',
  featureGroupNotFound: 'feature_group.not_found',
  featureGroupUnknown: 'feature_group.unknown',
  featureGroupInUse: 'feature_group.in_use',
  serviceAccountInvalid: 'feature_group.service_account_invalid',
  passwordRequired: 'credentials.password_required',
  passwordConfirmationMismatch: 'credentials.password_confirmation_mismatch',
  endpointUnknown: 'feature_group.endpoint_unknown',
  featureGroupEndpointNotEws: 'feature_group.endpoint_not_ews',
  groupBreaksSynchronizingMailboxes: 'feature_group.breaks_synchronizing_mailboxes',
  // mailbox
  mailboxNotFound: 'mailbox.not_found',
  mailboxNumberInvalid: 'mailbox.number_invalid',
  mailboxNumberTaken: 'mailbox.number_taken',
  exchangeAddressInvalid: 'mailbox.exchange_address_invalid',
  exchangeAddressTaken: 'mailbox.exchange_address_taken',
  exchangeAddressRequired: 'mailbox.exchange_address_required',
  licenseCannotSynchronize: 'mailbox.license_cannot_synchronize',
  syncEndpointMissing: 'mailbox.sync_endpoint_missing',
  syncConnectorUnavailable: 'mailbox.sync_connector_unavailable',
  syncCredentialsMissing: 'mailbox.sync_credentials_missing',
  pinInvalid: 'mailbox.pin_invalid',
  currentPinWrong: 'mailbox.current_pin_wrong',
  // messages and content
  messageNotFound: 'message.not_found',
  messageAudioEmpty: 'message.audio_empty',
  messageCallerNumberInvalid: 'message.caller_number_invalid',
  contactNotFound: 'contact.not_found',
  contactTooManyEmails: 'contact.too_many_emails',
  contactEmpty: 'contact.empty',
  contactDuplicateKind: 'contact.duplicate_kind',
  calendarEventNotFound: 'calendar.event_not_found',
  calendarEndBeforeStart: 'calendar.end_before_start',
  calendarTimeInvalid: 'calendar.time_invalid',
  calendarAllDayNeedsDates: 'calendar.all_day_needs_dates',
  calendarTimeZoneUnknown: 'calendar.time_zone_unknown',
  calendarRecurrenceInvalid: 'calendar.recurrence_invalid',
  calendarExceptionInvalid: 'calendar.exception_invalid',
  locationInvalid: 'location.invalid',
  mwiCountInvalid: 'mwi.count_invalid',
  // administrators
  adminUsernameTaken: 'admin_user.username_taken',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
