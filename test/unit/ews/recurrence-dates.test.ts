// Recurrence StartDate/EndDate are xs:date, but a server may answer them as xs:dateTime. The client reads
// them as the date they name, so the recurrence can be written back schema-valid.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequestEnvelope, parseResponseEnvelope } from '../../../src/ews/soap/envelope.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { normalizeRecurrenceDate } from '../../../src/ews/types/recurrence.ts';
import type { CalendarItem } from '../../../src/ews/types/calendar.ts';
import { EwsProtocolError } from '../../../src/ews/errors.ts';
import { calendarItem } from './fixtures/items.ts';
import { validateEnvelopes } from './helpers/schema.ts';

test('an xs:dateTime keeps its calendar date and zone designator, without shifting the day', () => {
  const cases: [string, string][] = [
    ['2026-01-05T00:00:00Z', '2026-01-05Z'],
    ['2026-01-05T00:00:00-08:00', '2026-01-05-08:00'],
    ['2026-01-05T23:30:00+14:00', '2026-01-05+14:00'],
    ['2026-01-05T00:00:00.000Z', '2026-01-05Z'],
    ['2026-01-05T00:00:00', '2026-01-05'],
    // Already an xs:date: unchanged.
    ['2026-01-05', '2026-01-05'],
    ['2026-01-05Z', '2026-01-05Z'],
    ['2026-03-01-08:00', '2026-03-01-08:00'],
    [' 2026-01-05T00:00:00Z\n', '2026-01-05Z'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeRecurrenceDate(input), expected, input);
});

test('a value that is no date at all is refused naming the field', () => {
  for (const bad of ['', 'tomorrow', '2026-1-5', '2026-01-05T25', '05/01/2026']) {
    assert.throws(
      () => normalizeRecurrenceDate(bad, 'EndDate'),
      (e: unknown) => e instanceof EwsProtocolError && /EndDate/.test(e.message),
      bad,
    );
  }
});

const RESPONSE = `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
  <s:Header>
    <h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"
      xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/>
  </s:Header>
  <s:Body>
    <m:GetItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
      xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
      <m:ResponseMessages>
        <m:GetItemResponseMessage ResponseClass="Success">
          <m:ResponseCode>NoError</m:ResponseCode>
          <m:Items>
            <t:CalendarItem>
              <t:ItemId Id="AAMk1" ChangeKey="DwAA1"/>
              <t:Subject>Stand-up</t:Subject>
              <t:Recurrence>
                <t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence>
                <t:EndDateRecurrence>
                  <t:StartDate>2026-01-05T00:00:00Z</t:StartDate>
                  <t:EndDate>2026-06-29T00:00:00-08:00</t:EndDate>
                </t:EndDateRecurrence>
              </t:Recurrence>
            </t:CalendarItem>
          </m:Items>
        </m:GetItemResponseMessage>
      </m:ResponseMessages>
    </m:GetItemResponse>
  </s:Body>
</s:Envelope>`;

let written: string;
let validity: Map<string, string[]>;
let parsed: CalendarItem;
before(async () => {
  const [result] = getItem.parseBody(parseResponseEnvelope(RESPONSE).body);
  assert.ok(result?.ok);
  assert.equal(result.value.kind, 'CalendarItem');
  parsed = result.value as CalendarItem;
  const back = calendarItem(parsed.recurrence!.pattern, parsed.recurrence!.range);
  written = buildRequestEnvelope(
    createItem.buildBody({ items: [back], sendMeetingInvitations: 'SendToNone' }),
    { serverVersion: 'Exchange2016' },
  );
  // Control: the same recurrence written with the dateTime values as received is invalid.
  const raw = written
    .replace('<t:StartDate>2026-01-05Z</t:StartDate>', '<t:StartDate>2026-01-05T00:00:00Z</t:StartDate>')
    .replace('<t:EndDate>2026-06-29-08:00</t:EndDate>', '<t:EndDate>2026-06-29T00:00:00-08:00</t:EndDate>');
  assert.notEqual(raw, written);
  validity = await validateEnvelopes({ written, raw });
});

test('a recurrence read with xs:dateTime range dates comes back as xs:date', () => {
  assert.deepEqual(parsed.recurrence?.range, {
    type: 'EndDate',
    startDate: '2026-01-05Z',
    endDate: '2026-06-29-08:00',
  });
});

test('written back, the recurrence validates against the EWS schema (and the raw dateTime would not)', () => {
  assert.deepEqual(validity.get('written'), []);
  assert.ok((validity.get('raw') ?? []).length > 0, 'the unnormalized control must be invalid');
});
