import { z } from 'zod';
import {
  authMethods,
  calendarModes,
  exchangeVersions,
  licenses,
  storageModes,
  voiceFormats,
} from '../../domain/index.ts';

/**
 * Response shapes of the configuration model. They name every field an answer may carry; the
 * serializer drops anything else, so write-only credentials (passwords, PIN) cannot be returned
 * even if a record carried them.
 */
export const endpointResponse = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  kind: z.enum(['ews', 'imap']),
  url: z.string().nullable(),
  port: z.number(),
  voiceFormat: z.enum(voiceFormats),
  authMethod: z.enum(authMethods),
  exchangeVersion: z.enum(exchangeVersions),
  trustedCertificates: z.array(
    z.object({
      fingerprint: z.string(),
      pem: z.string().nullable(),
      label: z.string().nullable(),
      addedAt: z.string(),
    }),
  ),
  connectorAvailable: z.boolean(),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const featureGroupResponse = z.object({
  id: z.string(),
  name: z.string(),
  sync: z.object({
    serviceAccount: z.string().nullable(),
    hasServicePassword: z.boolean(),
    endpointId: z.string().nullable(),
    calendarMode: z.enum(calendarModes),
    contacts: z.boolean(),
    messages: z.boolean(),
    inboxFolder: z.string(),
  }),
  mailboxOptions: z.object({ changeLocation: z.boolean() }),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const mailboxResponse = z.object({
  id: z.string(),
  number: z.string(),
  displayName: z.string(),
  license: z.enum(licenses),
  featureGroupId: z.string(),
  useFeatureGroupSettings: z.boolean(),
  exchangeUserName: z.string().nullable(),
  hasExchangePassword: z.boolean(),
  exchangeAddress: z.string().nullable(),
  storageMode: z.enum(storageModes),
  hasPin: z.boolean(),
  ucLocation: z.string().nullable(),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const idParams = z.object({ id: z.string().min(1).max(64) });
export const mailboxParams = z.object({ mailboxId: z.string().min(1).max(64) });
