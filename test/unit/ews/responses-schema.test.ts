// Every response body the simulator side can build validates against the EWS schema, and parses back.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildResponseEnvelope, parseResponseEnvelope } from '../../../src/ews/soap/envelope.ts';
import { OPERATIONS } from '../../../src/ews/operations/index.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';
import { AWKWARD, PATTERNS, RANGES, calendarItem, contact, message } from './fixtures/items.ts';
import { validateEnvelopes } from './helpers/schema.ts';

const SV = {
  majorVersion: 15,
  minorVersion: 1,
  majorBuildNumber: 2507,
  minorBuildNumber: 6,
  version: 'V2017_07_11',
};
const notFound = new ResponseMessageError({
  responseCode: 'ErrorItemNotFound',
  messageText: 'The specified object was not found in the store.',
  messageXml: {},
});
const busy = new ResponseMessageError({
  responseCode: 'ErrorServerBusy',
  messageText: 'The server cannot service this request right now. Try again later.',
  messageXml: { BackOffMilliseconds: '5000' },
});
const folderExists = new ResponseMessageError({
  responseCode: 'ErrorFolderExists',
  messageText: 'A folder with the specified name already exists.',
  messageXml: {},
});
const ID = { id: 'AAMk=', changeKey: 'CQAA' };
const folder = {
  element: 'Folder' as const,
  folderId: ID,
  displayName: AWKWARD,
  totalCount: 3,
  childFolderCount: 0,
  unreadCount: 1,
};

const bodies: Record<string, string> = {
  GetItem: OPERATIONS.GetItem.buildResponseBody([
    { ok: true, value: message },
    { ok: true, value: contact },
    { ok: true, value: calendarItem(PATTERNS[2]!, RANGES[0]!) },
    { ok: false, error: notFound },
  ]),
  CreateItem: OPERATIONS.CreateItem.buildResponseBody([
    { ok: true, value: { itemId: ID, item: { kind: 'Contact', itemId: ID } } },
    { ok: true, value: { itemId: ID, item: undefined } },
    { ok: false, error: busy },
  ]),
  UpdateItem: OPERATIONS.UpdateItem.buildResponseBody([
    { ok: true, value: { itemId: ID, conflictResults: 0 } },
  ]),
  DeleteAttachment: OPERATIONS.DeleteAttachment.buildResponseBody([
    { ok: true, value: { id: 'AAMk=', changeKey: 'new' } },
    { ok: false, error: notFound },
  ]),
  DeleteItem: OPERATIONS.DeleteItem.buildResponseBody([
    { ok: true, value: null },
    { ok: false, error: notFound },
  ]),
  SendItem: OPERATIONS.SendItem.buildResponseBody([
    { ok: true, value: null },
    { ok: false, error: notFound },
  ]),
  ExportItems: OPERATIONS.ExportItems.buildResponseBody([
    { ok: true, value: { itemId: ID, data: new Uint8Array([0x56, 0x58, 0, 255]) } },
    { ok: false, error: notFound },
  ]),
  UploadItems: OPERATIONS.UploadItems.buildResponseBody([
    { ok: true, value: ID },
    { ok: true, value: undefined },
    { ok: false, error: notFound },
  ]),
  MoveItem: OPERATIONS.MoveItem.buildResponseBody([
    { ok: true, value: { newItemId: ID } },
    { ok: false, error: notFound },
  ]),
  CopyItem: OPERATIONS.CopyItem.buildResponseBody([{ ok: true, value: { newItemId: undefined } }]),
  GetFolder: OPERATIONS.GetFolder.buildResponseBody([
    { ok: true, value: folder },
    { ok: true, value: { element: 'CalendarFolder', folderId: ID, displayName: 'Calendar' } },
  ]),
  CreateFolder: OPERATIONS.CreateFolder.buildResponseBody([
    { ok: true, value: { element: 'ContactsFolder', folderId: ID } },
    { ok: false, error: folderExists },
  ]),
  DeleteFolder: OPERATIONS.DeleteFolder.buildResponseBody([
    { ok: true, value: null },
    {
      ok: false,
      error: new ResponseMessageError({
        responseCode: 'ErrorDeleteDistinguishedFolder',
        messageText: 'Distinguished folders cannot be deleted.',
        messageXml: {},
      }),
    },
  ]),
  FindFolder: OPERATIONS.FindFolder.buildResponseBody([
    {
      ok: true,
      value: {
        folders: [folder],
        indexedPagingOffset: 1,
        totalItemsInView: 1,
        includesLastItemInRange: true,
      },
    },
  ]),
  FindItem: OPERATIONS.FindItem.buildResponseBody([
    {
      ok: true,
      value: {
        items: [message, contact],
        indexedPagingOffset: 2,
        totalItemsInView: 5,
        includesLastItemInRange: false,
      },
    },
  ]),
  SyncFolderItems: OPERATIONS.SyncFolderItems.buildResponseBody([
    {
      ok: true,
      value: {
        syncState: 'H4sI',
        includesLastItemInRange: true,
        changes: [
          { type: 'create', item: message },
          { type: 'update', item: contact },
          { type: 'delete', itemId: ID },
          { type: 'readFlagChange', itemId: ID, isRead: true },
        ],
      },
    },
  ]),
  SyncFolderHierarchy: OPERATIONS.SyncFolderHierarchy.buildResponseBody([
    {
      ok: true,
      value: {
        syncState: 'H4sI',
        includesLastFolderInRange: true,
        changes: [
          { type: 'create', folder },
          { type: 'update', folder },
          { type: 'delete', folderId: ID },
        ],
      },
    },
  ]),
  GetAttachment: OPERATIONS.GetAttachment.buildResponseBody([
    {
      ok: true,
      value: {
        kind: 'file',
        attachmentId: { id: 'att' },
        name: 'a.mp3',
        contentType: 'audio/mpeg',
        content: new Uint8Array([1, 2, 3]),
      },
    },
  ]),
  CreateAttachment: OPERATIONS.CreateAttachment.buildResponseBody([
    { ok: true, value: { id: 'att', rootItemId: 'AAMk=', rootItemChangeKey: 'new' } },
    { ok: false, error: notFound },
  ]),
  Subscribe: OPERATIONS.Subscribe.buildResponseBody([
    { ok: true, value: { subscriptionId: 'sub', watermark: 'AQAA' } },
  ]),
  GetEvents: OPERATIONS.GetEvents.buildResponseBody([
    {
      ok: true,
      value: {
        subscriptionId: 'sub',
        previousWatermark: 'AQ',
        moreEvents: false,
        events: [
          {
            type: 'NewMailEvent',
            watermark: 'w1',
            timeStamp: '2026-03-02T10:00:00Z',
            itemId: ID,
            parentFolderId: ID,
          },
          {
            type: 'MovedEvent',
            watermark: 'w2',
            timeStamp: '2026-03-02T10:00:00Z',
            itemId: ID,
            parentFolderId: ID,
            oldItemId: ID,
            oldParentFolderId: ID,
          },
          {
            type: 'ModifiedEvent',
            watermark: 'w3',
            timeStamp: '2026-03-02T10:00:00Z',
            folderId: ID,
            parentFolderId: ID,
            unreadCount: 4,
          },
          { type: 'StatusEvent', watermark: 'w4' },
        ],
      },
    },
  ]),
  GetStreamingEvents: OPERATIONS.GetStreamingEvents.buildResponseBody([
    {
      notifications: [
        {
          subscriptionId: 'sub',
          events: [
            {
              type: 'CreatedEvent',
              watermark: 'w',
              timeStamp: '2026-03-02T10:00:00Z',
              itemId: ID,
              parentFolderId: ID,
            },
          ],
        },
      ],
    },
    { connectionStatus: 'OK' },
    {
      error: { responseCode: 'ErrorSubscriptionNotFound', messageText: 'gone' },
      errorSubscriptionIds: ['sub2'],
    },
    { connectionStatus: 'Closed' },
  ]),
  Unsubscribe: OPERATIONS.Unsubscribe.buildResponseBody([{ ok: true, value: null }]),
  ConvertId: OPERATIONS.ConvertId.buildResponseBody([
    { ok: true, value: { format: 'HexEntryId', id: '00000000', mailbox: 'user@example.com' } },
  ]),
  ResolveNames: OPERATIONS.ResolveNames.buildResponseBody([
    {
      ok: true,
      value: {
        resolutions: [
          {
            mailbox: {
              name: AWKWARD,
              emailAddress: 'a@example.com',
              routingType: 'SMTP',
              mailboxType: 'Mailbox',
            },
            contact: { kind: 'Contact', displayName: AWKWARD },
          },
        ],
      },
    },
  ]),
};

