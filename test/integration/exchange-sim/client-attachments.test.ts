// Item attachments (t:ItemAttachment) end to end through the voxsync EwsClient: created with CreateItem and
// CreateAttachment, listed by GetItem, returned whole by GetAttachment, removed by DeleteAttachment. The
// simulator validates every response against the EWS schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { getAttachment } from '../../../src/ews/operations/get-attachment.ts';
import { createAttachment } from '../../../src/ews/operations/create-attachment.ts';
import { deleteAttachment } from '../../../src/ews/operations/delete-attachment.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';
import { findExtendedProperty, type ExtendedFieldUri } from '../../../src/ews/types/extended-properties.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import type { Item } from '../../../src/ews/types/items.ts';
import type { Attachment } from '../../../src/ews/types/attachments.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, one as ok } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const MARKER: ExtendedFieldUri = {
  propertySetId: '5b0f4a8e-2d7c-4e61-9a3b-7c1d2e3f4a5b',
  propertyName: 'AttachedItemMarker',
  propertyType: 'String',
};

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function fetch(id: ItemId): Promise<Item> {
  const [r] = await client.call(getItem, { itemIds: [id], shape: { baseShape: 'AllProperties' } }, AS_ALICE);
  return ok(r);
}

function attachmentsOf(item: Item): Attachment[] {
  return item.attachments ?? [];
}

