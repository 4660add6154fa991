// Write → parse gives back the same value, in both directions the simulator and the client use:
// request body (client builds, simulator parses) and response body (simulator builds, client parses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildRequestEnvelope,
  buildResponseEnvelope,
  parseRequestEnvelope,
  parseResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import { stripInvalidXmlChars } from '../../../src/ews/soap/xml-writer.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { syncFolderItems, type SyncFolderItemsPage } from '../../../src/ews/operations/sync-folder-items.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import type { Item } from '../../../src/ews/types/items.ts';
import type { Message } from '../../../src/ews/types/message.ts';
import type { Contact } from '../../../src/ews/types/contact.ts';
import {
  EMAIL_ADDRESS_KEYS,
  PHONE_NUMBER_KEYS,
  PHYSICAL_ADDRESS_KEYS,
} from '../../../src/ews/types/contact.ts';
import type { CalendarItem } from '../../../src/ews/types/calendar.ts';
import { PATTERNS, RANGES, calendarItem, contact, message } from './fixtures/items.ts';
import type { ServerOperation, Operation, BatchResult } from '../../../src/ews/operations/operation.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';

const HEADERS = { serverVersion: 'Exchange2016' as const };
const SERVER = { majorVersion: 15, minorVersion: 1 };

function viaRequest<I>(op: Operation<I, unknown> & ServerOperation<I, unknown>, input: I): I {
  return op.parseRequest(parseRequestEnvelope(buildRequestEnvelope(op.buildBody(input), HEADERS)).body);
}
function viaResponse<O>(op: Operation<unknown, O> & ServerOperation<unknown, O>, output: O): O {
  return op.parseBody(
    parseResponseEnvelope(buildResponseEnvelope(op.buildResponseBody(output), SERVER)).body,
  );
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map(stripInvalidXmlChars);
const date = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const id = fc.record({
  id: fc.base64String({ minLength: 4, maxLength: 40 }),
  changeKey: fc.base64String({ minLength: 4, maxLength: 12 }),
});
const mailbox = fc.record(
  { name: text, emailAddress: fc.emailAddress() },
  { requiredKeys: ['emailAddress'] },
);

const messageArb: fc.Arbitrary<Message> = fc
  .record(
    {
      itemId: id,
      subject: text,
      sensitivity: fc.constantFrom('Normal', 'Personal', 'Private', 'Confidential'),
      body: fc.record({ bodyType: fc.constantFrom('HTML', 'Text'), value: text }),
      importance: fc.constantFrom('Low', 'Normal', 'High'),
      dateTimeReceived: date,
      categories: fc.array(text, { maxLength: 3 }),
      extendedProperties: fc.array(
        fc.oneof(
          fc.record({
            uri: fc.constant({ propertyTag: 0x0e07, propertyType: 'Integer' as const }),
            value: fc.integer().map(String),
          }),
          fc.record({
            uri: fc.record({
              propertySetId: fc.uuid(),
              propertyName: text.filter((s) => s.length > 0),
              propertyType: fc.constant('String' as const),
            }),
            value: text,
          }),
        ),
        // An empty repeated/NonEmptyArrayOf field is written as absent, so it reads back as absent.
        { minLength: 1, maxLength: 3 },
      ),
      toRecipients: fc.array(mailbox, { maxLength: 3 }),
      from: mailbox,
      isRead: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((m) => ({ kind: 'Message' as const, ...m }));

const contactArb: fc.Arbitrary<Contact> = fc
  .record(
    {
      itemId: id,
      displayName: text,
      givenName: text,
      surname: text,
      emailAddresses: fc
        .subarray([...EMAIL_ADDRESS_KEYS], { minLength: 1 })
        .chain((keys) =>
          fc.tuple(...keys.map((key) => fc.record({ key: fc.constant(key), address: fc.emailAddress() }))),
        ),
      phoneNumbers: fc
        .subarray([...PHONE_NUMBER_KEYS], { minLength: 1 })
        .chain((keys) => fc.tuple(...keys.map((key) => fc.record({ key: fc.constant(key), number: text })))),
      physicalAddresses: fc
        .subarray([...PHYSICAL_ADDRESS_KEYS], { minLength: 1 })
        .chain((keys) =>
          fc.tuple(
            ...keys.map((key) =>
              fc.record({ key: fc.constant(key), street: text, city: text }, { requiredKeys: ['key'] }),
            ),
          ),
        ),
      birthday: date,
    },
    { requiredKeys: [] },
  )
  .map((c) => ({ kind: 'Contact' as const, ...c }));

const calendarArb: fc.Arbitrary<CalendarItem> = fc
  .tuple(fc.constantFrom(...PATTERNS), fc.constantFrom(...RANGES), text, date, date, fc.boolean())
  .map(([p, r, subject, start, end, allDay]) => ({
    ...calendarItem(p, r),
    subject,
    start,
    end,
    isAllDayEvent: allDay,
    calendarItemType: 'RecurringMaster' as const,
    uid: 'uid-1',
    modifiedOccurrences: [{ itemId: { id: 'occ' }, start, end, originalStart: start }],
    deletedOccurrences: [{ start }],
  }));

const itemArb: fc.Arbitrary<Item> = fc.oneof(messageArb, contactArb, calendarArb);

test('CreateItem request: client build → simulator parse is the identity (fast-check)', () => {
  fc.assert(
    fc.property(fc.array(itemArb, { minLength: 1, maxLength: 3 }), (generated) => {
      // fast-check builds null-prototype records; the parser builds plain objects.
      const items = structuredClone(generated);
      const input = {
        items,
        messageDisposition: 'SaveOnly' as const,
        savedItemFolderId: { distinguished: 'inbox' as const },
      };
      assert.deepStrictEqual(viaRequest(createItem, input), input);
    }),
    { numRuns: 150 },
  );
});

test('GetItem response: simulator build → client parse is the identity (fast-check)', () => {
  fc.assert(
    fc.property(fc.array(itemArb, { minLength: 1, maxLength: 3 }), (generated) => {
      const items = structuredClone(generated);
      const output: BatchResult<Item>[] = items.map((value) => ({ ok: true, value }));
      assert.deepStrictEqual(viaResponse(getItem, output), output);
    }),
    { numRuns: 150 },
  );
});

test('fixture items with awkward values round trip', () => {
  for (const item of [message, contact, calendarItem(PATTERNS[4]!, RANGES[1]!)]) {
    assert.deepStrictEqual(viaRequest(createItem, { items: [item] }), { items: [item] });
  }
});

test('per-item errors survive the response direction in order', () => {
  const err = new ResponseMessageError({
    responseCode: 'ErrorItemNotFound',
    messageText: 'The specified object was not found in the store.',
    messageXml: {},
  });
  const back = viaResponse(getItem, [
    { ok: true, value: message },
    { ok: false, error: err },
    { ok: true, value: contact },
  ]);
  assert.equal(back.length, 3);
  assert.ok(back[0]!.ok && back[2]!.ok);
  assert.ok(!back[1]!.ok && back[1]!.error.responseCode === 'ErrorItemNotFound');
  assert.equal(
    !back[1]!.ok && back[1]!.error.messageText,
    'The specified object was not found in the store.',
  );
});

test('SyncFolderItems page round trips with every change kind', () => {
  const page: SyncFolderItemsPage = {
    syncState: 'H4sIAAAA',
    includesLastItemInRange: false,
    changes: [
      { type: 'create', item: message },
      { type: 'update', item: { kind: 'Message', itemId: { id: 'u', changeKey: 'c' }, isRead: true } },
      { type: 'delete', itemId: { id: 'd' } },
      { type: 'readFlagChange', itemId: { id: 'r', changeKey: 'k' }, isRead: false },
    ],
  };
  assert.deepStrictEqual(viaResponse(syncFolderItems, [{ ok: true, value: page }]), [
    { ok: true, value: page },
  ]);
  const req = {
    shape: { baseShape: 'IdOnly' as const },
    folderId: { distinguished: 'inbox' as const },
    syncState: 'abc',
    ignore: [{ id: 'i' }],
    maxChangesReturned: 512,
    syncScope: 'NormalItems' as const,
  };
  assert.deepStrictEqual(viaRequest(syncFolderItems, req), req);
});

test('FindItem with an extended-property restriction round trips', () => {
  const req = {
    parentFolderIds: [{ distinguished: 'inbox' as const }],
    shape: {
      baseShape: 'IdOnly' as const,
      additionalProperties: [
        {
          extended: {
            propertySetId: 'ded64970-a964-467c-9164-33d054004047',
            propertyName: 'VoxsyncMessageId',
            propertyType: 'String' as const,
          },
        },
      ],
    },
    traversal: 'Shallow' as const,
    view: {
      type: 'IndexedPage' as const,
      offset: 10,
      maxEntriesReturned: 5,
      basePoint: 'Beginning' as const,
    },
    restriction: {
      op: 'And' as const,
      operands: [
        {
          op: 'IsEqualTo' as const,
          path: {
            extended: {
              propertySetId: 'ded64970-a964-467c-9164-33d054004047',
              propertyName: 'VoxsyncMessageId',
              propertyType: 'String' as const,
            },
          },
          value: 'm-1',
        },
        { op: 'Not' as const, operand: { op: 'Exists' as const, path: { fieldUri: 'item:Subject' } } },
      ],
    },
  };
  assert.deepStrictEqual(viaRequest(findItem, req), req);
});

test('UpdateItem request round trips; the response carries the new ChangeKey', () => {
  const req = {
    conflictResolution: 'NeverOverwrite' as const,
    changes: [
      {
        itemId: { id: 'a', changeKey: 'old' },
        updates: [
          {
            action: 'set' as const,
            path: { fieldUri: 'message:IsRead' },
            item: { kind: 'Message' as const, isRead: true },
          },
          {
            action: 'delete' as const,
            path: { indexedFieldUri: 'contacts:PhoneNumber', fieldIndex: 'HomePhone' },
          },
        ],
      },
    ],
  };
  assert.deepStrictEqual(viaRequest(updateItem, req), req);
  const out = viaResponse(updateItem, [
    { ok: true, value: { itemId: { id: 'a', changeKey: 'new' }, conflictResults: 0 } },
  ]);
  assert.deepStrictEqual(out, [
    { ok: true, value: { itemId: { id: 'a', changeKey: 'new' }, conflictResults: 0 } },
  ]);
});