const docs = Object.fromEntries(Object.entries(bodies).map(([k, b]) => [k, buildResponseEnvelope(b, SV)]));
let validity: Map<string, string[]>;
before(async () => {
  validity = await validateEnvelopes(docs);
});

test('every operation has a server-built response in this test', () => {
  assert.deepEqual(Object.keys(bodies).sort(), Object.keys(OPERATIONS).sort());
});

for (const name of Object.keys(docs)) {
  test(`${name} response validates against the EWS schema and parses back`, () => {
    assert.deepEqual(validity.get(name), []);
    const op = OPERATIONS[name as keyof typeof OPERATIONS];
    const parsed = op.parseBody(parseResponseEnvelope(docs[name]!).body);
    assert.ok(Array.isArray(parsed) && parsed.length > 0);
  });
}

test('streaming envelope: notifications, keep-alive, per-subscription error, Closed', () => {
  const msgs = OPERATIONS.GetStreamingEvents.parseBody(
    parseResponseEnvelope(docs['GetStreamingEvents']!).body,
  );
  assert.equal(msgs[0]!.notifications[0]!.events[0]!.type, 'CreatedEvent');
  assert.equal(msgs[1]!.connectionStatus, 'OK');
  assert.equal(msgs[2]!.error?.responseCode, 'ErrorSubscriptionNotFound');
  assert.deepEqual(msgs[2]!.errorSubscriptionIds, ['sub2']);
  assert.equal(msgs[3]!.connectionStatus, 'Closed');
});

test('BackOffMilliseconds written by the simulator reaches the client', () => {
  const [, , third] = OPERATIONS.CreateItem.parseBody(parseResponseEnvelope(docs['CreateItem']!).body);
  assert.ok(third && !third.ok);
  assert.equal(third.error.backOffMs, 5000);
});
