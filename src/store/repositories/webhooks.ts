import type { Selectable } from 'kysely';
import type { WebhooksTable } from '../schema.ts';
import { fromBool, newId, toBool, type Clock, type Executor } from '../support.ts';

export interface Webhook {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  /** Empty = every event type. */
  readonly eventTypes: readonly string[];
  /** Only this mailbox's events; null = all mailboxes. */
  readonly mailboxId: string | null;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WebhookInput {
  readonly name: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly mailboxId: string | null;
  readonly enabled: boolean;
}

/** Webhook subscriptions; the signing secret is stored as ciphertext made by the caller. */
export class WebhooksRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async create(input: WebhookInput, secretCiphertext: string): Promise<Webhook> {
    const now = this.clock().toISOString();
    const row: Selectable<WebhooksTable> = {
      id: newId(),
      name: input.name,
      url: input.url,
      secret_ciphertext: secretCiphertext,
      event_types: JSON.stringify(input.eventTypes),
      mailbox_id: input.mailboxId,
      enabled: fromBool(input.enabled),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('webhooks').values(row).execute();
    return toWebhook(row);
  }

  async update(
    id: string,
    input: Partial<WebhookInput>,
    secretCiphertext?: string,
  ): Promise<Webhook | undefined> {
    const set: Partial<Selectable<WebhooksTable>> = { updated_at: this.clock().toISOString() };
    if (input.name !== undefined) set.name = input.name;
    if (input.url !== undefined) set.url = input.url;
    if (input.eventTypes !== undefined) set.event_types = JSON.stringify(input.eventTypes);
    if (input.mailboxId !== undefined) set.mailbox_id = input.mailboxId;
    if (input.enabled !== undefined) set.enabled = fromBool(input.enabled);
    if (secretCiphertext !== undefined) set.secret_ciphertext = secretCiphertext;
    await this.db.updateTable('webhooks').set(set).where('id', '=', id).execute();
    return this.get(id);
  }

  async get(id: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toWebhook(row) : undefined;
  }

  async secretCiphertext(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('webhooks')
      .select('secret_ciphertext')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.secret_ciphertext;
  }

  async list(): Promise<Webhook[]> {
    const rows = await this.db.selectFrom('webhooks').selectAll().orderBy('created_at').execute();
    return rows.map(toWebhook);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    mailboxId: row.mailbox_id,
    enabled: toBool(row.enabled),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
