// ContactItemType (types.xsd) with its indexed dictionaries: EmailAddresses (EmailAddress1..3),
// PhoneNumbers (every PhoneNumberKeyType), PhysicalAddresses (Home/Business/Other), ImAddresses.
import { NS_TYPES } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import { dateTime, enumCodec, field, objectCodec, str, stringArray, table, type Codec } from './codec.ts';
import { ITEM_FIELDS, type ItemFields } from './item.ts';
import type { MailboxType } from './email-address.ts';

export const EMAIL_ADDRESS_KEYS = ['EmailAddress1', 'EmailAddress2', 'EmailAddress3'] as const;
export type EmailAddressKey = (typeof EMAIL_ADDRESS_KEYS)[number];

export const PHONE_NUMBER_KEYS = [
  'AssistantPhone',
  'BusinessFax',
  'BusinessPhone',
  'BusinessPhone2',
  'Callback',
  'CarPhone',
  'CompanyMainPhone',
  'HomeFax',
  'HomePhone',
  'HomePhone2',
  'Isdn',
  'MobilePhone',
  'OtherFax',
  'OtherTelephone',
  'Pager',
  'PrimaryPhone',
  'RadioPhone',
  'Telex',
  'TtyTddPhone',
  'BusinessMobile',
  'IPPhone',
  'Mms',
  'Msn',
] as const;
export type PhoneNumberKey = (typeof PHONE_NUMBER_KEYS)[number];

export const PHYSICAL_ADDRESS_KEYS = ['Home', 'Business', 'Other'] as const;
export type PhysicalAddressKey = (typeof PHYSICAL_ADDRESS_KEYS)[number];

export const IM_ADDRESS_KEYS = ['ImAddress1', 'ImAddress2', 'ImAddress3'] as const;
export type ImAddressKey = (typeof IM_ADDRESS_KEYS)[number];

export interface ContactEmailAddress {
  key: EmailAddressKey;
  address: string;
  name?: string;
  routingType?: string;
  mailboxType?: MailboxType;
}
export interface PhoneNumber {
  key: PhoneNumberKey;
  number: string;
}
export interface PhysicalAddress {
  key: PhysicalAddressKey;
  street?: string;
  city?: string;
  state?: string;
  countryOrRegion?: string;
  postalCode?: string;
}
export interface ImAddress {
  key: ImAddressKey;
  address: string;
}

export interface CompleteName {
  title?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  suffix?: string;
  initials?: string;
  fullName?: string;
  nickname?: string;
  yomiFirstName?: string;
  yomiLastName?: string;
}

export type PhysicalAddressIndex = 'None' | 'Home' | 'Business' | 'Other';

export interface Contact extends ItemFields {
  kind: 'Contact';
  fileAs?: string;
  fileAsMapping?: string;
  displayName?: string;
  givenName?: string;
  initials?: string;
  middleName?: string;
  nickname?: string;
  completeName?: CompleteName;
  companyName?: string;
  emailAddresses?: ContactEmailAddress[];
  physicalAddresses?: PhysicalAddress[];
  phoneNumbers?: PhoneNumber[];
  assistantName?: string;
  birthday?: string;
  businessHomePage?: string;
  children?: string[];
  companies?: string[];
  department?: string;
  generation?: string;
  imAddresses?: ImAddress[];
  jobTitle?: string;
  manager?: string;
  mileage?: string;
  officeLocation?: string;
  postalAddressIndex?: PhysicalAddressIndex;
  profession?: string;
  spouseName?: string;
  surname?: string;
  weddingAnniversary?: string;
  notes?: string;
}

function entries(el: XmlElement): XmlElement[] {
  return el.children.filter((c) => c.ns === NS_TYPES && c.local === 'Entry');
}

