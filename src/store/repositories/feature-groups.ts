import {
  ConflictError,
  ErrorCodes,
  NotFoundError,
  type FeatureGroup,
  type FeatureGroupDraft,
  type Mailbox,
} from '../../domain/index.ts';
import type { Secret } from '../../secrets/index.ts';
import { type CredentialCipher } from '../../secrets/index.ts';
import { fromBool, lockRow, newId, uniqueViolation, type Clock, type Executor } from '../support.ts';
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
    cipher: CredentialCipher,
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

  /** Takes the group's row lock for the rest of the transaction; false when it does not exist. */
  lock(id: string): Promise<boolean> {
    return lockRow(this.db, 'feature_groups', id);
  }

  /** Stores a new, already-validated group (the service password encrypted, bound to the id); returns its id. */
  async insert(draft: FeatureGroupDraft): Promise<string> {
    const id = newId();
    const now = this.clock().toISOString();
    await guardUnique(draft.name, () =>
      this.db
        .insertInto('feature_groups')
        .values({
          id,
          ...columns(draft),
          service_password_enc: this.password.encrypt(id, draft.sync.password ?? null),
          demo: fromBool(draft.demo),
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    return id;
  }

  /**
   * Overwrites a group with already-validated values. `servicePassword` undefined keeps the stored
   * password, null removes it.
   */
  async update(
    id: string,
    draft: FeatureGroupDraft,
    servicePassword: string | null | undefined,
  ): Promise<void> {
    await guardUnique(draft.name, () =>
      this.db
        .updateTable('feature_groups')
        .set({
          ...columns(draft),
          ...(servicePassword !== undefined
            ? { service_password_enc: this.password.encrypt(id, servicePassword) }
            : {}),
          updated_at: this.clock().toISOString(),
        })
        .where('id', '=', id)
        .execute(),
    );
  }

  /** How many mailboxes belong to the group. */
  async mailboxCount(id: string): Promise<number> {
    const r = await this.db
      .selectFrom('mailboxes')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('feature_group_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The group's mailboxes that synchronize. */
  async synchronizingMailboxes(id: string): Promise<Mailbox[]> {
    const rows = await this.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('feature_group_id', '=', id)
      .where('storage_mode', '=', 'synchronization')
      .execute();
    return rows.map(toMailbox);
  }

  /** Deletes the row; false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('feature_groups').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
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
}

function columns(d: FeatureGroupDraft) {
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
