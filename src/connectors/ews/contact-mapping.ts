// voxsync contacts ↔ EWS ContactItemType, field by field (docs/sync-mapping.md has the table). Every phone
// kind of PhoneNumberKeyType, the three e-mail slots and the three postal-address kinds map one to one, so
// a contact read from Exchange and written back is unchanged, and the other way round.
import {
  contactInputSchema,
  contactLabel,
  type ContactData,
  type EmailSlot,
  type PhoneKind,
} from '../../domain/contact.ts';
import type {
  Contact as EwsContact,
  ContactEmailAddress,
  EmailAddressKey,
  PhoneNumber,
  PhoneNumberKey,
  PhysicalAddress,
  PhysicalAddressKey,
} from '../../ews/types/contact.ts';
import { ConnectorError } from '../errors.ts';

/** Domain phone kind → PhoneNumberKeyType: all 23 keys, both ways. */
export const PHONE_KEY_OF: Readonly<Record<PhoneKind, PhoneNumberKey>> = {
  assistant: 'AssistantPhone',
  businessFax: 'BusinessFax',
  business: 'BusinessPhone',
  business2: 'BusinessPhone2',
  callback: 'Callback',
  car: 'CarPhone',
  companyMain: 'CompanyMainPhone',
  homeFax: 'HomeFax',
  home: 'HomePhone',
  home2: 'HomePhone2',
  isdn: 'Isdn',
  mobile: 'MobilePhone',
  otherFax: 'OtherFax',
  other: 'OtherTelephone',
  pager: 'Pager',
  primary: 'PrimaryPhone',
  radio: 'RadioPhone',
  telex: 'Telex',
  ttyTdd: 'TtyTddPhone',
  businessMobile: 'BusinessMobile',
  ipPhone: 'IPPhone',
  mms: 'Mms',
  msn: 'Msn',
};
const PHONE_KIND_OF = new Map<string, PhoneKind>(
  Object.entries(PHONE_KEY_OF).map(([kind, key]) => [key, kind as PhoneKind]),
);

type AddressKind = ContactData['addresses'][number]['kind'];
export const ADDRESS_KEY_OF: Readonly<Record<AddressKind, PhysicalAddressKey>> = {
  business: 'Business',
  home: 'Home',
  other: 'Other',
};
const ADDRESS_KIND_OF = new Map<string, AddressKind>(
  Object.entries(ADDRESS_KEY_OF).map(([kind, key]) => [key, kind as AddressKind]),
);

const EMAIL_KEY_OF: Readonly<Record<EmailSlot, EmailAddressKey>> = {
  1: 'EmailAddress1',
  2: 'EmailAddress2',
  3: 'EmailAddress3',
};
const EMAIL_SLOT_OF = new Map<string, EmailSlot>([
  ['EmailAddress1', 1],
  ['EmailAddress2', 2],
  ['EmailAddress3', 3],
]);

/** A contact Exchange holds that voxsync's model refuses (too long a field, no name at all...). */
export class ContactMappingError extends ConnectorError {
  constructor(field: string, message: string) {
    super('connector.contact_unmappable', `The Exchange contact's ${field} cannot be stored: ${message}`);
  }
}

/** E-mail addresses with their Exchange slot: fixed slots first, the others in the free slots in order. */
function emailSlots(emails: ContactData['emails']): [EmailSlot, ContactData['emails'][number]][] {
  const taken = new Set(emails.map((e) => e.slot ?? null).filter((s): s is EmailSlot => s !== null));
  const free = ([1, 2, 3] as const).filter((s) => !taken.has(s));
  return emails
    .map((e): [EmailSlot, typeof e] => [e.slot ?? free.shift() ?? 3, e])
    .sort((a, b) => a[0] - b[0]);
}

const opt = <K extends string>(key: K, v: string | null): { [P in K]?: string } =>
  (v === null ? {} : { [key]: v }) as { [P in K]?: string };

/**
 * The EWS contact for CreateItem (or the values for UpdateItem's SetItemField). Notes travel as a Text
 * body: Outlook shows a contact's notes from the body, while ContactItemType's Notes element is newer than
 * Exchange 2010 and read-only on some servers.
 */
