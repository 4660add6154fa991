// The exact XML the client sends for each item kind the engine syncs, pinned three ways: against a
// hand-checked golden file (test/unit/ews/golden/), against the element structure of Microsoft's
// documented sample of the same request (names, namespaces, order), and against the EWS schema.
// Round trips between our client and our simulator share the codecs and cannot catch a codec mistake;
// these can. Regenerate after a deliberate change with VOXSYNC_UPDATE_GOLDEN=1, then re-check by hand.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { parseXml, type XmlElement } from '../../../src/ews/soap/xml-tree.ts';
import { NS_SOAP } from '../../../src/ews/soap/namespaces.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import type { Contact } from '../../../src/ews/types/contact.ts';
import type { CalendarItem } from '../../../src/ews/types/calendar.ts';
import { buildVoicemailCreateItem } from '../../../src/ews/voicemail/voicemail-item.ts';
import { SHARED_EWS, validateEnvelopes } from './helpers/schema.ts';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const HEADERS = {
  serverVersion: 'Exchange2016' as const,
  impersonation: { kind: 'PrimarySmtpAddress' as const, value: 'alice@contoso.test' },
};

/** Nothing in these requests is volatile (no request ids, clocks or random values reach the XML):
 * only the trailing newline of the file is ignored. Kept as the one place to add a normalization. */
function normalize(xml: string): string {
  return xml.trimEnd();
}

const contact: Contact = {
  kind: 'Contact',
  fileAs: 'Berg, Bob',
  displayName: 'Bob Berg',
  givenName: 'Bob',
  surname: 'Berg',
  companyName: 'Contoso',
  emailAddresses: [{ key: 'EmailAddress1', address: 'bob@contoso.test' }],
  phoneNumbers: [
    { key: 'BusinessPhone', number: '+1 555 0100' },
    { key: 'MobilePhone', number: '+1 555 0101' },
  ],
  physicalAddresses: [
    {
      key: 'Business',
      street: '1 Main St',
      city: 'Redmond',
      state: 'WA',
      countryOrRegion: 'USA',
      postalCode: '98052',
    },
  ],
  jobTitle: 'Engineer',
};

const meeting: CalendarItem = {
  kind: 'CalendarItem',
  subject: 'Weekly voicemail review',
  body: { bodyType: 'HTML', value: '<p>Agenda</p>' },
  start: '2026-03-02T09:00:00',
  end: '2026-03-02T09:30:00',
  isAllDayEvent: false,
  legacyFreeBusyStatus: 'Busy',
  location: 'Room 1',
  recurrence: {
    pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'], firstDayOfWeek: 'Monday' },
    range: { type: 'EndDate', startDate: '2026-03-02', endDate: '2026-06-29' },
  },
  startTimeZone: { id: 'W. Europe Standard Time' },
  endTimeZone: { id: 'W. Europe Standard Time' },
};

interface Case {
  /** File in test/unit/ews/golden/. */
  golden: string;
  /** Microsoft's documented request of the same kind (shared/ews/samples/). */
  sample: string;
  xml: string;
  /** Element paths (local names below the operation element) both must contain: the overlap compared. */
  shared: string[];
}

