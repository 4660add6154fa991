// Every request body the operations can build, wrapped in an envelope, validates against
// ../shared/ews/schema/ews-soap-envelope.xsd (xmllint-wasm, one batch per file).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import type { Operation } from '../../../src/ews/operations/operation.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { moveItem } from '../../../src/ews/operations/move-item.ts';
import { copyItem } from '../../../src/ews/operations/copy-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { findFolder } from '../../../src/ews/operations/find-folder.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { syncFolderHierarchy } from '../../../src/ews/operations/sync-folder-hierarchy.ts';
import { getAttachment } from '../../../src/ews/operations/get-attachment.ts';
import { createAttachment } from '../../../src/ews/operations/create-attachment.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getEvents } from '../../../src/ews/operations/get-events.ts';
import { getStreamingEvents } from '../../../src/ews/operations/get-streaming-events.ts';
import { unsubscribe } from '../../../src/ews/operations/unsubscribe.ts';
import { convertId } from '../../../src/ews/operations/convert-id.ts';
import { resolveNames } from '../../../src/ews/operations/resolve-names.ts';
import { sendItem } from '../../../src/ews/operations/send-item.ts';
import { subscribePush } from '../../../src/ews/operations/subscribe-push.ts';
import { exportItems } from '../../../src/ews/operations/export-items.ts';
import { uploadItems } from '../../../src/ews/operations/upload-items.ts';
import { buildVoicemailCreateItem } from '../../../src/ews/voicemail/voicemail-item.ts';
import { findVoicemailInput } from '../../../src/ews/voicemail/find-voicemail.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';
import {
  AWKWARD,
  LONG,
  PATTERNS,
  RANGES,
  calendarItem,
  contact,
  emptyMessage,
  message,
  singleAllDay,
} from './fixtures/items.ts';
import { validateEnvelopes } from './helpers/schema.ts';

const ID = { id: `AAMkAD${AWKWARD}=`, changeKey: 'CQAAABYAAA==' };
const docs: Record<string, string> = {};
function add<I>(name: string, op: Operation<I, unknown>, input: I): void {
  docs[name] = buildRequestEnvelope(op.buildBody(input), {
    serverVersion: 'Exchange2016',
    impersonation: { value: 'user@example.com' },
  });
}

const allProps = {
  baseShape: 'IdOnly' as const,
  bodyType: 'Text' as const,
  additionalProperties: [
    { fieldUri: 'item:Subject' },
    { fieldUri: 'message:IsRead' },
    { indexedFieldUri: 'contacts:EmailAddress', fieldIndex: 'EmailAddress1' },
    { indexedFieldUri: 'contacts:PhysicalAddress:Street', fieldIndex: 'Business' },
    { extended: { propertyTag: 0x0e07, propertyType: 'Integer' as const } },
    {
      extended: {
        distinguishedPropertySetId: 'PublicStrings' as const,
        propertyName: AWKWARD,
        propertyType: 'String' as const,
      },
    },
  ],
};

