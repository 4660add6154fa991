// domain → EWS XML (built by the client's CreateItem builder) → parsed → domain gives the same contact, for
// random contacts using every phone kind, e-mail slot and address kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addressKinds,
  contactInputSchema,
  contactLabel,
  phoneKinds,
  type ContactData,
} from '../../../src/domain/contact.ts';
import { contactFromEws, contactToEws, PHONE_KEY_OF } from '../../../src/connectors/ews/contact-mapping.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { buildRequestEnvelope, parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { PHONE_NUMBER_KEYS, type Contact as EwsContact } from '../../../src/ews/types/contact.ts';

/** Printable text with inner spaces and line breaks, as people type it; the domain trims the ends. */
const words = (max: number) =>
  fc
    .array(fc.stringMatching(/^[\p{L}\p{N}.,'@&()+\-/#]{1,12}$/u), { minLength: 1, maxLength: 4 })
    .map((w) => w.join(' ').slice(0, max));
const optWords = (max: number) => fc.option(words(max), { nil: null });
/** Notes keep their exact text: CR LF, tabs, trailing blanks (XML would fold a bare CR if not escaped). */
const notes = fc.option(
  fc
    .array(fc.tuple(words(60), fc.constantFrom('\n', '\r\n', '\t', '  ')), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([w, sep]) => w + sep).join('')),
  { nil: null },
);

const contactArb: fc.Arbitrary<ContactData> = fc
  .record({
    givenName: optWords(60),
    middleName: optWords(60),
    surname: optWords(60),
    nickname: optWords(60),
    displayName: optWords(100),
    company: optWords(60),
    department: optWords(60),
    jobTitle: optWords(60),
    emails: fc.uniqueArray(
      fc.record({
        address: fc.emailAddress(),
        name: optWords(60),
        slot: fc.constantFrom(1 as const, 2 as const, 3 as const, null),
      }),
      { maxLength: 3, selector: (e) => e.slot ?? Symbol() },
    ),
    phones: fc.uniqueArray(
      fc.record({
        kind: fc.constantFrom(...phoneKinds),
        number: fc.stringMatching(/^\+?[0-9][0-9 ()-]{2,20}[0-9]$/),
      }),
      { maxLength: phoneKinds.length, selector: (p) => p.kind },
    ),
    addresses: fc.uniqueArray(
      fc.record({
        kind: fc.constantFrom(...addressKinds),
        street: optWords(100),
        city: optWords(60),
        state: optWords(60),
        postalCode: fc.option(fc.stringMatching(/^[A-Z0-9]{3,8}$/), { nil: null }),
        country: optWords(60),
      }),
      { maxLength: 3, selector: (a) => a.kind },
    ),
    notes,
  })
  .map((c) => contactInputSchema.safeParse(c))
  .filter((r) => r.success)
  .map((r) => r.data!);

/** What an EWS round trip canonicalizes: a slot for every address, no display name equal to the derived one. */
function canonical(c: ContactData): ContactData {
  const taken = new Set(c.emails.map((e) => e.slot));
  const free = [1, 2, 3].filter((s) => !taken.has(s as 1 | 2 | 3)) as (1 | 2 | 3)[];
  const emails = c.emails
    .map((e) => ({ ...e, slot: e.slot ?? free.shift()! }))
    .sort((a, b) => a.slot - b.slot);
  const displayName =
    c.displayName !== null && c.displayName === contactLabel({ ...c, displayName: null })
      ? null
      : c.displayName;
  return { ...c, emails, displayName };
}

function viaCreateItemXml(contact: EwsContact): EwsContact {
  const envelope = buildRequestEnvelope(createItem.buildBody({ items: [contact] }), {
    serverVersion: 'Exchange2016',
  });
  const [item] = createItem.parseRequest(parseRequestEnvelope(envelope).body).items;
  assert.equal(item?.kind, 'Contact');
  return item as EwsContact;
}

test('every one of the 23 PhoneNumberKeyType values has exactly one domain phone kind', () => {
  assert.equal(phoneKinds.length, PHONE_NUMBER_KEYS.length);
  assert.deepEqual(Object.values(PHONE_KEY_OF).sort(), [...PHONE_NUMBER_KEYS].sort());
});

test('contacts round-trip domain → EWS XML → domain unchanged', () => {
  fc.assert(
    fc.property(contactArb, (c) => {
      const back = contactFromEws(viaCreateItemXml(contactToEws(c)));
      assert.deepEqual(back, canonical(c));
    }),
    { numRuns: 300 },
  );
});

test('an EWS contact round-trips EWS → domain → EWS with the same keys', () => {
  const ews: EwsContact = {
    kind: 'Contact',
    givenName: 'Ada',
    surname: 'Lovelace',
    emailAddresses: [{ key: 'EmailAddress2', address: 'ada@example.test', name: 'Ada (work)' }],
    phoneNumbers: PHONE_NUMBER_KEYS.map((key, i) => ({
      key,
      number: `+44 20 7946 ${String(i).padStart(4, '0')}`,
    })),
    physicalAddresses: [
      {
        key: 'Home',
        street: '12 St James Sq',
        city: 'London',
        postalCode: 'SW1Y 4JH',
        countryOrRegion: 'UK',
      },
      { key: 'Other', state: 'Surrey' },
    ],
    body: { bodyType: 'Text', value: 'Analytical Engine\nnotes' },
  };
  const domain = contactFromEws(ews);
  assert.equal(domain.phones.length, 23);
  assert.deepEqual(domain.emails, [{ address: 'ada@example.test', name: 'Ada (work)', slot: 2 }]);
  assert.deepEqual(contactToEws(domain), ews);
});

test('an unknown dictionary key is refused with a typed error, not dropped', () => {
  const ews = {
    kind: 'Contact',
    givenName: 'X',
    phoneNumbers: [{ key: 'SatellitePhone', number: '1' }],
  } as unknown as EwsContact;
  assert.throws(() => contactFromEws(ews), {
    code: 'connector.contact_unmappable',
    message: /SatellitePhone/,
  });
});
