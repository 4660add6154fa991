import type { Selectable } from 'kysely';
import {
  ErrorCodes,
  NotFoundError,
  contactInputSchema,
  parseInput,
  type Contact,
  type ContactData,
  type ContactInput,
} from '../../domain/index.ts';
import type { ContactsTable } from '../schema.ts';
import { newId, parseJson, type Clock, type Executor } from '../support.ts';
import { requireMailbox } from './mailbox-guard.ts';

type Row = Selectable<ContactsTable>;

/** A mailbox's contacts. Lists (e-mails, phones, addresses) are JSON columns: always read whole. */
export class ContactRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async list(mailboxId: string): Promise<Contact[]> {
    const rows = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .orderBy('surname')
      .orderBy('given_name')
      .orderBy('id')
      .execute();
    return rows.map(toContact);
  }

  async find(mailboxId: string, id: string): Promise<Contact | null> {
    const row = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toContact(row) : null;
  }

  async get(mailboxId: string, id: string): Promise<Contact> {
    const c = await this.find(mailboxId, id);
    if (!c)
      throw new NotFoundError(ErrorCodes.contactNotFound, `There is no contact "${id}" in this mailbox.`);
    return c;
  }

  async create(mailboxId: string, input: ContactInput): Promise<Contact> {
    const data = parseInput(contactInputSchema, input);
    await requireMailbox(this.db, mailboxId);
    const id = newId();
    const now = this.clock().toISOString();
    await this.db
      .insertInto('contacts')
      .values({ id, mailbox_id: mailboxId, ...columns(data), created_at: now, updated_at: now })
      .execute();
    return this.get(mailboxId, id);
  }

  /** Replaces the contact's content (PUT semantics: the input is the whole contact). */
  async replace(mailboxId: string, id: string, input: ContactInput): Promise<Contact> {
    const data = parseInput(contactInputSchema, input);
    const res = await this.db
      .updateTable('contacts')
      .set({ ...columns(data), updated_at: this.clock().toISOString() })
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      throw new NotFoundError(ErrorCodes.contactNotFound, `There is no contact "${id}" in this mailbox.`);
    }
    return this.get(mailboxId, id);
  }

  async delete(mailboxId: string, id: string): Promise<void> {
    const res = await this.db
      .deleteFrom('contacts')
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) {
      throw new NotFoundError(ErrorCodes.contactNotFound, `There is no contact "${id}" in this mailbox.`);
    }
  }
}

function columns(c: ContactData) {
  return {
    given_name: c.givenName,
    middle_name: c.middleName,
    surname: c.surname,
    nickname: c.nickname,
    display_name: c.displayName,
    company: c.company,
    department: c.department,
    job_title: c.jobTitle,
    emails_json: JSON.stringify(c.emails),
    phones_json: JSON.stringify(c.phones),
    addresses_json: JSON.stringify(c.addresses),
    notes: c.notes,
  };
}

function toContact(r: Row): Contact {
  return {
    id: r.id,
    mailboxId: r.mailbox_id,
    givenName: r.given_name,
    middleName: r.middle_name,
    surname: r.surname,
    nickname: r.nickname,
    displayName: r.display_name,
    company: r.company,
    department: r.department,
    jobTitle: r.job_title,
    emails: parseJson<ContactData['emails']>(r.emails_json, []),
    phones: parseJson<ContactData['phones']>(r.phones_json, []),
    addresses: parseJson<ContactData['addresses']>(r.addresses_json, []),
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
