/** Small builders for store tests: a synchronizing endpoint/group/mailbox set with unique names. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Endpoint, FeatureGroup, Mailbox, MailboxInput } from '../../src/domain/index.ts';
import { EndpointService, FeatureGroupService } from '../../src/services/configuration.ts';
import { MailboxService } from '../../src/services/mailboxes.ts';
import type { Store } from '../../src/store/index.ts';

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

let nextNumber = 1000 + Math.floor(Math.random() * 1000) * 1000;
/** A mailbox number unused within this process. */
export function uniqueNumber(): string {
  nextNumber += 1;
  return String(nextNumber);
}

export const SERVICE_PASSWORD = 'Svc-Pa55word!';

export async function syncSetup(
  r: Store,
  mailbox: Partial<MailboxInput> = {},
): Promise<{ endpoint: Endpoint; group: FeatureGroup; mailbox: Mailbox }> {
  const endpoint = await new EndpointService(r).create({
    name: unique('exchange'),
    address: `ews:${unique('mail')}.example.com`,
  });
  const group = await new FeatureGroupService(r).create({
    name: unique('group'),
    sync: {
      serviceAccount: 'svc@example.com',
      password: SERVICE_PASSWORD,
      passwordConfirmation: SERVICE_PASSWORD,
      endpointId: endpoint.id,
    },
  });
  const m = await new MailboxService(r).create({
    number: uniqueNumber(),
    displayName: 'Alice Example',
    featureGroupId: group.id,
    exchangeAddress: `${unique('alice')}@example.com`,
    storageMode: 'synchronization',
    ...mailbox,
  });
  return { endpoint, group, mailbox: m };
}

/** A row as an IMAP endpoint was stored before addresses without "ews:" were refused. */
export async function insertStoredImapEndpoint(store: Store, name: string): Promise<string> {
  const id = `legacy-${randomUUID()}`;
  const now = new Date().toISOString();
  await store.db
    .insertInto('endpoints')
    .values({
      id,
      name,
      name_key: name.toLowerCase(),
      address: 'imap.example.com',
      kind: 'imap',
      url: null,
      port: 993,
      voice_format: 'mp3',
      auth_method: 'ntlm',
      exchange_version: 'auto',
      demo: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
