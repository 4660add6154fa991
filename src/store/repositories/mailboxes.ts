import {
  ConflictError,
  ErrorCodes,
  NotFoundError,
  effectiveExchangeAddress,
  exchangeAddressKey,
  type License,
  type Mailbox,
  type StorageMode,
} from '../../domain/index.ts';
import type { Secret } from '../../secrets/index.ts';
import { verifyPin, type CredentialCipher } from '../../secrets/index.ts';
import { fromBool, lockRow, newId, uniqueViolation, type Clock, type Executor } from '../support.ts';
import { PasswordColumn } from './password-column.ts';
import { toMailbox } from './rows.ts';

export interface ExchangeCredentials {
  readonly userName: string;
  readonly password: Secret;
}

/** The validated, non-secret values of a mailbox row. */
export interface MailboxRow {
  readonly number: string;
  readonly displayName: string;
  readonly license: License;
  readonly featureGroupId: string;
  readonly useFeatureGroupSettings: boolean;
  readonly exchangeUserName: string | null;
  readonly exchangeAddress: string | null;
  readonly storageMode: StorageMode;
  readonly ucLocation: string | null;
}

export interface NewMailboxRow extends MailboxRow {
  readonly demo: boolean;
  /** In plain text; stored encrypted. */
  readonly exchangePassword: string | null;
  /** The scrypt hash of the PIN, never the PIN. */
  readonly pinHash: string | null;
}

/** A row update; an undefined secret stays as stored, null clears it. */
export interface MailboxRowPatch extends MailboxRow {
  readonly exchangePassword?: string | null | undefined;
  readonly pinHash?: string | null | undefined;
}

export interface MailboxListOptions {
  readonly featureGroupId?: string;
  readonly storageMode?: StorageMode;
  /** Prefix match on the number or case-insensitive substring of the display name. */
  readonly search?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Voice mailboxes. The own Exchange password is AES-256-GCM encrypted (bound to the mailbox id); the
 * PIN is stored only as a scrypt hash. Number and Exchange address are unique (the latter
 * case-insensitively), enforced by unique indexes so concurrent writers cannot both win.
 */
export class MailboxRepository {
  private readonly password: PasswordColumn;

  constructor(
    private readonly db: Executor,
    cipher: CredentialCipher,
    private readonly clock: Clock,
  ) {
    this.password = new PasswordColumn(cipher, 'mailboxes.exchange_password');
  }

  async list(opts: MailboxListOptions = {}): Promise<Mailbox[]> {
    let q = this.db.selectFrom('mailboxes').selectAll().orderBy('number');
    if (opts.featureGroupId !== undefined) q = q.where('feature_group_id', '=', opts.featureGroupId);
    if (opts.storageMode !== undefined) q = q.where('storage_mode', '=', opts.storageMode);
    if (opts.search !== undefined && opts.search !== '') {
      const s = opts.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      q = q.where((eb) =>
        eb.or([eb('number', 'like', `${s}%`), eb(eb.fn('lower', ['display_name']), 'like', `%${s}%`)]),
      );
    }
    if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset ?? 0);
    return (await q.execute()).map(toMailbox);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('mailboxes')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async find(id: string): Promise<Mailbox | null> {
    const row = await this.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMailbox(row) : null;
  }

  async findByNumber(number: string): Promise<Mailbox | null> {
    const row = await this.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('number', '=', number.trim())
      .executeTakeFirst();
    return row ? toMailbox(row) : null;
  }

  async findByExchangeAddress(address: string): Promise<Mailbox | null> {
    const row = await this.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('exchange_address_key', '=', exchangeAddressKey(address))
      .executeTakeFirst();
    return row ? toMailbox(row) : null;
  }

  async get(id: string): Promise<Mailbox> {
    const m = await this.find(id);
    if (!m) throw new NotFoundError(ErrorCodes.mailboxNotFound, `There is no mailbox with id "${id}".`);
    return m;
  }

  /** Takes the mailbox's row lock for the rest of the transaction; false when it does not exist. */
  lock(id: string): Promise<boolean> {
    return lockRow(this.db, 'mailboxes', id);
  }

  /**
   * Writes a new mailbox. The values are already validated and the PIN already hashed (the services
   * do both); the own Exchange password is encrypted here, bound to the new id, which is returned.
   */
  async insert(row: NewMailboxRow): Promise<string> {
    const id = newId();
    const now = this.clock().toISOString();
    await guardUnique(row, () =>
      this.db
        .insertInto('mailboxes')
        .values({
          id,
          ...columns(row),
          exchange_password_enc: this.password.encrypt(id, row.exchangePassword),
          pin_hash: row.pinHash,
          demo: fromBool(row.demo),
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    return id;
  }

  /** Overwrites a mailbox's fields with already-validated values; secrets only when given. */
  async update(id: string, row: MailboxRowPatch): Promise<void> {
    await guardUnique(row, () =>
      this.db
        .updateTable('mailboxes')
        .set({
          ...columns(row),
          ...(row.exchangePassword !== undefined
            ? { exchange_password_enc: this.password.encrypt(id, row.exchangePassword) }
            : {}),
          ...(row.pinHash !== undefined ? { pin_hash: row.pinHash } : {}),
          updated_at: this.clock().toISOString(),
        })
        .where('id', '=', id)
        .execute(),
    );
  }

  /** Deletes the mailbox and everything it holds (messages, audio, contacts, calendar, history). */
  async delete(id: string): Promise<void> {
    const res = await this.db.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) {
      throw new NotFoundError(ErrorCodes.mailboxNotFound, `There is no mailbox with id "${id}".`);
    }
  }

  /** The mailbox's own decrypted Exchange credentials; null when it has none. */
  async exchangeCredentials(id: string): Promise<ExchangeCredentials | null> {
    const row = await this.db
      .selectFrom('mailboxes')
      .select(['exchange_user_name', 'exchange_password_enc'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.exchange_user_name || !row.exchange_password_enc) return null;
    return {
      userName: row.exchange_user_name,
      password: this.password.decrypt(id, row.exchange_password_enc),
    };
  }

  /** False when the mailbox has no PIN or it differs; constant-time comparison of scrypt hashes. */
  async verifyPin(id: string, pin: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('mailboxes')
      .select('pin_hash')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.pin_hash) return false;
    return verifyPin(pin, row.pin_hash);
  }
}

function columns(d: MailboxRow) {
  const address = effectiveExchangeAddress(d);
  return {
    number: d.number,
    display_name: d.displayName,
    license: d.license,
    feature_group_id: d.featureGroupId,
    use_feature_group_settings: fromBool(d.useFeatureGroupSettings),
    exchange_user_name: d.exchangeUserName,
    exchange_address: d.exchangeAddress,
    exchange_address_key: exchangeAddressKey(address),
    storage_mode: d.storageMode,
    uc_location: d.ucLocation,
  };
}

async function guardUnique(d: MailboxRow, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const which = uniqueViolation(err);
    if (which === 'mailboxes.number') {
      throw new ConflictError(
        ErrorCodes.mailboxNumberTaken,
        'number',
        `Mailbox number ${d.number} is already in use.`,
      );
    }
    if (which === 'mailboxes.exchange_address_key') {
      throw new ConflictError(
        ErrorCodes.exchangeAddressTaken,
        'exchangeAddress',
        `Another mailbox is already bound to the Exchange address ${effectiveExchangeAddress(d) ?? ''}; two mailboxes cannot share one Exchange mailbox.`,
      );
    }
    throw err;
  }
}
