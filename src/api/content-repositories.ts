import type { AudioCacheRepository } from '../store/repositories/audio-cache.ts';
import type { CalendarRepository } from '../store/repositories/calendar.ts';
import type { ContactRepository } from '../store/repositories/contacts.ts';
import type { LocationRepository } from '../store/repositories/locations.ts';
import type { EndpointRepository } from '../store/repositories/endpoints.ts';
import type { FeatureGroupRepository } from '../store/repositories/feature-groups.ts';
import type { MailboxRepository } from '../store/repositories/mailboxes.ts';
import type { MessageRepository } from '../store/repositories/messages.ts';
import type { MwiRepository } from '../store/repositories/mwi.ts';

/** The store's repositories the resource routes work on. */
export interface ContentRepositories {
  readonly endpoints: EndpointRepository;
  readonly featureGroups: FeatureGroupRepository;
  readonly mailboxes: MailboxRepository;
  readonly messages: MessageRepository;
  readonly mwi: MwiRepository;
  readonly audioCache: AudioCacheRepository;
  readonly contacts: ContactRepository;
  readonly calendar: CalendarRepository;
  readonly locations: LocationRepository;
}
