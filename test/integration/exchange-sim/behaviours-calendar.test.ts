// Calendar behaviours through the voxsync EwsClient: single and weekly recurring items in a European time
// zone, one occurrence modified and one deleted, and CalendarView expansion across the spring DST change.
// Facts pinned (EWS-PROTOCOL.md §11/§12): recurrences are evaluated in the master's StartTimeZone, so a
// 09:00 Berlin meeting is 08:00Z before 2026-03-29 and 07:00Z after; OccurrenceItemId InstanceIndex is
// 1-based; a deleted occurrence becomes a DeletedOccurrence of the master; FindItem without a CalendarView
// returns the master, with one it returns occurrences and exceptions (learn.microsoft.com
// exchange-web-services/calendars-and-ews-in-exchange, "Recurrence patterns and CalendarView").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import type { CalendarItem } from '../../../src/ews/types/calendar.ts';
import type { Item } from '../../../src/ews/types/items.ts';
import type { BaseItemId, ItemId } from '../../../src/ews/types/ids.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, failCode, ok, setFields } from './client-helpers.ts';

let sim: ExchangeSim;
let client: EwsClient;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const CALENDAR = { distinguished: 'calendar' as const };
const BERLIN = { id: 'W. Europe Standard Time' };

before(async () => {
  sim = await startSim();
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

function cal(item: Item): CalendarItem {
  assert.equal(item.kind, 'CalendarItem');
  return item as CalendarItem;
}

async function createEvent(item: Omit<CalendarItem, 'kind'>): Promise<ItemId> {
  const created = ok(
    await client.call(
      createItem,
      {
        items: [{ kind: 'CalendarItem', ...item }],
        savedItemFolderId: CALENDAR,
        sendMeetingInvitations: 'SendToNone',
      },
      AS_ALICE,
    ),
  );
  assert.ok(created.itemId);
  return created.itemId;
}

const FULL = {
  baseShape: 'Default' as const,
  additionalProperties: [
    { fieldUri: 'calendar:CalendarItemType' },
    { fieldUri: 'calendar:Recurrence' },
    { fieldUri: 'calendar:FirstOccurrence' },
    { fieldUri: 'calendar:LastOccurrence' },
    { fieldUri: 'calendar:ModifiedOccurrences' },
    { fieldUri: 'calendar:DeletedOccurrences' },
    { fieldUri: 'calendar:StartTimeZone' },
  ],
};

async function get(id: BaseItemId): Promise<CalendarItem> {
  return cal(ok(await client.call(getItem, { itemIds: [id], shape: FULL }, AS_ALICE)));
}

const iso = (s: string | undefined): string | undefined => (s === undefined ? s : new Date(s).toISOString());

test('a single calendar item round-trips with its time zone; deleting it needs SendMeetingCancellations', async () => {
  const id = await createEvent({
    subject: 'dentist',
    start: '2026-07-01T14:00:00Z',
    end: '2026-07-01T15:00:00Z',
    location: 'Main St',
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
  });
  const item = await get(id);
  assert.equal(item.calendarItemType, 'Single');
  assert.equal(item.subject, 'dentist');
  assert.equal(iso(item.start), '2026-07-01T14:00:00.000Z');
  assert.equal(iso(item.end), '2026-07-01T15:00:00.000Z');
  assert.equal(item.startTimeZone?.id, BERLIN.id);
  // D: web-service-reference/deleteitem.md: SendMeetingCancellations is required for calendar items.
  assert.equal(
    failCode(await client.call(deleteItem, { itemIds: [id], deleteType: 'HardDelete' }, AS_ALICE)),
    'ErrorSendMeetingCancellationsRequired',
  );
  ok(
    await client.call(
      deleteItem,
      { itemIds: [id], deleteType: 'HardDelete', sendMeetingCancellations: 'SendToNone' },
      AS_ALICE,
    ),
  );
  assert.equal(
    failCode(await client.call(getItem, { itemIds: [id], shape: { baseShape: 'IdOnly' } }, AS_ALICE)),
    'ErrorItemNotFound',
  );
});

test('weekly recurrence across DST with one modified and one deleted occurrence; CalendarView expands it', async () => {
  // Mondays 09:00-09:30 Berlin time, six times from 2026-03-16; Berlin changes to summer time on 2026-03-29.
  const master = await createEvent({
    subject: 'standup',
    start: '2026-03-16T08:00:00Z',
    end: '2026-03-16T08:30:00Z',
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
    recurrence: {
      pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
      range: { type: 'Numbered', startDate: '2026-03-16', numberOfOccurrences: 6 },
    },
  });
  const m0 = await get(master);
  assert.equal(m0.calendarItemType, 'RecurringMaster');
  assert.equal(m0.recurrence?.pattern.type, 'Weekly');
  assert.equal(iso(m0.firstOccurrence?.start), '2026-03-16T08:00:00.000Z');
  assert.equal(iso(m0.lastOccurrence?.start), '2026-04-20T07:00:00.000Z', 'still 09:00 local after DST');

  // Modify the second occurrence: one hour later and renamed.
  const second: BaseItemId = { kind: 'occurrence', recurringMasterId: master.id, instanceIndex: 2 };
  const occ2 = await get(second);
  assert.equal(occ2.calendarItemType, 'Occurrence');
  assert.equal(iso(occ2.start), '2026-03-23T08:00:00.000Z');
  ok(
    await client.call(
      updateItem,
      setFields(second, [
        ['item:Subject', { kind: 'CalendarItem', subject: 'standup (moved)' }],
        ['calendar:Start', { kind: 'CalendarItem', start: '2026-03-23T09:00:00Z' }],
        ['calendar:End', { kind: 'CalendarItem', end: '2026-03-23T09:30:00Z' }],
      ]),
      AS_ALICE,
    ),
  );
  // Delete the fourth (2026-04-06).
  const fourth: BaseItemId = { kind: 'occurrence', recurringMasterId: master.id, instanceIndex: 4 };
  ok(
    await client.call(
      deleteItem,
      { itemIds: [fourth], deleteType: 'HardDelete', sendMeetingCancellations: 'SendToNone' },
      AS_ALICE,
    ),
  );
  const m1 = await get({ id: master.id });
  assert.deepEqual(
    m1.modifiedOccurrences?.map((o) => [iso(o.originalStart), iso(o.start)]),
    [['2026-03-23T08:00:00.000Z', '2026-03-23T09:00:00.000Z']],
  );
  assert.deepEqual(
    m1.deletedOccurrences?.map((o) => iso(o.start)),
    ['2026-04-06T07:00:00.000Z'],
  );
  assert.equal((await get(second)).calendarItemType, 'Exception');
  assert.equal(
    failCode(await client.call(getItem, { itemIds: [fourth], shape: { baseShape: 'IdOnly' } }, AS_ALICE)),
    'ErrorCalendarOccurrenceIsDeletedFromRecurrence',
  );
  assert.equal(
    failCode(
      await client.call(
        getItem,
        {
          itemIds: [{ kind: 'occurrence', recurringMasterId: master.id, instanceIndex: 7 }],
          shape: { baseShape: 'IdOnly' },
        },
        AS_ALICE,
      ),
    ),
    'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
  );

  const lunch = await createEvent({
    subject: 'lunch',
    start: '2026-03-31T10:00:00Z',
    end: '2026-03-31T11:00:00Z',
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
  });
  const view = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [CALENDAR],
        shape: {
          baseShape: 'IdOnly',
          additionalProperties: [
            { fieldUri: 'item:Subject' },
            { fieldUri: 'calendar:Start' },
            { fieldUri: 'calendar:CalendarItemType' },
          ],
        },
        view: { type: 'Calendar', startDate: '2026-03-15T00:00:00Z', endDate: '2026-04-30T00:00:00Z' },
      },
      AS_ALICE,
    ),
  );
  const rows = view.items
    .map(cal)
    .map((i) => [iso(i.start), i.subject, i.calendarItemType])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  assert.deepEqual(rows, [
    ['2026-03-16T08:00:00.000Z', 'standup', 'Occurrence'],
    ['2026-03-23T09:00:00.000Z', 'standup (moved)', 'Exception'],
    ['2026-03-30T07:00:00.000Z', 'standup', 'Occurrence'],
    ['2026-03-31T10:00:00.000Z', 'lunch', 'Single'],
    ['2026-04-13T07:00:00.000Z', 'standup', 'Occurrence'],
    ['2026-04-20T07:00:00.000Z', 'standup', 'Occurrence'],
  ]);
  // A window inside the series returns only what overlaps it.
  const narrow = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [CALENDAR],
        shape: { baseShape: 'IdOnly', additionalProperties: [{ fieldUri: 'calendar:Start' }] },
        view: { type: 'Calendar', startDate: '2026-03-29T00:00:00Z', endDate: '2026-04-07T00:00:00Z' },
      },
      AS_ALICE,
    ),
  );
  assert.deepEqual(
    narrow.items
      .map(cal)
      .map((i) => iso(i.start))
      .sort(),
    ['2026-03-30T07:00:00.000Z', '2026-03-31T10:00:00.000Z'],
  );
  // Without a CalendarView, FindItem returns the master and the single item, not occurrences.
  const plain = ok(
    await client.call(
      findItem,
      {
        parentFolderIds: [CALENDAR],
        shape: { baseShape: 'IdOnly', additionalProperties: [{ fieldUri: 'calendar:CalendarItemType' }] },
      },
      AS_ALICE,
    ),
  );
  assert.deepEqual(
    plain.items
      .map(cal)
      .map((i) => [i.itemId?.id, i.calendarItemType])
      .sort(),
    [
      [master.id, 'RecurringMaster'],
      [lunch.id, 'Single'],
    ].sort(),
  );
});

