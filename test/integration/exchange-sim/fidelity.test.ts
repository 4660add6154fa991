// Where independent clients (exchangelib, DavMail) saw the simulator differ from Exchange: requested
// properties, folder events beside item events, the distinguished folders of a 2016 mailbox, canonical
// xs:boolean/int/dateTime forms, the answer to an undeclared request element, and response codes outside
// ResponseCodeType. Raw SOAP is used where the voxsync client has no typed model for what is checked
// (EffectiveRights, PermissionSet…) or refuses to build the request; the harness validates every response
// against the EWS schema at close.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, type XmlElement } from '../../../src/ews/soap/xml-tree.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim, type Caller } from './helpers.ts';

let sim: ExchangeSim;
let alice: Caller;

before(async () => {
  sim = await startSim();
  alice = caller(sim, basic('alice@contoso.test', 'alice-pw'));
});
after(async () => {
  await alice.close();
  await sim.close();
});

/** Every descendant (or the element itself) with this local name, in document order. */
function all(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.local === local) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
function first(el: XmlElement, local: string): XmlElement {
  const f = all(el, local)[0];
  assert.ok(f, `<${local}> present`);
  return f;
}
const textOf = (el: XmlElement, local: string): string | undefined => all(el, local)[0]?.text;

async function post(body: string): Promise<{ status: number; root: XmlElement; text: string }> {
  const r = await alice.raw(body);
  return { status: r.status, root: parseXml(r.text), text: r.text };
}

test('an element that is no EWS request gets ErrorSchemaValidation, a declared one not simulated ErrorInvalidOperation', async () => {
  const unknown = await post('<m:ListEverything/>');
  assert.equal(unknown.status, 500);
  assert.equal(textOf(unknown.root, 'ResponseCode'), 'ErrorSchemaValidation');
  assert.match(
    textOf(unknown.root, 'Violation') ?? '',
    /The 'http:\/\/schemas\.microsoft\.com\/exchange\/services\/2006\/messages:ListEverything' element is not declared\./,
  );
  const notSimulated = await post(
    '<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>alice@contoso.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>',
  );
  assert.equal(notSimulated.status, 500);
  assert.equal(textOf(notSimulated.root, 'ResponseCode'), 'ErrorInvalidOperation');
});

test('an invalid folder name or recurrence is answered with ResponseCodeType codes', async () => {
  const folder = await post(
    '<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderId><m:Folders><t:Folder><t:DisplayName></t:DisplayName></t:Folder></m:Folders></m:CreateFolder>',
  );
  assert.equal(textOf(folder.root, 'ResponseCode'), 'ErrorFolderSavePropertyError');
  const weekly = await post(
    '<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>no days</t:Subject><t:Start>2026-03-02T09:00:00Z</t:Start><t:End>2026-03-02T10:00:00Z</t:End><t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek></t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2026-03-02</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>',
  );
  assert.equal(textOf(weekly.root, 'ResponseCode'), 'ErrorCalendarInvalidDayForWeeklyRecurrence');
});

const CAL = '<m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId>';

async function createOne(
  items: string,
  folder = CAL,
  attrs = 'SendMeetingInvitations="SendToNone"',
): Promise<string> {
  const r = await post(`<m:CreateItem ${attrs}>${folder}<m:Items>${items}</m:Items></m:CreateItem>`);
  assert.equal(textOf(r.root, 'ResponseCode'), 'NoError', r.text);
  return first(r.root, 'ItemId').attrs['Id']!;
}

async function getItem(id: string, shape: string): Promise<XmlElement> {
  const r = await post(
    `<m:GetItem><m:ItemShape>${shape}</m:ItemShape><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem>`,
  );
  assert.equal(textOf(r.root, 'ResponseCode'), 'NoError', r.text);
  return first(r.root, 'Items').children[0]!;
}