test('CreateItem with an attached message: GetItem lists it, GetAttachment returns the message with its properties', async () => {
  const [created] = await client.call(
    createItem,
    {
      items: [
        {
          kind: 'Message',
          subject: 'carrier',
          body: { bodyType: 'Text', value: 'see the attached message' },
          attachments: [
            {
              kind: 'file',
              name: 'note.txt',
              contentType: 'text/plain',
              content: new Uint8Array([104, 105]),
            },
            {
              kind: 'item',
              name: 'forwarded voicemail',
              item: {
                kind: 'Message',
                subject: 'inner subject',
                body: { bodyType: 'Text', value: 'inner body & text' },
                importance: 'High',
                extendedProperties: [{ uri: MARKER, value: 'inner-marker' }],
              },
            },
          ],
        },
      ],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  const id = ok(created).itemId!;
  const item = await fetch(id);
  assert.equal(item.hasAttachments, true);
  const list = attachmentsOf(item);
  assert.deepEqual(
    list.map((a) => [a.kind, a.name]),
    [
      ['file', 'note.txt'],
      ['item', 'forwarded voicemail'],
    ],
  );
  const itemAttachment = list[1]!;
  assert.equal(itemAttachment.kind === 'item' ? itemAttachment.item : 'none', undefined);
  assert.ok((itemAttachment.size ?? 0) > 0);

  const [got] = await client.call(
    getAttachment,
    {
      attachmentIds: [itemAttachment.attachmentId!.id],
      shape: { additionalProperties: [{ extended: MARKER }] },
    },
    AS_ALICE,
  );
  const full = ok(got);
  assert.equal(full.kind, 'item');
  const inner = full.kind === 'item' ? (full.item as Item | undefined) : undefined;
  assert.ok(inner, 'the attached item comes back');
  assert.equal(inner.kind, 'Message');
  assert.equal(inner.subject, 'inner subject');
  assert.deepEqual(inner.body, { bodyType: 'Text', value: 'inner body & text' });
  assert.equal(inner.importance, 'High');
  assert.equal(inner.itemId, undefined, 'an attached item has no id of its own');
  assert.equal(findExtendedProperty(inner.extendedProperties, MARKER)?.value, 'inner-marker');

  // Without the extended property in the shape, it is not returned.
  const [plain] = await client.call(
    getAttachment,
    { attachmentIds: [itemAttachment.attachmentId!.id] },
    AS_ALICE,
  );
  const plainItem = (ok(plain) as { item?: Item }).item;
  assert.equal(findExtendedProperty(plainItem?.extendedProperties, MARKER), undefined);
});

test('CreateAttachment adds an attached contact and a calendar item; DeleteAttachment removes one; ChangeKeys move on', async () => {
  const [created] = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject: 'parent' }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  const parent = ok(created).itemId!;
  assert.equal((await fetch(parent)).hasAttachments, false);

  const results = await client.call(
    createAttachment,
    {
      parentItemId: parent,
      attachments: [
        {
          kind: 'item',
          name: 'card',
          item: {
            kind: 'Contact',
            givenName: 'Dora',
            surname: 'Dietz',
            emailAddresses: [{ key: 'EmailAddress1', address: 'dora@example.test' }],
          },
        },
        {
          kind: 'item',
          name: 'meeting',
          item: {
            kind: 'CalendarItem',
            subject: 'planning',
            start: '2026-03-02T09:00:00Z',
            end: '2026-03-02T10:00:00Z',
            location: 'Room 4',
          },
        },
      ],
    },
    AS_ALICE,
  );
  assert.equal(results.length, 2);
  const [card, meeting] = results.map(ok);
  assert.equal(card!.kind, 'item');
  assert.equal(card!.rootItemId, parent.id);
  assert.notEqual(card!.rootItemChangeKey, parent.changeKey, 'adding an attachment changes the ChangeKey');
  assert.notEqual(meeting!.rootItemChangeKey, card!.rootItemChangeKey);

  const withBoth = await fetch(parent);
  assert.equal(withBoth.hasAttachments, true);
  assert.deepEqual(
    attachmentsOf(withBoth).map((a) => [a.kind, a.name]),
    [
      ['item', 'card'],
      ['item', 'meeting'],
    ],
  );

  const [gotCard, gotMeeting] = await client.call(
    getAttachment,
    { attachmentIds: [card!.id, meeting!.id] },
    AS_ALICE,
  );
  const contact = (ok(gotCard) as { item?: Item }).item;
  assert.equal(contact?.kind, 'Contact');
  assert.equal(contact?.kind === 'Contact' ? contact.givenName : undefined, 'Dora');
  assert.equal(
    contact?.kind === 'Contact' ? contact.emailAddresses?.[0]?.address : undefined,
    'dora@example.test',
  );
  const calendar = (ok(gotMeeting) as { item?: Item }).item;
  assert.equal(calendar?.kind, 'CalendarItem');
  assert.equal(calendar?.kind === 'CalendarItem' ? calendar.location : undefined, 'Room 4');
  assert.equal(calendar?.subject, 'planning');

  const [deleted] = await client.call(deleteAttachment, { attachmentIds: [card!.id] }, AS_ALICE);
  const root = ok(deleted);
  assert.equal(root.id, parent.id);
  assert.notEqual(root.changeKey, meeting!.rootItemChangeKey, 'removing an attachment changes the ChangeKey');
  const after = await fetch(parent);
  assert.equal(after.itemId?.changeKey, root.changeKey);
  assert.deepEqual(
    attachmentsOf(after).map((a) => a.name),
    ['meeting'],
  );

  const [gone] = await client.call(getAttachment, { attachmentIds: [card!.id] }, AS_ALICE);
  assert.ok(gone && !gone.ok);
  assert.ok(gone.error instanceof ResponseMessageError);
  assert.equal(gone.error.responseCode, 'ErrorInvalidAttachmentId');

  const [deleteAgain] = await client.call(deleteAttachment, { attachmentIds: [card!.id] }, AS_ALICE);
  assert.ok(deleteAgain && !deleteAgain.ok);
  assert.equal(deleteAgain.error.responseCode, 'ErrorInvalidAttachmentId');
});

test('an attached item survives CopyItem with the copy getting its own attachment ids', async () => {
  const [created] = await client.call(
    createItem,
    {
      items: [
        {
          kind: 'Message',
          subject: 'to copy',
          attachments: [{ kind: 'item', name: 'inner', item: { kind: 'Message', subject: 'copied inner' } }],
        },
      ],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  const original = ok(created).itemId!;
  const originalAttachment = attachmentsOf(await fetch(original))[0]!;
  const { copyItem } = await import('../../../src/ews/operations/copy-item.ts');
  const [copied] = await client.call(
    copyItem,
    { toFolderId: { distinguished: 'drafts' }, itemIds: [original] },
    AS_ALICE,
  );
  const copy = ok(copied).newItemId!;
  const copyAttachment = attachmentsOf(await fetch(copy))[0]!;
  assert.notEqual(copyAttachment.attachmentId?.id, originalAttachment.attachmentId?.id);
  const [got] = await client.call(
    getAttachment,
    { attachmentIds: [copyAttachment.attachmentId!.id] },
    AS_ALICE,
  );
  assert.equal((ok(got) as { item?: Item }).item?.subject, 'copied inner');
});

test('an attached item and extended properties survive a restart with --data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-att-'));
  try {
    const first = await startSim({ dataDir: dir });
    const c1 = clientFor(first);
    const [created] = await c1.call(
      createItem,
      {
        items: [
          {
            kind: 'Message',
            subject: 'kept',
            extendedProperties: [{ uri: MARKER, value: 'outer-marker' }],
            attachments: [
              {
                kind: 'item',
                name: 'inner',
                item: {
                  kind: 'Message',
                  subject: 'inner kept',
                  extendedProperties: [{ uri: MARKER, value: 'inner-marker' }],
                },
              },
            ],
          },
        ],
        savedItemFolderId: { distinguished: 'inbox' },
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    );
    const id = ok(created).itemId!;
    await c1.close();
    await first.close();

    const again = await startSim({ dataDir: dir });
    const c2 = clientFor(again);
    try {
      const [r] = await c2.call(
        getItem,
        {
          itemIds: [id],
          shape: { baseShape: 'AllProperties', additionalProperties: [{ extended: MARKER }] },
        },
        AS_ALICE,
      );
      const item = ok(r);
      assert.equal(findExtendedProperty(item.extendedProperties, MARKER)?.value, 'outer-marker');
      const attachment = attachmentsOf(item)[0]!;
      const [got] = await c2.call(
        getAttachment,
        {
          attachmentIds: [attachment.attachmentId!.id],
          shape: { additionalProperties: [{ extended: MARKER }] },
        },
        AS_ALICE,
      );
      const inner = (ok(got) as { item?: Item }).item;
      assert.equal(inner?.subject, 'inner kept');
      assert.equal(findExtendedProperty(inner?.extendedProperties, MARKER)?.value, 'inner-marker');
    } finally {
      await c2.close();
      await again.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
