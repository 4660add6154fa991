// The UpdateItem changes that turn an Exchange contact holding `before` into one holding `after`: a
// SetItemField per changed field or dictionary entry, a DeleteItemField per field or entry that went away,
// so a cleared phone number is cleared in Exchange too (a CreateItem-style full write could not say that).
import type { ContactData } from '../../domain/contact.ts';
import type { ItemChangeDescription } from '../../ews/operations/update-item.ts';
import {
  EMAIL_ADDRESS_KEYS,
  PHONE_NUMBER_KEYS,
  PHYSICAL_ADDRESS_KEYS,
  type Contact as EwsContact,
  type PhysicalAddress,
} from '../../ews/types/contact.ts';
import { contactToEws } from './contact-mapping.ts';

const SCALARS = [
  ['displayName', 'contacts:DisplayName'],
  ['givenName', 'contacts:GivenName'],
  ['middleName', 'contacts:MiddleName'],
  ['nickname', 'contacts:Nickname'],
  ['companyName', 'contacts:CompanyName'],
  ['department', 'contacts:Department'],
  ['jobTitle', 'contacts:JobTitle'],
  ['surname', 'contacts:Surname'],
] as const;

const ADDRESS_PARTS = [
  ['street', 'Street'],
  ['city', 'City'],
  ['state', 'State'],
  ['countryOrRegion', 'CountryOrRegion'],
  ['postalCode', 'PostalCode'],
] as const;

const contact = (fields: Omit<EwsContact, 'kind'>): EwsContact => ({ kind: 'Contact', ...fields });

/** Changes from `before` (null: nothing known, every field is written or cleared) to `after`. */
export function contactUpdates(before: ContactData | null, after: ContactData): ItemChangeDescription[] {
  const a = contactToEws(after);
  const b: EwsContact | null = before === null ? null : contactToEws(before);
  const out: ItemChangeDescription[] = [];
  const differs = (x: unknown, y: unknown) => b === null || JSON.stringify(x) !== JSON.stringify(y);

  for (const [key, fieldUri] of SCALARS) {
    const v = a[key];
    if (!differs(v, b?.[key])) continue;
    out.push(
      v === undefined
        ? { action: 'delete', path: { fieldUri } }
        : { action: 'set', path: { fieldUri }, item: contact({ [key]: v }) },
    );
  }
  if (differs(a.body, b?.body)) {
    out.push(
      a.body === undefined
        ? { action: 'delete', path: { fieldUri: 'item:Body' } }
        : { action: 'set', path: { fieldUri: 'item:Body' }, item: contact({ body: a.body }) },
    );
  }
  for (const key of EMAIL_ADDRESS_KEYS) {
    const path = { indexedFieldUri: 'contacts:EmailAddress', fieldIndex: key };
    const v = a.emailAddresses?.find((e) => e.key === key);
    if (
      !differs(
        v,
        b?.emailAddresses?.find((e) => e.key === key),
      )
    )
      continue;
    out.push(
      v === undefined
        ? { action: 'delete', path }
        : { action: 'set', path, item: contact({ emailAddresses: [v] }) },
    );
  }
  for (const key of PHONE_NUMBER_KEYS) {
    const path = { indexedFieldUri: 'contacts:PhoneNumber', fieldIndex: key };
    const v = a.phoneNumbers?.find((p) => p.key === key);
    if (
      !differs(
        v,
        b?.phoneNumbers?.find((p) => p.key === key),
      )
    )
      continue;
    out.push(
      v === undefined
        ? { action: 'delete', path }
        : { action: 'set', path, item: contact({ phoneNumbers: [v] }) },
    );
  }
  for (const key of PHYSICAL_ADDRESS_KEYS) {
    const va = a.physicalAddresses?.find((x) => x.key === key);
    const vb = b?.physicalAddresses?.find((x) => x.key === key);
    for (const [part, element] of ADDRESS_PARTS) {
      const path = { indexedFieldUri: `contacts:PhysicalAddress:${element}`, fieldIndex: key };
      const v = va?.[part];
      if (!differs(v, vb?.[part])) continue;
      const entry: PhysicalAddress = { key, [part]: v };
      out.push(
        v === undefined
          ? { action: 'delete', path }
          : { action: 'set', path, item: contact({ physicalAddresses: [entry] }) },
      );
    }
  }
  return out;
}
