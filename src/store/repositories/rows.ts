import type { Selectable } from 'kysely';
import type { FeatureGroup, Mailbox } from '../../domain/index.ts';
import type { FeatureGroupsTable, MailboxesTable } from '../schema.ts';
import { toBool } from '../support.ts';

/** Row-to-domain mappers shared by repositories that read each other's tables. */
export function toFeatureGroup(r: Selectable<FeatureGroupsTable>): FeatureGroup {
  return {
    id: r.id,
    name: r.name,
    sync: {
      serviceAccount: r.service_account,
      hasServicePassword: r.service_password_enc !== null,
      endpointId: r.endpoint_id,
      calendarMode: r.calendar_mode,
      contacts: toBool(r.sync_contacts),
      messages: toBool(r.sync_messages),
      inboxFolder: r.inbox_folder,
    },
    mailboxOptions: { changeLocation: toBool(r.change_location) },
    demo: toBool(r.demo),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toMailbox(r: Selectable<MailboxesTable>): Mailbox {
  return {
    id: r.id,
    number: r.number,
    displayName: r.display_name,
    license: r.license,
    featureGroupId: r.feature_group_id,
    useFeatureGroupSettings: toBool(r.use_feature_group_settings),
    exchangeUserName: r.exchange_user_name,
    hasExchangePassword: r.exchange_password_enc !== null,
    exchangeAddress: r.exchange_address,
    storageMode: r.storage_mode,
    hasPin: r.pin_hash !== null,
    ucLocation: r.uc_location,
    demo: toBool(r.demo),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