const emailDictionary: Codec<ContactEmailAddress[]> = {
  read: (el) =>
    entries(el).map((e) => {
      const v: ContactEmailAddress = { key: e.attrs['Key'] as EmailAddressKey, address: e.text };
      if (e.attrs['Name'] !== undefined) v.name = e.attrs['Name'];
      if (e.attrs['RoutingType'] !== undefined) v.routingType = e.attrs['RoutingType'];
      if (e.attrs['MailboxType'] !== undefined) v.mailboxType = e.attrs['MailboxType'] as MailboxType;
      return v;
    }),
  write: (w, q, v) => {
    if (v.length === 0) return;
    w.start(q);
    for (const e of v) {
      w.leaf('t:Entry', e.address, {
        Key: e.key,
        Name: e.name,
        RoutingType: e.routingType,
        MailboxType: e.mailboxType,
      });
    }
    w.end();
  },
};

function keyedStrings<K extends string, V extends { key: K }>(valueKey: keyof V & string): Codec<V[]> {
  return {
    read: (el) => entries(el).map((e) => ({ key: e.attrs['Key'] as K, [valueKey]: e.text }) as unknown as V),
    write: (w, q, v) => {
      if (v.length === 0) return;
      w.start(q);
      for (const e of v) w.leaf('t:Entry', String(e[valueKey]), { Key: e.key });
      w.end();
    },
  };
}

const addressTable = table([
  field('Street', 'street', str),
  field('City', 'city', str),
  field('State', 'state', str),
  field('CountryOrRegion', 'countryOrRegion', str),
  field('PostalCode', 'postalCode', str),
]);
const addressEntry = objectCodec<PhysicalAddress>(addressTable, {
  read: (el, out) => {
    out['key'] = el.attrs['Key'];
  },
  write: (v) => ({ Key: v.key }),
});
const addressDictionary: Codec<PhysicalAddress[]> = {
  read: (el) => entries(el).map((e) => addressEntry.read(e)),
  write: (w, q, v) => {
    if (v.length === 0) return;
    w.start(q);
    for (const a of v) addressEntry.write(w, 't:Entry', a);
    w.end();
  },
};

const completeNameCodec = objectCodec<CompleteName>(
  table([
    field('Title', 'title', str),
    field('FirstName', 'firstName', str),
    field('MiddleName', 'middleName', str),
    field('LastName', 'lastName', str),
    field('Suffix', 'suffix', str),
    field('Initials', 'initials', str),
    field('FullName', 'fullName', str),
    field('Nickname', 'nickname', str),
    field('YomiFirstName', 'yomiFirstName', str),
    field('YomiLastName', 'yomiLastName', str),
  ]),
);

export const contactTable = table([
  ...ITEM_FIELDS,
  field('FileAs', 'fileAs', str),
  field('FileAsMapping', 'fileAsMapping', str),
  field('DisplayName', 'displayName', str),
  field('GivenName', 'givenName', str),
  field('Initials', 'initials', str),
  field('MiddleName', 'middleName', str),
  field('Nickname', 'nickname', str),
  field('CompleteName', 'completeName', completeNameCodec),
  field('CompanyName', 'companyName', str),
  field('EmailAddresses', 'emailAddresses', emailDictionary),
  field('PhysicalAddresses', 'physicalAddresses', addressDictionary),
  field('PhoneNumbers', 'phoneNumbers', keyedStrings<PhoneNumberKey, PhoneNumber>('number')),
  field('AssistantName', 'assistantName', str),
  field('Birthday', 'birthday', dateTime),
  field('BusinessHomePage', 'businessHomePage', str),
  field('Children', 'children', stringArray),
  field('Companies', 'companies', stringArray),
  field('Department', 'department', str),
  field('Generation', 'generation', str),
  field('ImAddresses', 'imAddresses', keyedStrings<ImAddressKey, ImAddress>('address')),
  field('JobTitle', 'jobTitle', str),
  field('Manager', 'manager', str),
  field('Mileage', 'mileage', str),
  field('OfficeLocation', 'officeLocation', str),
  field('PostalAddressIndex', 'postalAddressIndex', enumCodec<PhysicalAddressIndex>()),
  field('Profession', 'profession', str),
  field('SpouseName', 'spouseName', str),
  field('Surname', 'surname', str),
  field('WeddingAnniversary', 'weddingAnniversary', dateTime),
  field('Notes', 'notes', str),
]);

export const contactCodec: Codec<Omit<Contact, 'kind'>> = objectCodec(contactTable);