add('GetItem', getItem, {
  shape: allProps,
  itemIds: [
    ID,
    { kind: 'occurrence', recurringMasterId: 'AAMk=', instanceIndex: 3 },
    { kind: 'recurringMaster', occurrenceId: 'AAMk=' },
  ],
});
add('GetItem-default', getItem, {
  shape: { baseShape: 'Default', includeMimeContent: true },
  itemIds: [{ id: 'x' }],
});
add('CreateItem-message', createItem, {
  items: [message, emptyMessage],
  messageDisposition: 'SaveOnly',
  savedItemFolderId: { distinguished: 'inbox', mailbox: { emailAddress: 'user@example.com' } },
});
add('CreateItem-contact', createItem, { items: [contact], savedItemFolderId: { distinguished: 'contacts' } });
PATTERNS.forEach((p, i) =>
  RANGES.forEach((r, j) =>
    add(`CreateItem-calendar-${i}-${j}`, createItem, {
      items: [calendarItem(p, r)],
      sendMeetingInvitations: 'SendToNone',
      savedItemFolderId: { distinguished: 'calendar' },
    }),
  ),
);
add('CreateItem-allday', createItem, { items: [singleAllDay], sendMeetingInvitations: 'SendToNone' });
add('CreateItem-voicemail', createItem, {
  ...buildVoicemailCreateItem({
    voxsyncMessageId: AWKWARD,
    callerNumber: '+1 555 0100',
    callerName: `${AWKWARD}\u0001`,
    durationSeconds: 42,
    receivedAt: new Date('2026-03-02T10:00:00Z'),
    callId: 'call-1',
    audio: { data: new Uint8Array(1000).fill(7), format: 'mp3' },
    urgent: true,
    private: true,
    recipient: { name: 'User', emailAddress: 'user@example.com' },
  }),
});
add('UpdateItem', updateItem, {
  conflictResolution: 'NeverOverwrite',
  messageDisposition: 'SaveOnly',
  sendMeetingInvitationsOrCancellations: 'SendToNone',
  suppressReadReceipts: true,
  changes: [
    {
      itemId: ID,
      updates: [
        { action: 'set', path: { fieldUri: 'message:IsRead' }, item: { kind: 'Message', isRead: true } },
        { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject: LONG } },
        {
          action: 'set',
          path: { extended: { propertyTag: 0x0e07, propertyType: 'Integer' } },
          item: {
            kind: 'Message',
            extendedProperties: [{ uri: { propertyTag: 0x0e07, propertyType: 'Integer' }, value: '1' }],
          },
        },
        {
          action: 'append',
          path: { fieldUri: 'item:Body' },
          item: { kind: 'Message', body: { bodyType: 'Text', value: AWKWARD } },
        },
        { action: 'delete', path: { fieldUri: 'item:Categories' } },
      ],
    },
    {
      itemId: { id: 'contact' },
      updates: [
        {
          action: 'set',
          path: { indexedFieldUri: 'contacts:EmailAddress', fieldIndex: 'EmailAddress3' },
          item: { kind: 'Contact', emailAddresses: [{ key: 'EmailAddress3', address: 'z@example.com' }] },
        },
        {
          action: 'set',
          path: { indexedFieldUri: 'contacts:PhysicalAddress:City', fieldIndex: 'Home' },
          item: { kind: 'Contact', physicalAddresses: [{ key: 'Home', city: AWKWARD }] },
        },
        { action: 'delete', path: { indexedFieldUri: 'contacts:PhoneNumber', fieldIndex: 'MobilePhone' } },
      ],
    },
    {
      itemId: { kind: 'occurrence', recurringMasterId: 'm', instanceIndex: 2 },
      updates: [
        {
          action: 'set',
          path: { fieldUri: 'calendar:Start' },
          item: { kind: 'CalendarItem', start: '2026-03-03T10:00:00Z' },
        },
        {
          action: 'set',
          path: { fieldUri: 'calendar:Recurrence' },
          item: { kind: 'CalendarItem', recurrence: { pattern: PATTERNS[0]!, range: RANGES[2]! } },
        },
      ],
    },
  ],
});
for (const deleteType of ['HardDelete', 'SoftDelete', 'MoveToDeletedItems'] as const) {
  add(`DeleteItem-${deleteType}`, deleteItem, {
    itemIds: [ID, { kind: 'occurrence', recurringMasterId: 'm', instanceIndex: 1 }],
    deleteType,
    sendMeetingCancellations: 'SendToNone',
    affectedTaskOccurrences: 'AllOccurrences',
  });
}
add('MoveItem', moveItem, {
  toFolderId: { distinguished: 'deleteditems' },
  itemIds: [ID],
  returnNewItemIds: true,
});
add('CopyItem', copyItem, { toFolderId: { id: 'folder', changeKey: 'ck' }, itemIds: [ID] });
add('GetFolder', getFolder, {
  shape: { baseShape: 'AllProperties', additionalProperties: [{ fieldUri: 'folder:DisplayName' }] },
  folderIds: [
    { distinguished: 'inbox' },
    { id: 'f1' },
    { distinguished: 'msgfolderroot', mailbox: { emailAddress: 'x@y.z' } },
  ],
});
add('FindFolder', findFolder, {
  shape: { baseShape: 'Default' },
  parentFolderIds: [{ distinguished: 'msgfolderroot' }],
  traversal: 'Deep',
  view: { type: 'IndexedPage', offset: 0, maxEntriesReturned: 100 },
  restriction: { op: 'IsEqualTo', path: { fieldUri: 'folder:DisplayName' }, value: AWKWARD },
});
add('FindItem-paged-restriction', findItem, {
  ...findVoicemailInput(AWKWARD),
  sortOrder: [{ path: { fieldUri: 'item:DateTimeReceived' }, order: 'Descending' }],
});
add('FindItem-and-or', findItem, {
  shape: { baseShape: 'Default' },
  parentFolderIds: [{ distinguished: 'inbox' }],
  view: { type: 'IndexedPage', offset: 100, maxEntriesReturned: 50, basePoint: 'End' },
  restriction: {
    op: 'And',
    operands: [
      {
        op: 'Or',
        operands: [
          { op: 'IsEqualTo', path: { fieldUri: 'message:IsRead' }, value: 'false' },
          { op: 'Exists', path: { fieldUri: 'item:Subject' } },
        ],
      },
      {
        op: 'Not',
        operand: {
          op: 'Contains',
          path: { fieldUri: 'item:Subject' },
          value: AWKWARD,
          containmentMode: 'Substring',
          containmentComparison: 'IgnoreCase',
        },
      },
      { op: 'IsGreaterThan', path: { fieldUri: 'item:DateTimeReceived' }, value: '2026-01-01T00:00:00Z' },
    ],
  },
});
add('FindItem-calendar-view', findItem, {
  shape: {
    baseShape: 'IdOnly',
    additionalProperties: [{ fieldUri: 'calendar:Start' }, { fieldUri: 'calendar:LegacyFreeBusyStatus' }],
  },
  parentFolderIds: [{ distinguished: 'calendar' }],
  view: {
    type: 'Calendar',
    startDate: '2026-03-01T00:00:00Z',
    endDate: '2026-04-01T00:00:00Z',
    maxEntriesReturned: 500,
  },
});
add('SyncFolderItems-first', syncFolderItems, {
  shape: { baseShape: 'IdOnly', additionalProperties: [{ fieldUri: 'message:IsRead' }] },
  folderId: { distinguished: 'inbox' },
  maxChangesReturned: 512,
});
add('SyncFolderItems-next', syncFolderItems, {
  shape: { baseShape: 'Default' },
  folderId: { id: 'f' },
  syncState:
    'H4sIAAAAAAAEAO29B2AcSZYlJi9tynt/SvVK1+B0oQiAYBMk2JBAEOzBiM3mkuwdaUcjKasqgcplVmVdZhZAzO2dvPfee+' +
    'A'.repeat(5000),
  ignore: [ID],
  maxChangesReturned: 1,
  syncScope: 'NormalItems',
});
add('SyncFolderHierarchy', syncFolderHierarchy, { shape: { baseShape: 'AllProperties' } });
add('SyncFolderHierarchy-state', syncFolderHierarchy, {
  shape: { baseShape: 'IdOnly' },
  folderId: { distinguished: 'msgfolderroot' },
  syncState: 'H4sI',
});
add('GetAttachment', getAttachment, {
  attachmentIds: ['AAMkAtt1=', 'AAMkAtt2='],
  shape: {
    includeMimeContent: false,
    bodyType: 'Text',
    additionalProperties: [{ fieldUri: 'item:Subject' }],
  },
});
add('GetAttachment-noshape', getAttachment, { attachmentIds: ['a'] });
add('CreateAttachment', createAttachment, {
  parentItemId: ID,
  attachments: [
    {
      kind: 'file',
      name: AWKWARD,
      contentType: 'audio/wav',
      content: new Uint8Array([1, 2, 3]),
      isInline: false,
    },
    { kind: 'item', name: 'embedded', item: { kind: 'Message', subject: AWKWARD } },
  ],
});
add('Subscribe-streaming', subscribe, {
  kind: 'streaming',
  folderIds: [{ distinguished: 'inbox' }, { distinguished: 'deleteditems' }, { id: 'c' }],
  eventTypes: [
    'NewMailEvent',
    'CreatedEvent',
    'DeletedEvent',
    'ModifiedEvent',
    'MovedEvent',
    'CopiedEvent',
    'FreeBusyChangedEvent',
  ],
});
add('Subscribe-streaming-all', subscribe, {
  kind: 'streaming',
  subscribeToAllFolders: true,
  eventTypes: ['CreatedEvent'],
});
add('Subscribe-pull', subscribe, {
  kind: 'pull',
  folderIds: [{ distinguished: 'inbox' }],
  eventTypes: ['NewMailEvent'],
  watermark: 'AQAAAA==',
  timeoutMinutes: 1440,
});
add('Subscribe-push', subscribePush, {
  folderIds: [{ distinguished: 'inbox' }, { id: 'AAMk&<>=' }],
  eventTypes: ['NewMailEvent', 'CreatedEvent'],
  watermark: 'AQAAAA==',
  statusFrequencyMinutes: 1440,
  url: 'https://voxsync.example.com/ews/push?tenant=a&b=<1>',
  callerData: AWKWARD,
});
add('Subscribe-push-all', subscribePush, {
  subscribeToAllFolders: true,
  eventTypes: ['ModifiedEvent'],
  statusFrequencyMinutes: 1,
  url: 'http://127.0.0.1:8080/push',
});
add('GetEvents', getEvents, { subscriptionId: 'sub&1', watermark: 'AQAAAA==' });
add('GetStreamingEvents', getStreamingEvents, {
  subscriptionIds: Array.from({ length: 200 }, (_, i) => `sub-${i}`),
  connectionTimeoutMinutes: 30,
});
add('Unsubscribe', unsubscribe, { subscriptionId: 'sub<1>' });
add('ConvertId', convertId, {
  destinationFormat: 'HexEntryId',
  sourceIds: [{ format: 'EwsId', id: 'AAMk=', mailbox: 'user@example.com', isArchive: false }],
});
add('ResolveNames', resolveNames, {
  unresolvedEntry: AWKWARD,
  returnFullContactData: true,
  searchScope: 'ActiveDirectoryContacts',
  contactDataShape: 'AllProperties',
  parentFolderIds: [{ distinguished: 'contacts' }],
});
add('ResolveNames-min', resolveNames, { unresolvedEntry: 'smith', returnFullContactData: false });

