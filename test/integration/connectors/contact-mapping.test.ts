// A voxsync contact with every phone kind, e-mail slot and address kind, created in the simulator through
// the EWS client and read back with GetItem, maps back to the same domain contact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { contactInputSchema, phoneKinds } from '../../../src/domain/contact.ts';
import { contactFromEws, contactToEws } from '../../../src/connectors/ews/contact-mapping.ts';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from '../exchange-sim/helpers.ts';
import { clientFor, one } from '../exchange-sim/client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

test('a contact created through EWS reads back as the same domain contact', async () => {
  const contact = contactInputSchema.parse({
    givenName: 'Grace',
    middleName: 'Brewster',
    surname: 'Hopper',
    nickname: 'Amazing Grace',
    displayName: 'Rear Admiral Hopper',
    company: 'US Navy',
    department: 'Bureau of Ordnance',
    jobTitle: 'Computer scientist',
    emails: [
      { address: 'grace@navy.test', name: 'Grace Hopper', slot: 1 },
      { address: 'cobol@example.test', name: null, slot: 3 },
    ],
    phones: phoneKinds.map((kind, i) => ({ kind, number: `+1 202 555 ${String(100 + i).padStart(4, '0')}` })),
    addresses: [
      { kind: 'business', street: '1 Navy Pentagon', city: 'Washington', state: 'DC', postalCode: '20350' },
      { kind: 'home', city: 'Arlington', country: 'USA' },
      { kind: 'other', street: 'Harvard Mark I\nCruft Lab' },
    ],
    notes: 'Found the first actual bug.\r\nLine two\ttabbed',
  });
  const [created] = await client.call(
    createItem,
    { items: [contactToEws(contact)], savedItemFolderId: { distinguished: 'contacts' } },
    AS_ALICE,
  );
  const itemId = one(created).itemId;
  assert.ok(itemId, 'CreateItem returns the ItemId');
  const [read] = await client.call(
    getItem,
    { itemIds: [itemId], shape: { baseShape: 'AllProperties', bodyType: 'Text' } },
    AS_ALICE,
  );
  const item = one(read);
  assert.equal(item.kind, 'Contact');
  if (item.kind !== 'Contact') return;
  assert.equal(item.phoneNumbers?.length, 23, 'all 23 phone keys are stored');
  assert.deepEqual(contactFromEws(item), contact);
});
