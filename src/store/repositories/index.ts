import type { CredentialCipher } from '../../secrets/index.ts';
import type { Clock, Executor } from '../support.ts';
import { AudioCacheRepository } from './audio-cache.ts';
import { CalendarRepository } from './calendar.ts';
import { ContactRepository } from './contacts.ts';
import { EndpointRepository } from './endpoints.ts';
import { FeatureGroupRepository } from './feature-groups.ts';
import { LocationRepository } from './locations.ts';
import { MailboxRepository } from './mailboxes.ts';
import { MessageRepository } from './messages.ts';
import { MwiRepository } from './mwi.ts';

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
  };
}

export {
  AudioCacheRepository,
  CalendarRepository,
  ContactRepository,
  EndpointRepository,
  FeatureGroupRepository,
  LocationRepository,
  MailboxRepository,
  MessageRepository,
  MwiRepository,
};
export type { ServiceCredentials } from './feature-groups.ts';
export type { ExchangeCredentials, MailboxListOptions } from './mailboxes.ts';
export type { DepositAudio, MessageResult, MessageListOptions } from './messages.ts';
export type { MwiChange } from './mwi.ts';
export type { CalendarRange } from './calendar.ts';
export type { CurrentLocation } from './locations.ts';
