import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { child, childrenOf, pathOf, type XmlElement } from '../../../src/ews/soap/xml-tree.ts';
import { NS_MESSAGES as M, NS_TYPES as T } from '../../../src/ews/soap/namespaces.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim, type Caller } from './helpers.ts';

let sim: ExchangeSim;
let svc: Caller;
let alice: Caller;

before(async () => {
  sim = await startSim();
  svc = caller(sim, basic('svc-voxsync', 'svc-pw'), {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'alice@contoso.test' },
  });
  alice = caller(sim, basic('alice@contoso.test', 'alice-pw'));
});
after(async () => {
  await svc.close();
  await alice.close();
  await sim.close(); // rejects if any response failed schema validation
});

function firstMessage(body: XmlElement): XmlElement {
  const msgs = child(body, M, 'ResponseMessages');
  assert.ok(msgs, 'ResponseMessages');
  return msgs.children[0]!;
}
const code = (msg: XmlElement): string => child(msg, M, 'ResponseCode')!.text;

test('unauthenticated requests get 401 offering NTLM and Basic; wrong password is 401', async () => {
  const res = await request(sim.ewsUrl, { method: 'POST', body: '<x/>' });
  await res.body.text();
  assert.equal(res.statusCode, 401);
  const offered = ([] as string[]).concat(res.headers['www-authenticate'] ?? []);
  assert.ok(offered.includes('NTLM'));
  assert.ok(offered.some((h) => /^Basic realm="/.test(h)));
  const bad = caller(sim, basic('alice@contoso.test', 'nope'));
  await assert.rejects(bad.raw('<m:GetFolder/>'), (e: Error & { code?: string }) =>
    /401|auth/i.test(`${e.code} ${e.message}`),
  );
  await bad.close();
});

test('NTLMv2 authenticates through the voxsync transport; a wrong NTLM password is refused', async () => {
  const ntlm = caller(sim, { kind: 'ntlm', user: 'alice', password: 'alice-pw', domain: 'CONTOSO' });
  const env = await ntlm.call(
    '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>',
  );
  assert.equal(code(firstMessage(env.body)), 'NoError');
  await ntlm.close();
  const wrong = caller(sim, { kind: 'ntlm', user: 'alice', password: 'wrong', domain: 'CONTOSO' });
  await assert.rejects(wrong.raw('<m:GetFolder/>'));
  await wrong.close();
});

test('the EWS path is matched case-insensitively and other paths are 404', async () => {
  const auth = `Basic ${Buffer.from('alice:alice-pw').toString('base64')}`;
  const ok = await request(`${sim.url}/ews/EXCHANGE.ASMX`, {
    method: 'GET',
    headers: { authorization: auth },
  });
  await ok.body.text();
  assert.equal(ok.statusCode, 200);
  const missing = await request(`${sim.url}/owa/`, { method: 'GET' });
  await missing.body.text();
  assert.equal(missing.statusCode, 404);
});

test('RequestServerVersion: older accepted, newer than the server refused, ServerVersionInfo 15.1 on 2016', async () => {
  const body =
    '<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>';
  const env = await alice.call(body, { version: 'Exchange2013_SP1' });
  assert.equal(env.serverVersion?.majorVersion, 15);
  assert.equal(env.serverVersion?.minorVersion, 1);
  await assert.rejects(
    alice.call(body, { version: 'V2018_01_08' }),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorInvalidServerVersion',
  );
});

test('impersonation: granted works, no grant → ErrorImpersonateUserDenied (500), unknown → ErrorNonExistentMailbox', async () => {
  const body =
    '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="msgfolderroot"/></m:FolderIds></m:GetFolder>';
  const ok = await svc.call(body);
  assert.equal(code(firstMessage(ok.body)), 'NoError');
  const viaSmtp = await svc.call(body, { impersonate: { kind: 'SmtpAddress', value: 'bob@contoso.test' } });
  assert.equal(code(firstMessage(viaSmtp.body)), 'NoError');
  const denied = await svc.raw(body, {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'carol@contoso.test' },
  });
  assert.equal(denied.status, 500);
  assert.match(denied.text, /ErrorImpersonateUserDenied/);
  await assert.rejects(
    svc.call(body, { impersonate: { kind: 'PrincipalName', value: 'nobody@contoso.test' } }),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorNonExistentMailbox',
  );
});

test('an unimplemented operation gets a clear fault that is not ErrorInvalidRequest', async () => {
  await assert.rejects(
    // A schema-valid request: validation runs before dispatch.
    alice.call(
      '<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>alice@contoso.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>',
    ),
    (e: unknown) =>
      e instanceof SoapFaultError &&
      e.responseCode !== 'ErrorInvalidRequest' &&
      /not implemented/.test(e.messageText),
  );
});

test('schema violations → ErrorSchemaValidation with line and position', async () => {
  const sync =
    '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>513</m:MaxChangesReturned></m:SyncFolderItems>';
  await assert.rejects(
    svc.call(sync),
    (e: unknown) =>
      e instanceof SoapFaultError &&
      e.responseCode === 'ErrorSchemaValidation' &&
      // The request is one line; MaxChangesReturned starts far into it.
      e.messageXml['LineNumber'] === '1' &&
      Number(e.messageXml['LinePosition']) > 300 &&
      /MaxInclusive/.test(e.messageXml['Violation'] ?? ''),
  );
  const bodyWithElement =
    '<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>x</t:Subject><t:Body BodyType="Text">a<t:b/>c</t:Body></t:Message></m:Items></m:CreateItem>';
  await assert.rejects(
    svc.call(bodyWithElement),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorSchemaValidation',
  );
  const badEnum =
    '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox1"/></m:FolderIds></m:GetFolder>';
  await assert.rejects(
    svc.call(badEnum),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorSchemaValidation',
  );
});

test('FindFolder deep lists the distinguished folders under msgfolderroot', async () => {
  const env = await svc.call(
    '<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderIds></m:FindFolder>',
  );
  const folders = pathOf(firstMessage(env.body), M, 'RootFolder')!.children[0]!.children;
  const names = folders.map((f) => child(f, T, 'DisplayName')!.text);
  for (const n of ['Inbox', 'Drafts', 'Sent Items', 'Deleted Items', 'Contacts', 'Calendar', 'Tasks'])
    assert.ok(names.includes(n), n);
});

const createMsg = (subject: string, flags?: number): string =>
  `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId><m:Items><t:Message><t:ItemClass>IPM.Note.Microsoft.Voicemail.UM.CA</t:ItemClass><t:Subject>${subject}</t:Subject><t:Body BodyType="Text">hello &amp; bye</t:Body>` +
  `<t:Attachments><t:FileAttachment><t:Name>vm.mp3</t:Name><t:ContentType>audio/mpeg</t:ContentType><t:Content>${Buffer.from('ID3 fake audio').toString('base64')}</t:Content></t:FileAttachment></t:Attachments>` +
  (flags === undefined
    ? ''
    : `<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x0E07" PropertyType="Integer"/><t:Value>${flags}</t:Value></t:ExtendedProperty>`) +
  `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="5b1e3a57-0d3c-4c2f-9b0e-8f5e3c1d2a10" PropertyName="VoxsyncMessageId" PropertyType="String"/><t:Value>msg-${subject}</t:Value></t:ExtendedProperty></t:Message></m:Items></m:CreateItem>`;

function itemIdOf(msg: XmlElement): { id: string; changeKey: string } {
  const id = pathOf(msg, M, 'Items')!.children[0]!.children.find((c) => c.local === 'ItemId')!;
  return { id: id.attrs['Id']!, changeKey: id.attrs['ChangeKey']! };
}

test('CreateItem with attachment + extended props; PR_MESSAGE_FLAGS drives IsRead/IsDraft; FindItem by extended property', async () => {
  const created = firstMessage((await svc.call(createMsg('vm1', 0))).body);
  assert.equal(code(created), 'NoError');
  const { id } = itemIdOf(created);
  const get = await svc.call(
    `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Body"/><t:ExtendedFieldURI PropertyTag="0x0E07" PropertyType="Integer"/><t:ExtendedFieldURI PropertySetId="5B1E3A57-0D3C-4C2F-9B0E-8F5E3C1D2A10" PropertyName="VoxsyncMessageId" PropertyType="String"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem>`,
  );
  const msg = pathOf(firstMessage(get.body), M, 'Items')!.children[0]!;
  assert.equal(child(msg, T, 'IsRead')!.text, 'false');
  assert.equal(child(msg, T, 'IsDraft')!.text, 'false');
  assert.equal(child(msg, T, 'HasAttachments')!.text, 'true');
  assert.equal(child(msg, T, 'Body')!.text, 'hello & bye');
  const ext = childrenOf(msg, T, 'ExtendedProperty').map((e) => child(e, T, 'Value')!.text);
  assert.deepEqual(ext.sort(), ['0', 'msg-vm1']);
  const find = await svc.call(
    `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/><m:Restriction><t:IsEqualTo><t:ExtendedFieldURI PropertySetId="5b1e3a57-0d3c-4c2f-9b0e-8f5e3c1d2a10" PropertyName="VoxsyncMessageId" PropertyType="String"/><t:FieldURIOrConstant><t:Constant Value="msg-vm1"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`,
  );
  const root = pathOf(firstMessage(find.body), M, 'RootFolder')!;
  assert.equal(root.attrs['TotalItemsInView'], '1');
  // A created message without PR_MESSAGE_FLAGS is an unsent draft.
  const draft = itemIdOf(firstMessage((await svc.call(createMsg('draft'))).body));
  const g2 = await svc.call(
    `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="${draft.id}"/></m:ItemIds></m:GetItem>`,
  );
  assert.equal(child(pathOf(firstMessage(g2.body), M, 'Items')!.children[0]!, T, 'IsDraft')!.text, 'true');
});

test('UpdateItem ChangeKey rules: new ChangeKey, stale → ErrorIrresolvableConflict, none+NeverOverwrite, garbage → ErrorInvalidChangeKey', async () => {
  const { id, changeKey } = itemIdOf(firstMessage((await svc.call(createMsg('upd', 1))).body));
  const set = (ck: string | undefined, mode: string, subject: string): string =>
    `<m:UpdateItem MessageDisposition="SaveOnly" ConflictResolution="${mode}"><m:ItemChanges><t:ItemChange><t:ItemId Id="${id}"${ck === undefined ? '' : ` ChangeKey="${ck}"`}/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>${subject}</t:Subject></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`;
  const first = firstMessage((await svc.call(set(changeKey, 'NeverOverwrite', 'one'))).body);
  assert.equal(code(first), 'NoError');
  const ck2 = itemIdOf(first).changeKey;
  assert.notEqual(ck2, changeKey);
  assert.equal(
    code(firstMessage((await svc.call(set(changeKey, 'NeverOverwrite', 'two'))).body)),
    'ErrorIrresolvableConflict',
  );
  assert.equal(
    code(firstMessage((await svc.call(set(changeKey, 'AutoResolve', 'two'))).body)),
    'ErrorIrresolvableConflict',
  );
  assert.equal(
    code(firstMessage((await svc.call(set(changeKey, 'AlwaysOverwrite', 'three'))).body)),
    'NoError',
  );
  assert.equal(
    code(firstMessage((await svc.call(set(undefined, 'NeverOverwrite', 'four'))).body)),
    'ErrorChangeKeyRequiredForWriteOperations',
  );
  assert.equal(
    code(firstMessage((await svc.call(set('%%%', 'NeverOverwrite', 'five'))).body)),
    'ErrorInvalidChangeKey',
  );
});

test('SyncFolderItems: first sync creates, paging by MaxChangesReturned, ReadFlagChange, Delete, replay, corrupt state', async () => {
  const bob = caller(sim, basic('svc-voxsync', 'svc-pw'), {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'bob@contoso.test' },
  });
  const sync = (state: string | undefined, max = 512): string =>
    `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId>${state ? `<m:SyncState>${state}</m:SyncState>` : ''}<m:MaxChangesReturned>${max}</m:MaxChangesReturned></m:SyncFolderItems>`;
  const run = async (state: string | undefined, max = 512) => {
    const msg = firstMessage((await bob.call(sync(state, max))).body);
    return {
      msg,
      code: code(msg),
      state: child(msg, M, 'SyncState')!.text,
      last: child(msg, M, 'IncludesLastItemInRange')!.text === 'true',
      changes: child(msg, M, 'Changes')?.children ?? [],
    };
  };
  const p1 = await run(undefined, 2);
  assert.equal(p1.changes.length, 2);
  assert.equal(p1.last, false);
  const p2 = await run(p1.state, 2);
  assert.equal(p2.changes.length, 1);
  assert.ok(p2.last);
  assert.ok([...p1.changes, ...p2.changes].every((c) => c.local === 'Create'));
  const target = p2.changes[0]!.children[0]!.children[0]!;
  const ids = { id: target.attrs['Id']!, ck: target.attrs['ChangeKey']! };
  const current = (
    await bob.call(
      `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="${ids.id}"/></m:ItemIds></m:GetItem>`,
    )
  ).body;
  const wasRead =
    child(pathOf(firstMessage(current), M, 'Items')!.children[0]!, T, 'IsRead')!.text === 'true';
  await bob.call(
    `<m:UpdateItem MessageDisposition="SaveOnly" ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange><t:ItemId Id="${ids.id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>${!wasRead}</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
  );
  const p3 = await run(p2.state);
  assert.deepEqual(
    p3.changes.map((c) => c.local),
    ['ReadFlagChange'],
  );
  const del = firstMessage(
    (
      await bob.call(
        `<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="${ids.id}"/></m:ItemIds></m:DeleteItem>`,
      )
    ).body,
  );
  assert.equal(code(del), 'NoError');
  const again = firstMessage(
    (
      await bob.call(
        `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="${ids.id}"/></m:ItemIds></m:DeleteItem>`,
      )
    ).body,
  );
  assert.equal(code(again), 'ErrorItemNotFound');
  const p4 = await run(p3.state);
  assert.deepEqual(
    p4.changes.map((c) => c.local),
    ['Delete'],
  );
  const p5 = await run(p4.state);
  assert.equal(p5.changes.length, 0);
  const replay = await run(p2.state);
  assert.deepEqual(
    replay.changes.map((c) => c.local),
    ['Delete'],
  );
  const corrupt = await run(p4.state.slice(0, -4) + 'AAAA');
  assert.equal(corrupt.code, 'ErrorInvalidSyncStateData');
  await bob.close();
});
