import {
  ConflictError,
  ErrorCodes,
  NotFoundError,
  ValidationError,
  applyFeatureGroupPatch,
  checkGroupEndpoint,
  checkMailboxRules,
  mailboxDraftOf,
  parseFeatureGroupInput,
  type FeatureGroup,
  type FeatureGroupDraft,
  type FeatureGroupInput,
} from '../../domain/index.ts';
import type { Secret } from '../../secrets/index.ts';
import { type CredentialCipher } from '../../secrets/index.ts';
import {
  fromBool,
  inTransaction,
  lockRow,
  newId,
  uniqueViolation,
  type Clock,
  type Executor,
} from '../support.ts';
import { EndpointRepository } from './endpoints.ts';
import { PasswordColumn } from './password-column.ts';
import { toFeatureGroup, toMailbox } from './rows.ts';

export interface ServiceCredentials {
  readonly account: string;
  readonly password: Secret;
}

/** Feature groups. The service password is encrypted with AES-256-GCM, bound to the group's id. */
export class FeatureGroupRepository {
  private readonly password: PasswordColumn;

  constructor(
    private readonly db: Executor,
    private readonly cipher: CredentialCipher,
    private readonly clock: Clock,
  ) {
    this.password = new PasswordColumn(cipher, 'feature_groups.service_password');
  }

  async list(): Promise<FeatureGroup[]> {
    const rows = await this.db.selectFrom('feature_groups').selectAll().orderBy('name_key').execute();
    return rows.map(toFeatureGroup);
  }

  async find(id: string): Promise<FeatureGroup | null> {
    const row = await this.db
      .selectFrom('feature_groups')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toFeatureGroup(row) : null;
  }

  async findByName(name: string): Promise<FeatureGroup | null> {
    const row = await this.db
      .selectFrom('feature_groups')
      .selectAll()
      .where('name_key', '=', name.trim().toLowerCase())
      .executeTakeFirst();
    return row ? toFeatureGroup(row) : null;
  }

  async get(id: string): Promise<FeatureGroup> {
    const g = await this.find(id);
    if (!g)
      throw new NotFoundError(ErrorCodes.featureGroupNotFound, `There is no feature group with id "${id}".`);
    return g;
  }

  async create(input: FeatureGroupInput): Promise<FeatureGroup> {
    const draft = parseFeatureGroupInput(input);
    const id = newId();
    const now = this.clock().toISOString();
    await inTransaction(this.db, async (tx) => {
      await checkEndpoint(tx, this.clock, draft.sync.endpointId);
      await guardUnique(draft.name, () =>
        tx
          .insertInto('feature_groups')
          .values({
            id,
            ...this.columns(id, draft),
            service_password_enc: this.password.encrypt(id, draft.sync.password ?? null),
            demo: fromBool(draft.demo),
            created_at: now,
            updated_at: now,
          })
          .execute(),
      );
    });
    return this.get(id);
  }

  /**
   * Updates a group. A change that would leave one of its synchronizing mailboxes without an endpoint
   * or credentials is refused, naming the mailboxes.
   */
  async update(id: string, patch: unknown): Promise<FeatureGroup> {
    return inTransaction(this.db, async (tx) => {
      const repo = new FeatureGroupRepository(tx, this.cipher, this.clock);
      await lockRow(tx, 'feature_groups', id);
      const current = await repo.get(id);
      const draft = applyFeatureGroupPatch(current, patch);
      const endpoint = await checkEndpoint(tx, this.clock, draft.sync.endpointId);
      const now = this.clock().toISOString();
      await guardUnique(draft.name, () =>
        tx
          .updateTable('feature_groups')
          .set({
            ...this.columns(id, draft),
            ...(draft.sync.password !== undefined || draft.sync.serviceAccount === null
              ? {
                  service_password_enc: this.password.encrypt(
                    id,
                    draft.sync.serviceAccount === null ? null : (draft.sync.password ?? null),
                  ),
                }
              : {}),
            updated_at: now,
          })
          .where('id', '=', id)
          .execute(),
      );
      const updated = await repo.get(id);
      await checkMembers(tx, updated, endpoint);
      return updated;
    });
  }

  /** Refused while mailboxes belong to the group. */
  async delete(id: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const group = await new FeatureGroupRepository(tx, this.cipher, this.clock).get(id);
      const count = await tx
        .selectFrom('mailboxes')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('feature_group_id', '=', id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) > 0) {
        throw new ConflictError(
          ErrorCodes.featureGroupInUse,
          undefined,
          `Feature group "${group.name}" still has ${Number(count.n)} mailbox(es); move or delete them first.`,
        );
      }
      await tx.deleteFrom('feature_groups').where('id', '=', id).execute();
    });
  }

  /** The decrypted service account credentials, for the connector only; null when none are set. */
  async serviceCredentials(id: string): Promise<ServiceCredentials | null> {
    const row = await this.db
      .selectFrom('feature_groups')
      .select(['service_account', 'service_password_enc'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.service_account || !row.service_password_enc) return null;
    return {
      account: row.service_account,
      password: this.password.decrypt(id, row.service_password_enc),
    };
  }

  private columns(_id: string, d: FeatureGroupDraft) {
    return {
      name: d.name,
      name_key: d.name.trim().toLowerCase(),
      service_account: d.sync.serviceAccount,
      endpoint_id: d.sync.endpointId,
      calendar_mode: d.sync.calendarMode,
      sync_contacts: fromBool(d.sync.contacts),
      sync_messages: fromBool(d.sync.messages),
      inbox_folder: d.sync.inboxFolder,
      change_location: fromBool(d.mailboxOptions.changeLocation),
    };
  }
}

async function checkEndpoint(tx: Executor, clock: Clock, endpointId: string | null) {
  if (endpointId === null) return null;
  const endpoint = await new EndpointRepository(tx, clock).find(endpointId);
  if (!endpoint) {
    throw ValidationError.single(
      ErrorCodes.endpointUnknown,
      'sync.endpointId',
      `There is no mail server endpoint with id "${endpointId}".`,
    );
  }
  checkGroupEndpoint(endpoint);
  return endpoint;
}

async function checkMembers(
  tx: Executor,
  group: FeatureGroup,
  endpoint: Awaited<ReturnType<typeof checkEndpoint>>,
): Promise<void> {
  const rows = await tx
    .selectFrom('mailboxes')
    .selectAll()
    .where('feature_group_id', '=', group.id)
    .where('storage_mode', '=', 'synchronization')
    .execute();
  const broken: string[] = [];
  for (const row of rows) {
    const m = toMailbox(row);
    try {
      checkMailboxRules(mailboxDraftOf(m), {
        featureGroup: group,
        endpoint,
        storedExchangePassword: m.hasExchangePassword,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      broken.push(`${m.number} (${err.issues.map((i) => i.message).join(' ')})`);
    }
  }
  if (broken.length > 0) {
    throw ValidationError.single(
      ErrorCodes.groupBreaksSynchronizingMailboxes,
      'sync',
      `This change would stop synchronizing mailbox(es) ${broken.join('; ')}`,
    );
  }
}

async function guardUnique(name: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (uniqueViolation(err) === 'feature_groups.name_key') {
      throw new ConflictError(
        ErrorCodes.featureGroupNameTaken,
        'name',
        `A feature group named "${name}" already exists.`,
      );
    }
    throw err;
  }
}
