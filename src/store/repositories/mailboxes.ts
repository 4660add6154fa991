import {
  ConflictError,
  ErrorCodes,
  NotFoundError,
  applyMailboxPatch,
  checkMailboxRules,
  effectiveExchangeAddress,
  exchangeAddressKey,
  parseMailboxInput,
  type Mailbox,
  type MailboxDraft,
  type MailboxInput,
  type StorageMode,
} from '../../domain/index.ts';
import type { Secret } from '../../secrets/index.ts';
import { hashPin, verifyPin, type CredentialCipher } from '../../secrets/index.ts';
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

export interface ExchangeCredentials {
  readonly userName: string;
  readonly password: Secret;
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
    private readonly cipher: CredentialCipher,
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

  async create(input: MailboxInput): Promise<Mailbox> {
    const draft = parseMailboxInput(input);
    const pinHash = draft.pin ? await hashPin(draft.pin) : null;
    const id = newId();
    const now = this.clock().toISOString();
    await inTransaction(this.db, async (tx) => {
      await this.checkRules(tx, draft, false);
      await guardUnique(draft, () =>
        tx
          .insertInto('mailboxes')
          .values({
            id,
            ...columns(draft),
            exchange_password_enc: this.password.encrypt(id, draft.exchangePassword ?? null),
            pin_hash: pinHash,
            demo: fromBool(draft.demo),
            created_at: now,
            updated_at: now,
          })
          .execute(),
      );
    });
    return this.get(id);
  }

  async update(id: string, patch: unknown): Promise<Mailbox> {
    // Validate and hash the PIN (slow by design) before taking any lock; then re-apply the patch to
    // the locked, current row so a concurrent update of other fields is never undone.
    const early = applyMailboxPatch(await this.get(id), patch);
    const pinHash = early.pin ? await hashPin(early.pin) : early.pin;
    return inTransaction(this.db, async (tx) => {
      await lockRow(tx, 'mailboxes', id);
      const fresh = await new MailboxRepository(tx, this.cipher, this.clock).get(id);
      const draft = applyMailboxPatch(fresh, patch);
      await this.checkRules(tx, draft, fresh.hasExchangePassword);
      await guardUnique(draft, () =>
        tx
          .updateTable('mailboxes')
          .set({
            ...columns(draft),
            ...(draft.exchangePassword !== undefined
              ? { exchange_password_enc: this.password.encrypt(id, draft.exchangePassword) }
              : {}),
            ...(pinHash !== undefined ? { pin_hash: pinHash } : {}),
            updated_at: this.clock().toISOString(),
          })
          .where('id', '=', id)
          .execute(),
      );
      if (draft.ucLocation !== null && draft.ucLocation !== fresh.ucLocation) {
        // A location set through the mailbox record is a manual change; keep it in the history too.
        await tx
          .insertInto('location_history')
          .values({
            id: newId(),
            mailbox_id: id,
            location: draft.ucLocation,
            source: 'manual',
            calendar_event_id: null,
            set_at: this.clock().toISOString(),
          })
          .execute();
      }
      return new MailboxRepository(tx, this.cipher, this.clock).get(id);
    });
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

  private async checkRules(tx: Executor, draft: MailboxDraft, storedPassword: boolean): Promise<void> {
    const groupRow = await tx
      .selectFrom('feature_groups')
      .selectAll()
      .where('id', '=', draft.featureGroupId)
      .executeTakeFirst();
    const featureGroup = groupRow ? toFeatureGroup(groupRow) : null;
    const endpoint =
      featureGroup?.sync.endpointId != null
        ? await new EndpointRepository(tx, this.clock).find(featureGroup.sync.endpointId)
        : null;
    checkMailboxRules(draft, { featureGroup, endpoint, storedExchangePassword: storedPassword });
  }
}

function columns(d: MailboxDraft) {
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

async function guardUnique(d: MailboxDraft, write: () => Promise<unknown>): Promise<void> {
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