test('TimeZoneContext: unqualified times are read in that zone and answered in UTC, also in CalendarView', async () => {
  // EWS-PROTOCOL.md §12 (D: time-zones-and-ews-in-exchange.md): the TimeZoneContext header sets the zone of
  // dateTimes without an offset; the server stores instants and answers in UTC.
  const inBerlin = { ...AS_ALICE, timeZone: BERLIN.id };
  const created = ok(
    await client.call(
      createItem,
      {
        items: [
          {
            kind: 'CalendarItem',
            subject: 'local time',
            start: '2026-10-30T09:00:00',
            end: '2026-10-30T10:00:00',
          },
        ],
        savedItemFolderId: CALENDAR,
        sendMeetingInvitations: 'SendToNone',
      },
      inBerlin,
    ),
  ).itemId!;
  const item = await get(created);
  assert.equal(
    iso(item.start),
    '2026-10-30T08:00:00.000Z',
    'CET (UTC+1): Berlin left summer time on 2026-10-25',
  );
  assert.equal(iso(item.end), '2026-10-30T09:00:00.000Z');
  assert.match(item.start ?? '', /Z$/, 'answered in UTC');
  // Moved to 09:00 local on a summer-time day, again without an offset.
  const updated = ok(
    await client.call(
      updateItem,
      setFields(created, [
        ['calendar:Start', { kind: 'CalendarItem', start: '2026-10-20T09:00:00' }],
        ['calendar:End', { kind: 'CalendarItem', end: '2026-10-20T10:00:00' }],
      ]),
      inBerlin,
    ),
  ).itemId;
  assert.equal(iso((await get(updated)).start), '2026-10-20T07:00:00.000Z', 'CEST: UTC+2');
  // One unqualified window, two meanings: 00:00-08:30 Berlin time ends at 06:30Z, before the 07:00Z start;
  // without TimeZoneContext it is UTC and ends at 08:30Z, after it.
  const window = {
    type: 'Calendar' as const,
    startDate: '2026-10-20T00:00:00',
    endDate: '2026-10-20T08:30:00',
  };
  const shape = { baseShape: 'IdOnly' as const, additionalProperties: [{ fieldUri: 'item:Subject' }] };
  const local = ok(
    await client.call(findItem, { parentFolderIds: [CALENDAR], shape, view: window }, inBerlin),
  );
  assert.deepEqual(
    local.items.map((i) => i.subject),
    [],
    'ends 06:30Z, before the 07:00Z start',
  );
  const utc = ok(await client.call(findItem, { parentFolderIds: [CALENDAR], shape, view: window }, AS_ALICE));
  assert.deepEqual(
    utc.items.map((i) => i.subject),
    ['local time'],
    'read as UTC the window ends 08:30Z, after the start',
  );
});

