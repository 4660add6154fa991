// A recurring voxsync event written to the simulator through the EWS client (master, one deleted and one
// modified occurrence) and read back with GetItem maps back to the same domain event.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarEventInputSchema } from '../../../src/domain/calendar.ts';
import {
  CALENDAR_ITEM_SHAPE,
  eventFromEws,
  eventToEws,
  exceptionToEws,
} from '../../../src/connectors/ews/calendar-mapping.ts';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import type { CalendarItem } from '../../../src/ews/types/calendar.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from '../exchange-sim/helpers.ts';
import { clientFor, one, setFields } from '../exchange-sim/client-helpers.ts';

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

async function calendarItem(id: CalendarItem['itemId']): Promise<CalendarItem> {
  assert.ok(id);
  const [r] = await client.call(getItem, { itemIds: [id], shape: CALENDAR_ITEM_SHAPE }, AS_ALICE);
  const item = one(r);
  assert.equal(item.kind, 'CalendarItem');
  return item as CalendarItem;
}

test('a recurring event with a deleted and a modified occurrence reads back unchanged', async () => {
  // Mondays, Wednesdays and Fridays at 09:00 in Zurich, ten times from Monday 2 March 2026.
  const event = calendarEventInputSchema.parse({
    subject: 'Stand-up',
    start: '2026-03-02T08:00:00Z',
    end: '2026-03-02T08:15:00Z',
    timeZone: 'Europe/Zurich',
    location: 'Room 4',
    busyStatus: 'busy',
    reminderMinutes: 5,
    body: 'Daily sync.\r\nKeep it short.',
    recurrence: {
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10',
      deletedOccurrences: ['2026-03-04T08:00:00Z'],
      exceptions: [
        {
          originalStart: '2026-03-09T08:00:00Z',
          subject: 'Stand-up (moved)',
          start: '2026-03-09T09:30:00Z',
          end: '2026-03-09T09:45:00Z',
          location: 'Room 7',
          busyStatus: 'tentative',
        },
      ],
    },
  });
  const [created] = await client.call(
    createItem,
    {
      items: [eventToEws(event)],
      savedItemFolderId: { distinguished: 'calendar' },
      sendMeetingInvitations: 'SendToNone',
    },
    AS_ALICE,
  );
  const masterId = one(created).itemId;
  assert.ok(masterId);
  // Occurrence 2 is Wednesday 4 March, occurrence 4 Monday 9 March.
  const [deleted] = await client.call(
    deleteItem,
    {
      itemIds: [{ kind: 'occurrence', recurringMasterId: masterId.id, instanceIndex: 2 }],
      deleteType: 'HardDelete',
      sendMeetingCancellations: 'SendToNone',
    },
    AS_ALICE,
  );
  one(deleted);
  const change = exceptionToEws(event.recurrence!.exceptions[0]!, event);
  const [updated] = await client.call(
    updateItem,
    setFields({ kind: 'occurrence', recurringMasterId: masterId.id, instanceIndex: 4 }, [
      ['calendar:Start', { kind: 'CalendarItem', start: change.start! }],
      ['calendar:End', { kind: 'CalendarItem', end: change.end! }],
      ['item:Subject', { kind: 'CalendarItem', subject: change.subject! }],
      ['calendar:Location', { kind: 'CalendarItem', location: change.location! }],
      [
        'calendar:LegacyFreeBusyStatus',
        { kind: 'CalendarItem', legacyFreeBusyStatus: change.legacyFreeBusyStatus! },
      ],
    ]),
    AS_ALICE,
  );
  one(updated);

  const master = await calendarItem(masterId);
  assert.equal(master.deletedOccurrences?.length, 1);
  assert.equal(master.modifiedOccurrences?.length, 1);
  const exceptions = await Promise.all((master.modifiedOccurrences ?? []).map((o) => calendarItem(o.itemId)));
  assert.deepEqual(eventFromEws(master, exceptions), event);
});

test('the client sends an IANA time zone as its Windows id in TimeZoneContext', async () => {
  // An unqualified time is read in the TimeZoneContext zone: 09:00 in Paris in July is 07:00 UTC.
  const [created] = await client.call(
    createItem,
    {
      items: [
        { kind: 'CalendarItem', subject: 'Local', start: '2026-07-01T09:00:00', end: '2026-07-01T10:00:00' },
      ],
      savedItemFolderId: { distinguished: 'calendar' },
      sendMeetingInvitations: 'SendToNone',
    },
    { ...AS_ALICE, timeZone: 'Europe/Paris' },
  );
  const item = await calendarItem(one(created).itemId);
  assert.equal(item.start, '2026-07-01T07:00:00Z');
});

test('an all-day "last day of the month" series with a deleted occurrence reads back unchanged', async () => {
  const event = calendarEventInputSchema.parse({
    subject: 'Month end',
    start: '2026-01-31',
    end: '2026-02-01',
    allDay: true,
    timeZone: 'Europe/Paris',
    busyStatus: 'free',
    recurrence: {
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;COUNT=6',
      deletedOccurrences: ['2026-02-28'],
    },
  });
  const item = eventToEws(event);
  assert.deepEqual(item.recurrence?.pattern, { type: 'AbsoluteMonthly', interval: 1, dayOfMonth: 31 });
  const [created] = await client.call(
    createItem,
    { items: [item], savedItemFolderId: { distinguished: 'calendar' }, sendMeetingInvitations: 'SendToNone' },
    AS_ALICE,
  );
  const masterId = one(created).itemId;
  assert.ok(masterId);
  // Occurrence 2 is 28 February: Exchange moves day 31 to the month's last day.
  const [deleted] = await client.call(
    deleteItem,
    {
      itemIds: [{ kind: 'occurrence', recurringMasterId: masterId.id, instanceIndex: 2 }],
      deleteType: 'HardDelete',
      sendMeetingCancellations: 'SendToNone',
    },
    AS_ALICE,
  );
  one(deleted);
  assert.deepEqual(eventFromEws(await calendarItem(masterId)), event);
});
