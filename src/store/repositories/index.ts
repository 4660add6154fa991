import type { CredentialCipher } from '../../secrets/index.ts';
import type { Clock, Executor } from '../support.ts';
import { AdminUsersRepository } from './admin-users.ts';
import { ApiTokensRepository } from './api-tokens.ts';
import { AudioCacheRepository } from './audio-cache.ts';
import { AuditLogRepository } from './audit-log.ts';
import { CalendarRepository } from './calendar.ts';
import { ContactRepository } from './contacts.ts';
import { EndpointRepository } from './endpoints.ts';
import { FeatureGroupRepository } from './feature-groups.ts';
import { ImportedIdRepository } from './imported-ids.ts';
import { LocationRepository } from './locations.ts';
import { MailboxRepository } from './mailboxes.ts';
import { MessageRepository } from './messages.ts';
import { MwiRepository } from './mwi.ts';
import { SessionsRepository } from './sessions.ts';
import { WebhookDeliveriesRepository } from './webhook-deliveries.ts';
import { WebhooksRepository } from './webhooks.ts';

/** One repository per aggregate, all bound to the same executor (the database or one transaction). */
export interface Repositories {
  readonly endpoints: EndpointRepository;
  readonly featureGroups: FeatureGroupRepository;
  readonly mailboxes: MailboxRepository;
  readonly messages: MessageRepository;
  readonly audioCache: AudioCacheRepository;
  readonly mwi: MwiRepository;
  readonly contacts: ContactRepository;
  readonly calendar: CalendarRepository;
  readonly locations: LocationRepository;
  readonly importedIds: ImportedIdRepository;
  readonly adminUsers: AdminUsersRepository;
  readonly apiTokens: ApiTokensRepository;
  readonly sessions: SessionsRepository;
  readonly auditLog: AuditLogRepository;
  readonly webhooks: WebhooksRepository;
  readonly webhookDeliveries: WebhookDeliveriesRepository;
}

export function createRepositories(db: Executor, cipher: CredentialCipher, clock: Clock): Repositories {
  return {
    endpoints: new EndpointRepository(db, clock),
    featureGroups: new FeatureGroupRepository(db, cipher, clock),
    mailboxes: new MailboxRepository(db, cipher, clock),
    messages: new MessageRepository(db, clock),
    audioCache: new AudioCacheRepository(db, clock),
    mwi: new MwiRepository(db, clock),
    contacts: new ContactRepository(db, clock),
    calendar: new CalendarRepository(db, clock),
    locations: new LocationRepository(db, clock),
    importedIds: new ImportedIdRepository(db),
    adminUsers: new AdminUsersRepository(db, clock),
    apiTokens: new ApiTokensRepository(db, clock),
    sessions: new SessionsRepository(db, clock),
    auditLog: new AuditLogRepository(db, clock),
    webhooks: new WebhooksRepository(db, clock),
    webhookDeliveries: new WebhookDeliveriesRepository(db, clock),
  };
}

export {
  AdminUsersRepository,
  ApiTokensRepository,
  AudioCacheRepository,
  AuditLogRepository,
  CalendarRepository,
  ContactRepository,
  EndpointRepository,
  FeatureGroupRepository,
  ImportedIdRepository,
  LocationRepository,
  MailboxRepository,
  MessageRepository,
  MwiRepository,
  SessionsRepository,
  WebhookDeliveriesRepository,
  WebhooksRepository,
};
export type { ServiceCredentials } from './feature-groups.ts';
export type {
  ExchangeCredentials,
  MailboxListOptions,
  MailboxRow,
  MailboxRowPatch,
  NewMailboxRow,
} from './mailboxes.ts';
export type { DepositAudio, MessageResult, MessageListOptions } from './messages.ts';
export type { MwiChange } from './mwi.ts';
export type { CalendarRange } from './calendar.ts';
export type { CurrentLocation } from './locations.ts';
export type { AdminUser } from './admin-users.ts';
export type { ApiToken } from './api-tokens.ts';
export type { AuditEntry, NewAuditEntry } from './audit-log.ts';
export type { Session, SessionSubject } from './sessions.ts';
export type { Webhook, WebhookInput } from './webhooks.ts';
export type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from './webhook-deliveries.ts';
export { derivedId, type ImportedTable } from './imported-ids.ts';