const CASES: Case[] = [
  {
    golden: 'voicemail-create-item.xml',
    sample: 'CreateItem-request-14.xml',
    xml: buildRequestEnvelope(
      createItem.buildBody(
        buildVoicemailCreateItem({
          voxsyncMessageId: 'vm-golden-1',
          callerNumber: '+1 555 0100',
          callerName: 'Bob Berg',
          durationSeconds: 42,
          receivedAt: new Date('2026-12-05T17:00:00Z'),
          callId: 'call-1',
          audio: { data: new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 3]), format: 'wav' },
          recipient: { name: 'Alice Anders', emailAddress: 'alice@contoso.test' },
        }),
      ),
      HEADERS,
    ),
    shared: [
      'Items/Message/Subject',
      'Items/Message/Body',
      'Items/Message/Attachments/FileAttachment/Name',
      'Items/Message/Attachments/FileAttachment/Content',
      'Items/Message/ToRecipients/Mailbox/EmailAddress',
    ],
  },
  {
    golden: 'contact-create-item.xml',
    sample: 'CreateItem-request-11.xml',
    xml: buildRequestEnvelope(
      createItem.buildBody({ items: [contact], savedItemFolderId: { distinguished: 'contacts' } }),
      HEADERS,
    ),
    shared: [
      'Items/Contact/EmailAddresses/Entry',
      'Items/Contact/PhoneNumbers/Entry',
      'Items/Contact/GivenName',
      'Items/Contact/CompanyName',
      'Items/Contact/Surname',
    ],
  },
  {
    golden: 'contact-update-item.xml',
    sample: 'UpdateItem-request-1.xml',
    xml: buildRequestEnvelope(
      updateItem.buildBody({
        conflictResolution: 'NeverOverwrite',
        changes: [
          {
            itemId: { id: 'AAMkContact1', changeKey: 'EQAAABYAAAA' },
            updates: [
              {
                action: 'set',
                path: { indexedFieldUri: 'contacts:EmailAddress', fieldIndex: 'EmailAddress1' },
                item: {
                  kind: 'Contact',
                  emailAddresses: [{ key: 'EmailAddress1', address: 'bob@contoso.test' }],
                },
              },
              {
                action: 'set',
                path: { fieldUri: 'contacts:CompanyName' },
                item: { kind: 'Contact', companyName: 'Fabrikam' },
              },
              { action: 'delete', path: { fieldUri: 'contacts:JobTitle' } },
            ],
          },
        ],
      }),
      HEADERS,
    ),
    shared: [
      'ItemChanges/ItemChange/ItemId',
      'ItemChanges/ItemChange/Updates/SetItemField/IndexedFieldURI',
      'ItemChanges/ItemChange/Updates/SetItemField/Contact/EmailAddresses/Entry',
    ],
  },
  {
    golden: 'calendar-create-item.xml',
    sample: 'CreateItem-request-28.xml',
    xml: buildRequestEnvelope(
      createItem.buildBody({
        items: [meeting],
        savedItemFolderId: { distinguished: 'calendar' },
        sendMeetingInvitations: 'SendToNone',
      }),
      HEADERS,
    ),
    shared: [
      'Items/CalendarItem/Subject',
      'Items/CalendarItem/Body',
      'Items/CalendarItem/Start',
      'Items/CalendarItem/End',
      'Items/CalendarItem/Location',
      'Items/CalendarItem/Recurrence/WeeklyRecurrence/Interval',
      'Items/CalendarItem/Recurrence/WeeklyRecurrence/DaysOfWeek',
    ],
  },
  {
    golden: 'calendar-update-item.xml',
    sample: 'UpdateItem-request-9.xml',
    xml: buildRequestEnvelope(
      updateItem.buildBody({
        conflictResolution: 'NeverOverwrite',
        sendMeetingInvitationsOrCancellations: 'SendToNone',
        changes: [
          {
            itemId: { id: 'AAMkMeeting1', changeKey: 'DwAAABYAAAA' },
            updates: [
              {
                action: 'set',
                path: { fieldUri: 'calendar:Location' },
                item: { kind: 'CalendarItem', location: 'Room 2' },
              },
              {
                action: 'set',
                path: { fieldUri: 'calendar:Recurrence' },
                item: { kind: 'CalendarItem', recurrence: meeting.recurrence! },
              },
            ],
          },
        ],
      }),
      HEADERS,
    ),
    shared: [
      'ItemChanges/ItemChange/ItemId',
      'ItemChanges/ItemChange/Updates/SetItemField/FieldURI',
      'ItemChanges/ItemChange/Updates/SetItemField/CalendarItem/Location',
      'ItemChanges/ItemChange/Updates/SetItemField/CalendarItem/Recurrence/WeeklyRecurrence/DaysOfWeek',
    ],
  },
];

/** The operation element (first child of soap:Body). */
function operationOf(xml: string): XmlElement {
  const root = parseXml(xml);
  const body = root.children.find((c) => c.ns === NS_SOAP && c.local === 'Body');
  const op = body?.children[0];
  assert.ok(op, 'an operation element in the body');
  return op;
}

const qname = (e: XmlElement): string => `{${e.ns}}${e.local}`;

/** Child qualified names in order, consecutive repeats collapsed (several FileAttachments...). */
function childSequence(e: XmlElement): string[] {
  const out: string[] = [];
  for (const c of e.children) if (out[out.length - 1] !== qname(c)) out.push(qname(c));
  return out;
}

/**
 * Compares ours with the sample where they overlap: the same qualified name (namespace + local) for
 * the operation, and, recursively, the children both have appear in the same relative order.
 * Returns the element paths both contain.
 */
function compareStructure(ours: XmlElement, sample: XmlElement, path: string, seen: Set<string>): void {
  assert.equal(qname(ours), qname(sample), `${path}: element name and namespace`);
  const a = childSequence(ours);
  const b = childSequence(sample);
  const both = new Set(a.filter((n) => b.includes(n)));
  assert.deepEqual(
    a.filter((n) => both.has(n)),
    b.filter((n) => both.has(n)),
    `${path}: the elements both send come in the sample's order`,
  );
  // Every child of ours with a shared name is compared with each of the sample's children of that name
  // (the sample may hold several CalendarItems, only one of them with a Recurrence).
  for (const oc of ours.children) {
    if (!both.has(qname(oc))) continue;
    const p = path === '' ? oc.local : `${path}/${oc.local}`;
    seen.add(p);
    for (const sc of sample.children) if (qname(sc) === qname(oc)) compareStructure(oc, sc, p, seen);
  }
}

let validity: Map<string, string[]>;
before(async () => {
  if (process.env['VOXSYNC_UPDATE_GOLDEN'] === '1') {
    for (const c of CASES) writeFileSync(GOLDEN_DIR + c.golden, `${c.xml}\n`);
  }
  validity = await validateEnvelopes(Object.fromEntries(CASES.map((c) => [c.golden, c.xml])));
});

for (const c of CASES) {
  test(`${c.golden}: the request is byte-for-byte the hand-checked golden file`, () => {
    assert.equal(normalize(c.xml), normalize(readFileSync(GOLDEN_DIR + c.golden, 'utf8')));
  });

  test(`${c.golden}: names, namespaces and order agree with Microsoft's ${c.sample}`, () => {
    const sample = readFileSync(`${SHARED_EWS}samples/${c.sample}`, 'utf8');
    const seen = new Set<string>();
    compareStructure(operationOf(c.xml), operationOf(sample), '', seen);
    for (const p of c.shared) assert.ok(seen.has(p), `both contain ${p} (compared: ${[...seen].join(', ')})`);
  });

  test(`${c.golden}: validates against the EWS schema`, () => {
    assert.deepEqual(validity.get(c.golden), []);
  });
}
