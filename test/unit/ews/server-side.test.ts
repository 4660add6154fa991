// The server halves of the shared operations as the Exchange simulator uses them: requests the schema
// refuses are reported (EwsProtocolError, worded like Exchange's ErrorSchemaValidation), and response
// features only a server writes (Warning with a result, raw item XML, error content) read back in the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import { EwsProtocolError, ResponseMessageError } from '../../../src/ews/errors.ts';
import type { Operation, ServerOperation } from '../../../src/ews/operations/operation.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { createItem, readCreateItemOptions } from '../../../src/ews/operations/create-item.ts';
import { readUpdateItemOptions } from '../../../src/ews/operations/update-item.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { getStreamingEvents } from '../../../src/ews/operations/get-streaming-events.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { syncFolderHierarchy } from '../../../src/ews/operations/sync-folder-hierarchy.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { findFolder } from '../../../src/ews/operations/find-folder.ts';
import { resolveNames } from '../../../src/ews/operations/resolve-names.ts';
import { convertId } from '../../../src/ews/operations/convert-id.ts';
import { deleteAttachment } from '../../../src/ews/operations/delete-attachment.ts';
import { createAttachment } from '../../../src/ews/operations/create-attachment.ts';
import { getAttachment } from '../../../src/ews/operations/get-attachment.ts';
import { createFolder } from '../../../src/ews/operations/create-folder.ts';
import { deleteFolder } from '../../../src/ews/operations/delete-folder.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import type { XmlElement } from '../../../src/ews/soap/xml-tree.ts';

const HEADERS = { serverVersion: 'Exchange2016' as const };
const SERVER = { majorVersion: 15, minorVersion: 1 };

/** A request body as the simulator receives it (prefixes m:/t: declared by the envelope). */
function body(xml: string): XmlElement {
  return parseRequestEnvelope(buildRequestEnvelope(xml, HEADERS)).body;
}
function viaRequest<I>(op: Operation<I, unknown> & ServerOperation<I, unknown>, input: I): I {
  return op.parseRequest(body(op.buildBody(input)));
}
function viaResponse<O>(op: Operation<unknown, O> & ServerOperation<unknown, O>, output: O): O {
  return op.parseBody(
    parseResponseEnvelope(buildResponseEnvelope(op.buildResponseBody(output), SERVER)).body,
  );
}
function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof EwsProtocolError && pattern.test(e.message));
}

const INBOX = '<m:ItemIds><t:ItemId Id="AAA="/></m:ItemIds>';

test('DeleteItem: DeleteType is required and enumerated; the optional attributes are checked too', () => {
  refused(() => deleteItem.parseRequest(body(`<m:DeleteItem>${INBOX}</m:DeleteItem>`)), /'DeleteType'/);
  refused(
    () => deleteItem.parseRequest(body(`<m:DeleteItem DeleteType="Shred">${INBOX}</m:DeleteItem>`)),
    /value 'Shred'.*Enumeration constraint/,
  );
  refused(
    () =>
      deleteItem.parseRequest(
        body(
          `<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="Maybe">${INBOX}</m:DeleteItem>`,
        ),
      ),
    /SendMeetingCancellations/,
  );
  assert.deepEqual(
    viaRequest(deleteItem, {
      itemIds: [{ id: 'AAA=' }],
      deleteType: 'MoveToDeletedItems',
      sendMeetingCancellations: 'SendToNone',
      affectedTaskOccurrences: 'AllOccurrences',
    }),
    {
      itemIds: [{ id: 'AAA=' }],
      deleteType: 'MoveToDeletedItems',
      sendMeetingCancellations: 'SendToNone',
      affectedTaskOccurrences: 'AllOccurrences',
    },
  );
});