test('booleans, integers and dateTimes come back in canonical form, whatever lexical form was written', async () => {
  const id = await createOne(
    '<t:CalendarItem><t:Subject>all day</t:Subject><t:ReminderIsSet>0</t:ReminderIsSet><t:ReminderMinutesBeforeStart>+015</t:ReminderMinutesBeforeStart><t:Start>2026-03-02T00:00:00+01:00</t:Start><t:End>2026-03-03T00:00:00+01:00</t:End><t:IsAllDayEvent>1</t:IsAllDayEvent><t:Recurrence><t:DailyRecurrence><t:Interval>01</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2026-03-02</t:StartDate><t:NumberOfOccurrences>2</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence></t:CalendarItem>',
  );
  const item = await getItem(id, '<t:BaseShape>AllProperties</t:BaseShape>');
  assert.equal(textOf(item, 'IsAllDayEvent'), 'true');
  assert.equal(textOf(item, 'ReminderIsSet'), 'false');
  assert.equal(textOf(item, 'ReminderMinutesBeforeStart'), '15');
  assert.equal(textOf(item, 'Start'), '2026-03-01T23:00:00Z');
  assert.equal(textOf(first(item, 'DailyRecurrence'), 'Interval'), '1');
  // UpdateItem stores the same way.
  const u = await post(
    `<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="${id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:IsAllDayEvent"/><t:CalendarItem><t:IsAllDayEvent>0</t:IsAllDayEvent></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
  );
  assert.equal(textOf(u.root, 'ResponseCode'), 'NoError', u.text);
  assert.equal(
    textOf(await getItem(id, '<t:BaseShape>AllProperties</t:BaseShape>'), 'IsAllDayEvent'),
    'false',
  );
});

test('the distinguished folders of an Exchange 2016 mailbox exist; known absent ones are not found, unknown names unrecognized', async () => {
  const present: Record<string, [string, string, string]> = {
    syncissues: ['Folder', 'Sync Issues', 'msgfolderroot'],
    conflicts: ['Folder', 'Conflicts', 'syncissues'],
    localfailures: ['Folder', 'Local Failures', 'syncissues'],
    serverfailures: ['Folder', 'Server Failures', 'syncissues'],
    conversationhistory: ['Folder', 'Conversation History', 'msgfolderroot'],
    recipientcache: ['ContactsFolder', 'Recipient Cache', 'contacts'],
    quickcontacts: ['ContactsFolder', '{06967759-274D-40B2-A3EB-D7F9E73727D7}', 'contacts'],
    imcontactlist: ['ContactsFolder', '{A9E2BC46-B3A0-4243-B315-60D991004455}', 'contacts'],
    todosearch: ['SearchFolder', 'To-Do Search', 'root'],
    recoverableitemsversions: ['Folder', 'Versions', 'recoverableitemsroot'],
    recoverableitemspurges: ['Folder', 'Purges', 'recoverableitemsroot'],
  };
  const names = Object.keys(present);
  const parents = [...new Set(Object.values(present).map((p) => p[2]))];
  const ids = [...names, ...parents].map((n) => `<t:DistinguishedFolderId Id="${n}"/>`).join('');
  const r = await post(
    `<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds>${ids}</m:FolderIds></m:GetFolder>`,
  );
  const messages = first(r.root, 'ResponseMessages').children;
  assert.equal(messages.length, names.length + parents.length);
  const folderOf = (i: number): XmlElement => {
    assert.equal(textOf(messages[i]!, 'ResponseCode'), 'NoError', [...names, ...parents][i]);
    return first(messages[i]!, 'Folders').children[0]!;
  };
  const idOf = (f: XmlElement): string => first(f, 'FolderId').attrs['Id']!;
  names.forEach((n, i) => {
    const [element, display, parent] = present[n]!;
    const f = folderOf(i);
    assert.equal(f.local, element, n);
    assert.equal(textOf(f, 'DisplayName'), display, n);
    assert.equal(
      first(f, 'ParentFolderId').attrs['Id'],
      idOf(folderOf(names.length + parents.indexOf(parent))),
      n,
    );
  });

  const absent = await post(
    '<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="archiveinbox"/><t:DistinguishedFolderId Id="adminauditlogs"/><t:DistinguishedFolderId Id="teamchat"/><t:DistinguishedFolderId Id="onedriveroot"/></m:FolderIds></m:GetFolder>',
  );
  const codes = all(absent.root, 'ResponseCode').map((c) => c.text);
  assert.deepEqual(codes, [
    'ErrorFolderNotFound',
    'ErrorFolderNotFound',
    'ErrorInvalidOperation',
    'ErrorInvalidOperation',
  ]);
  assert.equal(all(absent.root, 'MessageText')[2]!.text, 'The distinguished folder name is unrecognized.');
});