add('SendItem', sendItem, { itemIds: [ID, { id: 'AAMk=', changeKey: 'CQ==' }], saveItemToFolder: false });
add('SendItem-saved-folder', sendItem, {
  itemIds: [ID],
  saveItemToFolder: true,
  savedItemFolderId: { distinguished: 'sentitems', mailbox: { emailAddress: 'user@example.com' } },
});

add('ExportItems', exportItems, { itemIds: [ID, { id: 'AAMk=' }] });
add('UploadItems', uploadItems, {
  items: [
    { createAction: 'CreateNew', parentFolderId: { id: 'AQMk=' }, data: new Uint8Array([1, 2, 3]) },
    {
      createAction: 'Update',
      parentFolderId: ID,
      itemId: ID,
      data: new Uint8Array([255]),
      isAssociated: false,
    },
    { createAction: 'UpdateOrCreate', parentFolderId: ID, itemId: { id: 'AAMk=' }, data: new Uint8Array(0) },
  ],
});

// ExchangeImpersonation by SID (ConnectingSID/SID) instead of the default PrimarySmtpAddress.
docs['GetFolder-impersonation-SID'] = buildRequestEnvelope(
  getFolder.buildBody({ folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } }),
  {
    serverVersion: 'Exchange2016',
    impersonation: { kind: 'SID', value: 'S-1-5-21-1004336348-1177238915-682003330-1105' },
  },
);