test('SyncFolderItems on the calendar: masters only; a changed or deleted occurrence is an Update of the master', async () => {
  // EWS-PROTOCOL.md §11: exceptions live inside the master, so sync never reports occurrences themselves.
  const sync = async (syncState?: string) =>
    ok(
      await client.call(
        syncFolderItems,
        {
          folderId: CALENDAR,
          shape: { baseShape: 'IdOnly' },
          maxChangesReturned: 512,
          ...(syncState ? { syncState } : {}),
        },
        AS_ALICE,
      ),
    );
  let state = (await sync()).syncState;
  const master = await createEvent({
    subject: 'sync series',
    start: '2026-05-04T07:00:00Z',
    end: '2026-05-04T08:00:00Z',
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
    recurrence: {
      pattern: { type: 'Daily', interval: 1 },
      range: { type: 'Numbered', startDate: '2026-05-04', numberOfOccurrences: 5 },
    },
  });
  const created = await sync(state);
  assert.deepEqual(
    created.changes.map((c) => (c.type === 'create' ? c.item.itemId?.id : c.type)),
    [master.id],
    'one Create for the whole series',
  );
  state = created.syncState;
  const third = { kind: 'occurrence' as const, recurringMasterId: master.id, instanceIndex: 3 };
  ok(
    await client.call(
      updateItem,
      setFields(third, [['item:Subject', { kind: 'CalendarItem', subject: 'moved day' }]]),
      AS_ALICE,
    ),
  );
  const changed = await sync(state);
  assert.deepEqual(
    changed.changes.map((c) => (c.type === 'update' ? c.item.itemId?.id : c.type)),
    [master.id],
  );
  state = changed.syncState;
  ok(
    await client.call(
      deleteItem,
      {
        itemIds: [{ kind: 'occurrence', recurringMasterId: master.id, instanceIndex: 4 }],
        deleteType: 'HardDelete',
        sendMeetingCancellations: 'SendToNone',
      },
      AS_ALICE,
    ),
  );
  const deleted = await sync(state);
  assert.deepEqual(
    deleted.changes.map((c) => (c.type === 'update' ? c.item.itemId?.id : c.type)),
    [master.id],
  );
});