test('CreateItem/UpdateItem options are readable without the items, and checked', () => {
  const create = body(
    createItem.buildBody({
      items: [{ kind: 'Message', subject: 's' }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
      sendMeetingInvitations: 'SendToNone',
    }),
  );
  assert.deepEqual(readCreateItemOptions(create), {
    savedItemFolderId: { distinguished: 'inbox' },
    messageDisposition: 'SaveOnly',
    sendMeetingInvitations: 'SendToNone',
  });
  refused(
    () => readCreateItemOptions(body('<m:CreateItem MessageDisposition="Later"><m:Items/></m:CreateItem>')),
    /MessageDisposition/,
  );
  refused(
    () =>
      readUpdateItemOptions(body('<m:UpdateItem ConflictResolution="Merge"><m:ItemChanges/></m:UpdateItem>')),
    /ConflictResolution/,
  );
  assert.equal(
    readUpdateItemOptions(body('<m:UpdateItem><m:ItemChanges/></m:UpdateItem>')).conflictResolution,
    'AutoResolve',
  );
});

test('Subscribe: event types and the pull Timeout range (1..1440) are checked', () => {
  const pull = (timeout: string, type = 'NewMailEvent'): string =>
    `<m:Subscribe><m:PullSubscriptionRequest SubscribeToAllFolders="true"><t:EventTypes><t:EventType>${type}</t:EventType></t:EventTypes><t:Timeout>${timeout}</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`;
  refused(() => subscribe.parseRequest(body(pull('0'))), /'Timeout'.*SubscriptionTimeoutType/);
  refused(() => subscribe.parseRequest(body(pull('1441'))), /'Timeout'/);
  refused(
    () => subscribe.parseRequest(body(pull('10', 'ReadEvent'))),
    /'ReadEvent'.*NotificationEventTypeType/,
  );
  assert.deepEqual(subscribe.parseRequest(body(pull('1440'))), {
    kind: 'pull',
    eventTypes: ['NewMailEvent'],
    subscribeToAllFolders: true,
    timeoutMinutes: 1440,
  });
});

test('GetStreamingEvents: ConnectionTimeout 1..30 and at least one subscription id', () => {
  const req = (ids: string, minutes: string): XmlElement =>
    body(
      `<m:GetStreamingEvents><m:SubscriptionIds>${ids}</m:SubscriptionIds><m:ConnectionTimeout>${minutes}</m:ConnectionTimeout></m:GetStreamingEvents>`,
    );
  const one = '<t:SubscriptionId>s1</t:SubscriptionId>';
  refused(() => getStreamingEvents.parseRequest(req(one, '31')), /ConnectionTimeout' element is invalid/);
  refused(() => getStreamingEvents.parseRequest(req('', '5')), /'SubscriptionIds' has incomplete content/);
  assert.deepEqual(getStreamingEvents.parseRequest(req(one, '30')), {
    subscriptionIds: ['s1'],
    connectionTimeoutMinutes: 30,
  });
});

test('SyncFolderItems: MaxChangesReturned 1..512 and SyncScope are checked; an error carries an empty SyncState', () => {
  const req = (max: string, scope = ''): XmlElement =>
    body(
      `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>${max}</m:MaxChangesReturned>${scope}</m:SyncFolderItems>`,
    );
  refused(() => syncFolderItems.parseRequest(req('513')), /MaxInclusive/);
  refused(() => syncFolderItems.parseRequest(req('0')), /MinInclusive/);
  refused(() => syncFolderItems.parseRequest(req('ten')), /not a valid Int32/);
  refused(
    () => syncFolderItems.parseRequest(req('5', '<m:SyncScope>Everything</m:SyncScope>')),
    /SyncFolderItemsScopeType/,
  );
  assert.equal(syncFolderItems.parseRequest(req('512')).maxChangesReturned, 512);

  const failure = { responseCode: 'ErrorInvalidSyncStateData', messageText: 'bad state' };
  for (const xml of [
    syncFolderItems.buildResponseBody([
      { ok: false, error: new ResponseMessageError({ ...failure, messageXml: {} }) },
    ]),
    syncFolderHierarchy.buildResponseBody([
      { ok: false, error: new ResponseMessageError({ ...failure, messageXml: {} }) },
    ]),
  ]) {
    assert.match(xml, /<m:SyncState\/><m:IncludesLast(Item|Folder)InRange>true</);
  }
});

test('SyncFolderItems and FindItem write server-serialized items in place of typed ones', () => {
  const itemXml =
    '<t:Message><t:ItemId Id="X1" ChangeKey="c"/><t:Subject>raw &amp; kept</t:Subject></t:Message>';
  const [page] = viaResponse(syncFolderItems, [
    {
      ok: true,
      value: {
        syncState: 'S',
        includesLastItemInRange: true,
        changes: [{ type: 'create', item: { kind: 'Item', element: 'Message' }, itemXml }],
      },
    },
  ]);
  assert.ok(page?.ok);
  const change = page.value.changes[0];
  assert.equal(change?.type, 'create');
  assert.equal(change?.type === 'create' ? change.item.subject : undefined, 'raw & kept');

  const [found] = viaResponse(findItem, [
    { ok: true, value: { items: [], itemsXml: itemXml, totalItemsInView: 1 } },
  ]);
  assert.ok(found?.ok);
  assert.deepEqual(found.value.items[0]?.itemId, { id: 'X1', changeKey: 'c' });
});

test('shapes and views: BaseShape is required and enumerated; view numbers and dates are checked', () => {
  const get = (shape: string): XmlElement =>
    body(`<m:GetItem><m:ItemShape>${shape}</m:ItemShape>${INBOX}</m:GetItem>`);
  refused(() => getItem.parseRequest(get('')), /'ItemShape' has incomplete content.*'BaseShape'/);
  refused(() => getItem.parseRequest(get('<t:BaseShape>Everything</t:BaseShape>')), /DefaultShapeNamesType/);
  const find = (view: string): XmlElement =>
    body(
      `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>${view}<m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`,
    );
  refused(
    () => findItem.parseRequest(find('<m:IndexedPageItemView Offset="-1" BasePoint="Beginning"/>')),
    /'Offset'/,
  );
  refused(
    () => findItem.parseRequest(find('<m:IndexedPageItemView Offset="0" BasePoint="Middle"/>')),
    /BasePoint/,
  );
  refused(
    () => findItem.parseRequest(find('<m:CalendarView StartDate="soon" EndDate="2026-01-02T00:00:00Z"/>')),
    /StartDate/,
  );
  refused(
    () =>
      findFolder.parseRequest(
        body(
          '<m:FindFolder Traversal="Sideways"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="root"/></m:ParentFolderIds></m:FindFolder>',
        ),
      ),
    /Traversal/,
  );
  assert.deepEqual(
    findItem.parseRequest(find('<m:IndexedPageItemView MaxEntriesReturned="5" Offset="10" BasePoint="End"/>'))
      .view,
    {
      type: 'IndexedPage',
      offset: 10,
      basePoint: 'End',
      maxEntriesReturned: 5,
    },
  );
});

test('restrictions: Excludes with a bitmask round-trips', () => {
  const input = {
    parentFolderIds: [{ distinguished: 'inbox' as const }],
    shape: { baseShape: 'IdOnly' as const },
    traversal: 'Shallow' as const,
    restriction: {
      op: 'Excludes' as const,
      path: { extended: { propertyTag: 0x0e07, propertyType: 'Integer' as const } },
      bitmask: '0x1',
    },
  };
  assert.deepEqual(viaRequest(findItem, input).restriction, input.restriction);
});

test('a Warning that carries a result (ResolveNames, several matches) is written and read as a result', () => {
  const [r] = viaResponse(resolveNames, [
    {
      ok: true,
      value: {
        resolutions: [{ mailbox: { name: 'A', emailAddress: 'a@x.test' } }, { mailbox: { name: 'B' } }],
      },
      warning: new ResponseMessageError({
        responseCode: 'ErrorNameResolutionMultipleResults',
        messageText: 'Multiple results were found.',
        messageXml: {},
      }),
    },
  ]);
  assert.ok(r?.ok);
  assert.equal(r.value.resolutions.length, 2);
  assert.equal(r.warning?.responseCode, 'ErrorNameResolutionMultipleResults');
});

test('ConvertId: DestinationFormat and Format are required and enumerated', () => {
  refused(
    () =>
      convertId.parseRequest(
        body(
          '<m:ConvertId><m:SourceIds><t:AlternateId Format="EwsId" Id="A" Mailbox="a@x.test"/></m:SourceIds></m:ConvertId>',
        ),
      ),
    /DestinationFormat/,
  );
  refused(
    () =>
      convertId.parseRequest(
        body(
          '<m:ConvertId DestinationFormat="EwsId"><m:SourceIds><t:AlternateId Format="Base64" Id="A" Mailbox="a@x.test"/></m:SourceIds></m:ConvertId>',
        ),
      ),
    /'Base64'/,
  );
});

test('attachments: DeleteAttachment both ways; CreateAttachment says which element it made; item XML is written as given', () => {
  assert.deepEqual(viaRequest(deleteAttachment, { attachmentIds: ['a1', 'a2'] }), {
    attachmentIds: ['a1', 'a2'],
  });
  const [deleted] = viaResponse(deleteAttachment, [{ ok: true, value: { id: 'ROOT', changeKey: 'ck2' } }]);
  assert.deepEqual(deleted, { ok: true, value: { id: 'ROOT', changeKey: 'ck2' } });

  const [created] = viaResponse(createAttachment, [
    { ok: true, value: { id: 'att', rootItemId: 'ROOT', rootItemChangeKey: 'ck', kind: 'item' } },
  ]);
  assert.deepEqual(created, {
    ok: true,
    value: { id: 'att', rootItemId: 'ROOT', rootItemChangeKey: 'ck', kind: 'item' },
  });

  const [got] = viaResponse(getAttachment, [
    {
      ok: true,
      value: {
        kind: 'item',
        name: 'fwd',
        itemXml: '<t:Contact><t:GivenName>Dora</t:GivenName><t:Unmodelled>kept</t:Unmodelled></t:Contact>',
      },
    },
  ]);
  assert.ok(got?.ok && got.value.kind === 'item');
  assert.deepEqual(got.value.item, { kind: 'Contact', givenName: 'Dora' });
});

test('CreateFolder/DeleteFolder both ways; TasksFolder and SearchFolder carry UnreadCount', () => {
  const input = {
    parentFolderId: { distinguished: 'msgfolderroot' as const },
    folders: [{ element: 'TasksFolder' as const, displayName: 'Todo', folderClass: 'IPF.Task' }],
  };
  assert.deepEqual(viaRequest(createFolder, input), input);
  refused(
    () =>
      deleteFolder.parseRequest(
        body('<m:DeleteFolder><m:FolderIds><t:FolderId Id="F"/></m:FolderIds></m:DeleteFolder>'),
      ),
    /'DeleteType'/,
  );
  assert.deepEqual(viaRequest(deleteFolder, { folderIds: [{ id: 'F' }], deleteType: 'HardDelete' }), {
    folderIds: [{ id: 'F' }],
    deleteType: 'HardDelete',
  });
  const [tasks, search, calendar] = viaResponse(getFolder, [
    { ok: true, value: { element: 'TasksFolder', folderId: { id: 'T' }, unreadCount: 2 } },
    { ok: true, value: { element: 'SearchFolder', folderId: { id: 'S' }, unreadCount: 3 } },
    { ok: true, value: { element: 'CalendarFolder', folderId: { id: 'C' }, unreadCount: 4 } },
  ]);
  assert.equal(tasks?.ok && tasks.value.unreadCount, 2);
  assert.equal(search?.ok && search.value.unreadCount, 3);
  // CalendarFolderType extends BaseFolderType, which has no UnreadCount: it is not written.
  assert.equal(calendar?.ok && calendar.value.unreadCount, undefined);
});

test('extended property tags are written as Exchange does: 0x + lower-case hex, no padding', () => {
  const xml = getItem.buildBody({
    itemIds: [{ id: 'A' }],
    shape: {
      baseShape: 'IdOnly',
      additionalProperties: [
        { extended: { propertyTag: 0x0e07, propertyType: 'Integer' } },
        { extended: { propertyTag: 0x670a, propertyType: 'SystemTime' } },
      ],
    },
  });
  const tags = [...xml.matchAll(/PropertyTag="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(tags, ['0xe07', '0x670a']);
  // A padded upper-case tag in a request reads as the same property.
  const req = getItem.parseRequest(
    body(
      `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x0E07" PropertyType="Integer"/></t:AdditionalProperties></m:ItemShape>${INBOX}</m:GetItem>`,
    ),
  );
  assert.deepEqual(req.shape.additionalProperties, [
    { extended: { propertyTag: 3591, propertyType: 'Integer' } },
  ]);
});