// Negative control: the same GetItem with its two children swapped must be reported invalid.
const swapped = buildRequestEnvelope(
  '<m:GetItem><m:ItemIds><t:ItemId Id="x"/></m:ItemIds><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape></m:GetItem>',
  { serverVersion: 'Exchange2016' },
);

let validity: Map<string, string[]>;
before(async () => {
  validity = await validateEnvelopes({ ...docs, swapped });
});

test('the validator reports a sequence-order violation (negative control)', () => {
  assert.ok((validity.get('swapped') ?? []).length > 0);
});

for (const name of Object.keys(docs)) {
  test(`${name} request validates against the EWS schema`, () => {
    assert.deepEqual(validity.get(name), []);
  });
}

test('requests EWS would refuse are rejected before sending', () => {
  const cases: [string, () => unknown][] = [
    [
      'MaxChangesReturned 0',
      () =>
        syncFolderItems.buildBody({
          shape: { baseShape: 'IdOnly' },
          folderId: { id: 'f' },
          maxChangesReturned: 0,
        }),
    ],
    [
      'MaxChangesReturned 513',
      () =>
        syncFolderItems.buildBody({
          shape: { baseShape: 'IdOnly' },
          folderId: { id: 'f' },
          maxChangesReturned: 513,
        }),
    ],
    [
      '201 streaming ids',
      () =>
        getStreamingEvents.buildBody({ subscriptionIds: Array(201).fill('s'), connectionTimeoutMinutes: 1 }),
    ],
    [
      'timeout 31',
      () => getStreamingEvents.buildBody({ subscriptionIds: ['s'], connectionTimeoutMinutes: 31 }),
    ],
    [
      'pull timeout 0',
      () =>
        subscribe.buildBody({
          kind: 'pull',
          subscribeToAllFolders: true,
          eventTypes: ['NewMailEvent'],
          timeoutMinutes: 0,
        }),
    ],
    ['no ids', () => getItem.buildBody({ shape: { baseShape: 'IdOnly' }, itemIds: [] })],
    [
      'bad extended uri',
      () =>
        getItem.buildBody({
          shape: {
            baseShape: 'IdOnly',
            additionalProperties: [
              { extended: { propertyTag: 1, propertyName: 'x', propertyType: 'String' } },
            ],
          },
          itemIds: [{ id: 'x' }],
        }),
    ],
    ['control char', () => createItem.buildBody({ items: [{ kind: 'Message', subject: 'a\u0000b' }] })],
    [
      'calendar view + restriction',
      () =>
        findItem.buildBody({
          shape: { baseShape: 'IdOnly' },
          parentFolderIds: [{ distinguished: 'calendar' }],
          view: { type: 'Calendar', startDate: 'a', endDate: 'b' },
          restriction: { op: 'Exists', path: { fieldUri: 'item:Subject' } },
        }),
    ],
  ];
  for (const [name, f] of cases) assert.throws(f, EwsRequestError, name);
});