export function contactToEws(c: ContactData): EwsContact {
  const out: EwsContact = {
    kind: 'Contact',
    ...opt('displayName', c.displayName),
    ...opt('givenName', c.givenName),
    ...opt('middleName', c.middleName),
    ...opt('nickname', c.nickname),
    ...opt('companyName', c.company),
    ...opt('department', c.department),
    ...opt('jobTitle', c.jobTitle),
    ...opt('surname', c.surname),
  };
  if (c.notes !== null) out.body = { bodyType: 'Text', value: c.notes };
  if (c.emails.length > 0) {
    out.emailAddresses = emailSlots(c.emails).map(([slot, e]): ContactEmailAddress => {
      const entry: ContactEmailAddress = { key: EMAIL_KEY_OF[slot], address: e.address };
      if (e.name !== null) entry.name = e.name;
      return entry;
    });
  }
  if (c.phones.length > 0) {
    out.phoneNumbers = c.phones.map((p): PhoneNumber => ({ key: PHONE_KEY_OF[p.kind], number: p.number }));
  }
  if (c.addresses.length > 0) {
    out.physicalAddresses = c.addresses.map((a): PhysicalAddress => ({
      key: ADDRESS_KEY_OF[a.kind],
      ...opt('street', a.street),
      ...opt('city', a.city),
      ...opt('state', a.state),
      ...opt('postalCode', a.postalCode),
      ...opt('countryOrRegion', a.country),
    }));
  }
  return out;
}

const text = (v: string | undefined): string | null => {
  const t = v?.trim();
  return t === undefined || t === '' ? null : t;
};

/**
 * The voxsync contact of an EWS contact. Entries with an empty value are what Exchange returns for a
 * cleared field and are skipped; a key outside the schema's enumerations is refused, never dropped.
 */
export function contactFromEws(c: EwsContact): ContactData {
  const emails = (c.emailAddresses ?? [])
    .filter((e) => e.address.trim() !== '')
    .map((e) => {
      const slot = EMAIL_SLOT_OF.get(e.key);
      if (slot === undefined) throw new ContactMappingError('EmailAddresses', `unknown key "${e.key}".`);
      return { address: e.address.trim(), name: text(e.name), slot };
    })
    .sort((a, b) => a.slot - b.slot);
  const phones = (c.phoneNumbers ?? [])
    .filter((p) => p.number.trim() !== '')
    .map((p) => {
      const kind = PHONE_KIND_OF.get(p.key);
      if (kind === undefined) throw new ContactMappingError('PhoneNumbers', `unknown key "${p.key}".`);
      return { kind, number: p.number.trim() };
    });
  const addresses = (c.physicalAddresses ?? []).map((a) => {
    const kind = ADDRESS_KIND_OF.get(a.key);
    if (kind === undefined) throw new ContactMappingError('PhysicalAddresses', `unknown key "${a.key}".`);
    return {
      kind,
      street: text(a.street),
      city: text(a.city),
      state: text(a.state),
      postalCode: text(a.postalCode),
      country: text(a.countryOrRegion),
    };
  });
  const notes = c.body?.value ?? c.notes;
  const parsed = contactInputSchema.safeParse({
    givenName: text(c.givenName),
    middleName: text(c.middleName),
    surname: text(c.surname),
    nickname: text(c.nickname),
    displayName: text(c.displayName),
    company: text(c.companyName),
    department: text(c.department),
    jobTitle: text(c.jobTitle),
    emails,
    phones,
    addresses,
    notes: notes === undefined || notes === '' ? null : notes,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContactMappingError(issue?.path.join('.') || 'content', issue?.message ?? 'invalid.');
  }
  // Exchange fills in DisplayName from the name parts when a client sends none: a display name equal to
  // the label voxsync derives the same way means "no explicit display name".
  const data = parsed.data;
  if (data.displayName !== null && data.displayName === contactLabel({ ...data, displayName: null })) {
    return { ...data, displayName: null };
  }
  return data;
}
