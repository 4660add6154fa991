// SendItem through the voxsync EwsClient: a draft is sent by id with its ChangeKey, kept in Sent Items (or a
// given folder, or nowhere), and delivered to local recipients as a received, unread message; the errors
// are Exchange's (stale/missing ChangeKey, gone item, non-message, no recipients, save settings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { sendItem } from '../../../src/ews/operations/send-item.ts';
import type { BatchResult } from '../../../src/ews/operations/operation.ts';
import type { DistinguishedFolderName, ItemId } from '../../../src/ews/types/ids.ts';
import type { Item } from '../../../src/ews/types/items.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim } from './helpers.ts';
import { clientFor, setFields } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const AS_BOB = { impersonate: 'bob@contoso.test' };

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

function codeOf<T>(results: readonly BatchResult<T>[]): string {
  assert.equal(results.length, 1);
  const r = results[0]!;
  return r.ok ? 'NoError' : r.error.responseCode;
}

async function draft(subject: string, to: string[] = ['bob@contoso.test']): Promise<ItemId> {
  const [r] = await client.call(
    createItem,
    {
      items: [
        {
          kind: 'Message',
          subject,
          body: { bodyType: 'Text', value: `body of ${subject}` },
          toRecipients: to.map((emailAddress) => ({ emailAddress })),
          attachments: [
            {
              kind: 'file',
              name: 'note.txt',
              contentType: 'text/plain',
              content: new Uint8Array([104, 105]),
            },
          ],
        },
      ],
      savedItemFolderId: { distinguished: 'drafts' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  assert.ok(r?.ok && r.value.itemId);
  return r.value.itemId;
}

async function find(
  folder: DistinguishedFolderName,
  subject: string,
  as: { impersonate: string },
): Promise<Item[]> {
  const [r] = await client.call(
    findItem,
    {
      parentFolderIds: [{ distinguished: folder }],
      shape: { baseShape: 'AllProperties' },
      traversal: 'Shallow',
    },
    as,
  );
  assert.ok(r?.ok);
  return r.value.items.filter((i) => i.subject === subject);
}

async function full(id: ItemId, as: { impersonate: string }): Promise<Item> {
  const [r] = await client.call(
    getItem,
    { itemIds: [{ id: id.id }], shape: { baseShape: 'AllProperties' } },
    as,
  );
  assert.ok(r?.ok);
  return r.value;
}

test('SendItem with SaveItemToFolder: the draft moves to Sent Items as sent; a local recipient receives it unread', async () => {
  const id = await draft('hello bob', ['bob@contoso.test', 'someone@elsewhere.test']);
  assert.equal(
    codeOf(await client.call(sendItem, { itemIds: [id], saveItemToFolder: true }, AS_ALICE)),
    'NoError',
  );

  assert.equal(
    codeOf(await client.call(getItem, { itemIds: [id], shape: { baseShape: 'IdOnly' } }, AS_ALICE)),
    'ErrorItemNotFound',
    'the draft left Drafts (new id)',
  );
  assert.deepEqual(await find('drafts', 'hello bob', AS_ALICE), []);
  const [sent] = await find('sentitems', 'hello bob', AS_ALICE);
  assert.ok(sent?.itemId, 'a copy in Sent Items');
  const sentItem = await full(sent.itemId, AS_ALICE);
  assert.equal(sentItem.isDraft, false);
  assert.ok(sentItem.kind === 'Message' && sentItem.isRead === true);

  const received = await find('inbox', 'hello bob', AS_BOB);
  assert.equal(received.length, 1, 'delivered once');
  const got = await full(received[0]!.itemId!, AS_BOB);
  assert.ok(got.kind === 'Message');
  assert.equal(got.isRead, false, 'unread');
  assert.equal(got.isDraft, false, 'a received item, not a draft');
  assert.equal(got.from?.emailAddress, 'alice@contoso.test');
  assert.equal(got.attachments?.[0]?.name, 'note.txt');
});

test('SendItem with SaveItemToFolder=false keeps no copy; with SavedItemFolderId the copy goes there', async () => {
  const gone = await draft('no copy kept');
  assert.equal(
    codeOf(await client.call(sendItem, { itemIds: [gone], saveItemToFolder: false }, AS_ALICE)),
    'NoError',
  );
  assert.deepEqual(await find('drafts', 'no copy kept', AS_ALICE), []);
  assert.deepEqual(await find('sentitems', 'no copy kept', AS_ALICE), []);
  assert.equal((await find('inbox', 'no copy kept', AS_BOB)).length, 1, 'still delivered');

  const kept = await draft('kept in inbox');
  const r = await client.call(
    sendItem,
    { itemIds: [kept], saveItemToFolder: true, savedItemFolderId: { distinguished: 'inbox' } },
    AS_ALICE,
  );
  assert.equal(codeOf(r), 'NoError');
  assert.equal((await find('inbox', 'kept in inbox', AS_ALICE)).length, 1);
  assert.deepEqual(await find('sentitems', 'kept in inbox', AS_ALICE), []);
});

test('SendItem ChangeKey: missing, empty or stale → ErrorStaleObject; unparseable → ErrorInvalidChangeKey', async () => {
  const id = await draft('change keys');
  const send = (changeKey: string | undefined) =>
    client.call(
      sendItem,
      {
        itemIds: [changeKey === undefined ? { id: id.id } : { id: id.id, changeKey }],
        saveItemToFolder: true,
      },
      AS_ALICE,
    );
  assert.equal(codeOf(await send(undefined)), 'ErrorStaleObject');
  assert.equal(codeOf(await send('')), 'ErrorStaleObject');
  assert.equal(codeOf(await send('not base64!')), 'ErrorInvalidChangeKey');
  const [u] = await client.call(
    updateItem,
    setFields(id, [['item:Subject', { kind: 'Message', subject: 'changed' }]]),
    AS_ALICE,
  );
  assert.ok(u?.ok);
  assert.equal(codeOf(await send(id.changeKey)), 'ErrorStaleObject', 'the ChangeKey before the update');
  assert.deepEqual(await find('inbox', 'changed', AS_BOB), [], 'nothing was sent');
  const current = u.value.itemId!;
  assert.equal(
    codeOf(await client.call(sendItem, { itemIds: [current], saveItemToFolder: true }, AS_ALICE)),
    'NoError',
  );
  assert.equal((await find('inbox', 'changed', AS_BOB)).length, 1);
});

test('SendItem refuses gone items, non-messages, messages without recipients and bad save settings', async () => {
  const gone = await draft('deleted first');
  assert.equal(
    codeOf(await client.call(deleteItem, { itemIds: [gone], deleteType: 'HardDelete' }, AS_ALICE)),
    'NoError',
  );
  assert.equal(
    codeOf(await client.call(sendItem, { itemIds: [gone], saveItemToFolder: true }, AS_ALICE)),
    'ErrorItemNotFound',
  );

  const [c] = await client.call(
    createItem,
    {
      items: [{ kind: 'Contact', displayName: 'Not Sendable', givenName: 'Not' }],
      savedItemFolderId: { distinguished: 'contacts' },
    },
    AS_ALICE,
  );
  assert.ok(c?.ok && c.value.itemId);
  const contact = await client.call(
    sendItem,
    { itemIds: [c.value.itemId], saveItemToFolder: true },
    AS_ALICE,
  );
  assert.equal(codeOf(contact), 'ErrorInvalidItemForOperationSendItem');

  const lonely = await draft('nobody to send to', []);
  assert.equal(
    codeOf(await client.call(sendItem, { itemIds: [lonely], saveItemToFolder: true }, AS_ALICE)),
    'ErrorMissingRecipients',
  );

  const malformed = await client.call(
    sendItem,
    { itemIds: [{ id: '%BadItemId%', changeKey: 'CQAAABYAAA' }], saveItemToFolder: true },
    AS_ALICE,
  );
  assert.equal(codeOf(malformed), 'ErrorInvalidIdMalformed');

  // The client refuses a saved-item folder without saving; another client's request gets Exchange's code.
  const id = await draft('bad settings');
  assert.throws(
    () =>
      sendItem.buildBody({
        itemIds: [id],
        saveItemToFolder: false,
        savedItemFolderId: { distinguished: 'inbox' },
      }),
    EwsRequestError,
  );
  const raw = caller(sim, basic('svc-voxsync', 'svc-pw'), { impersonate: { value: 'alice@contoso.test' } });
  try {
    const res = await raw.call(
      `<m:SendItem SaveItemToFolder="false"><m:ItemIds><t:ItemId Id="${id.id}" ChangeKey="${id.changeKey}"/></m:ItemIds><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId></m:SendItem>`,
    );
    assert.equal(codeOf(sendItem.parseBody(res.body)), 'ErrorInvalidSendItemSaveSettings');
  } finally {
    await raw.close();
  }
  assert.deepEqual(await find('inbox', 'bad settings', AS_BOB), [], 'nothing was sent');
});

test('SendItem of several drafts answers one message per id, in order', async () => {
  const a = await draft('batch a');
  const b = await draft('batch b');
  const res = await client.call(
    sendItem,
    { itemIds: [a, { id: 'AAAtAEF=', changeKey: 'x' }, b], saveItemToFolder: true },
    AS_ALICE,
  );
  assert.deepEqual(
    res.map((r) => (r.ok ? 'NoError' : r.error.responseCode)),
    ['NoError', 'ErrorInvalidIdMalformed', 'NoError'],
  );
});

test('CreateItem SendAndSaveCopy delivers like SendItem: once per local mailbox, with the attachments', async () => {
  const [r] = await client.call(
    createItem,
    {
      items: [
        {
          kind: 'Message',
          subject: 'sent by CreateItem',
          body: { bodyType: 'Text', value: 'hi' },
          // bob twice (To and Cc, different case): Exchange delivers one copy per mailbox.
          toRecipients: [{ emailAddress: 'bob@contoso.test' }],
          ccRecipients: [{ emailAddress: 'BOB@contoso.test' }],
          attachments: [
            { kind: 'file', name: 'a.txt', contentType: 'text/plain', content: new Uint8Array([97]) },
          ],
        },
      ],
      messageDisposition: 'SendAndSaveCopy',
    },
    AS_ALICE,
  );
  assert.ok(r?.ok);
  const received = await find('inbox', 'sent by CreateItem', AS_BOB);
  assert.equal(received.length, 1, 'delivered once');
  const got = await full(received[0]!.itemId!, AS_BOB);
  assert.ok(got.kind === 'Message');
  assert.equal(got.isRead, false);
  assert.equal(got.from?.emailAddress, 'alice@contoso.test');
  assert.deepEqual(
    got.attachments?.map((a) => a.name),
    ['a.txt'],
  );
  const [sent] = await find('sentitems', 'sent by CreateItem', AS_ALICE);
  assert.equal((await full(sent!.itemId!, AS_ALICE)).attachments?.[0]?.name, 'a.txt');
});
