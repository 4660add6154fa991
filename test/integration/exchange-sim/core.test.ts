// Authentication, versions, impersonation, request checking and the basic item operations, seen through
// the voxsync EwsClient. Raw requests remain only where a correct client cannot produce the request
// (each says why).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { EwsClient } from '../../../src/ews/client.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { findFolder } from '../../../src/ews/operations/find-folder.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { updateItem, type ConflictResolution } from '../../../src/ews/operations/update-item.ts';
import { deleteItem } from '../../../src/ews/operations/delete-item.ts';
import { syncFolderItems, type ItemChangeEvent } from '../../../src/ews/operations/sync-folder-items.ts';
import type { Operation } from '../../../src/ews/operations/operation.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import { EwsAuthenticationError, EwsHttpStatusError } from '../../../src/ews/transport/errors.ts';
import { findExtendedProperty, type ExtendedFieldUri } from '../../../src/ews/types/extended-properties.ts';
import type { BaseItemId, ItemId } from '../../../src/ews/types/ids.ts';
import type { DumpEntry } from '../../../src/ews/transport/transport.ts';
import { PR_MESSAGE_FLAGS, VOICEMAIL_ITEM_CLASS } from '../../../src/ews/voicemail/properties.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim, type Caller } from './helpers.ts';
import { clientFor, failCode, ok } from './client-helpers.ts';

let sim: ExchangeSim;
let svc: EwsClient;
let rawSvc: Caller;
const AS_ALICE = { impersonate: 'alice@contoso.test' };
const INBOX = [{ distinguished: 'inbox' as const }];
const VOXSYNC_ID: ExtendedFieldUri = {
  propertySetId: '5b1e3a57-0d3c-4c2f-9b0e-8f5e3c1d2a10',
  propertyName: 'VoxsyncMessageId',
  propertyType: 'String',
};

before(async () => {
  sim = await startSim();
  svc = clientFor(sim);
  rawSvc = caller(sim, basic('svc-voxsync', 'svc-pw'), {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'alice@contoso.test' },
  });
});
after(async () => {
  await svc.close();
  await rawSvc.close();
  await sim.close(); // rejects if any response failed schema validation
});

const inboxOf = (client: EwsClient, opts: { impersonate?: string } = {}) =>
  client.call(getFolder, { folderIds: INBOX, shape: { baseShape: 'Default' } }, opts);

test('unauthenticated requests get 401 offering NTLM and Basic; wrong password is 401', async () => {
  // Raw: the challenge headers of an anonymous request are what is under test, and the client never
  // sends one.
  const res = await request(sim.ewsUrl, { method: 'POST', body: '<x/>' });
  await res.body.text();
  assert.equal(res.statusCode, 401);
  const offered = ([] as string[]).concat(res.headers['www-authenticate'] ?? []);
  assert.ok(offered.includes('NTLM'));
  assert.ok(offered.some((h) => /^Basic realm="/.test(h)));
  const bad = clientFor(sim, { auth: { kind: 'basic', user: 'alice@contoso.test', password: 'nope' } });
  await assert.rejects(
    inboxOf(bad),
    (e: unknown) =>
      e instanceof EwsAuthenticationError &&
      e.httpStatus === 401 &&
      e.usedScheme === 'Basic' &&
      e.offeredSchemes.includes('NTLM') &&
      e.offeredSchemes.includes('Basic'),
  );
  await bad.close();
  // Preemptive Basic with the right password is accepted on the first request.
  const alice = clientFor(sim, { auth: { kind: 'basic', user: 'alice@contoso.test', password: 'alice-pw' } });
  assert.equal(ok(await inboxOf(alice)).displayName, 'Inbox');
  await alice.close();
});

test('NTLMv2 authenticates through the voxsync client; a wrong NTLM password is refused', async () => {
  const dump: DumpEntry[] = [];
  const ntlm = clientFor(sim, {
    auth: { kind: 'ntlm', user: 'alice', password: 'alice-pw', domain: 'CONTOSO' },
    connections: 1,
    dump: (e) => dump.push(e),
  });
  assert.equal(ok(await inboxOf(ntlm)).displayName, 'Inbox');
  // The authenticated connection stays authenticated: later calls on it carry no Authorization header.
  for (let i = 0; i < 3; i++) assert.equal(ok(await inboxOf(ntlm)).displayName, 'Inbox');
  const requests = dump.filter((e) => e.direction === 'request');
  const authorized = requests.filter((e) => /^NTLM /.test(e.headers['authorization'] ?? ''));
  assert.equal(authorized.length, 2, 'one NEGOTIATE and one AUTHENTICATE for all four calls');
  assert.ok(requests.length >= 5, `requests: ${requests.length}`);
  await ntlm.close();
  const wrong = clientFor(sim, {
    auth: { kind: 'ntlm', user: 'alice', password: 'wrong', domain: 'CONTOSO' },
  });
  await assert.rejects(
    inboxOf(wrong),
    (e: unknown) => e instanceof EwsAuthenticationError && e.usedScheme === 'NTLM',
  );
  await wrong.close();
});

test('the EWS path is matched case-insensitively and other paths are 404', async () => {
  const upper = clientFor(sim, { url: `${sim.url}/ews/EXCHANGE.ASMX` });
  assert.equal(ok(await inboxOf(upper, AS_ALICE)).displayName, 'Inbox');
  await upper.close();
  const elsewhere = clientFor(sim, { url: `${sim.url}/owa/` });
  await assert.rejects(
    inboxOf(elsewhere, AS_ALICE),
    (e: unknown) => e instanceof EwsHttpStatusError && e.httpStatus === 404,
  );
  await elsewhere.close();
});

test('RequestServerVersion: older accepted, newer than the server refused, ServerVersionInfo 15.1 on 2016', async () => {
  const older = clientFor(sim, { serverVersion: 'Exchange2013_SP1' });
  ok(await inboxOf(older, AS_ALICE));
  assert.equal(older.serverVersionInfo?.majorVersion, 15);
  assert.equal(older.serverVersionInfo?.minorVersion, 1);
  await older.close();
  const newer = clientFor(sim, { serverVersion: 'V2018_01_08' });
  await assert.rejects(
    inboxOf(newer, AS_ALICE),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorInvalidServerVersion',
  );
  // The fault itself carries ServerVersionInfo, so a client learns the release from a refusal.
  assert.equal(newer.serverVersionInfo?.minorVersion, 1);
  await newer.close();
});

test('impersonation: granted works, no grant → ErrorImpersonateUserDenied (500), unknown → ErrorNonExistentMailbox', async () => {
  const root = {
    folderIds: [{ distinguished: 'msgfolderroot' as const }],
    shape: { baseShape: 'Default' as const },
  };
  ok(await svc.call(getFolder, root, AS_ALICE));
  ok(await svc.call(getFolder, root, { impersonate: 'bob@contoso.test', impersonationKind: 'SmtpAddress' }));
  await assert.rejects(
    svc.call(getFolder, root, { impersonate: 'carol@contoso.test' }),
    (e: unknown) =>
      e instanceof SoapFaultError && e.responseCode === 'ErrorImpersonateUserDenied' && e.httpStatus === 500,
  );
  await assert.rejects(
    svc.call(getFolder, root, { impersonate: 'nobody@contoso.test', impersonationKind: 'PrincipalName' }),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorNonExistentMailbox',
  );
});

test('an unimplemented operation gets a clear fault that is not ErrorInvalidRequest', async () => {
  // A well-formed GetUserOofSettings request (messages.xsd) that voxsync has no typed operation for:
  // sent through the client so the fault is read exactly as any other call's would be.
  const getUserOof: Operation<null, never> = {
    name: 'GetUserOofSettings',
    buildBody: () =>
      '<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>alice@contoso.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>',
    parseBody: () => assert.fail('the simulator does not implement GetUserOofSettings'),
  };
  await assert.rejects(
    svc.call(getUserOof, null, AS_ALICE),
    (e: unknown) =>
      e instanceof SoapFaultError &&
      e.responseCode !== 'ErrorInvalidRequest' &&
      e.httpStatus === 500 &&
      /not implemented/.test(e.messageText),
  );
});

test('schema violations → ErrorSchemaValidation with line and position', async () => {
  // Raw: the client refuses to build each of these requests (MaxChangesReturned is checked against
  // 1..512, Body text is escaped, DistinguishedFolderId is a closed union), so only hand-written SOAP
  // can show how the server treats them.
  const sync =
    '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>513</m:MaxChangesReturned></m:SyncFolderItems>';
  assert.throws(() =>
    syncFolderItems.buildBody({
      folderId: INBOX[0]!,
      shape: { baseShape: 'IdOnly' },
      maxChangesReturned: 513,
    }),
  );
  await assert.rejects(
    rawSvc.call(sync),
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
    rawSvc.call(bodyWithElement),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorSchemaValidation',
  );
  const badEnum =
    '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox1"/></m:FolderIds></m:GetFolder>';
  await assert.rejects(
    rawSvc.call(badEnum),
    (e: unknown) =>
      e instanceof SoapFaultError &&
      e.responseCode === 'ErrorSchemaValidation' &&
      /inbox1/.test(e.messageXml['Violation'] ?? e.messageText),
  );
});

test('FindFolder deep lists the distinguished folders under msgfolderroot', async () => {
  const page = ok(
    await svc.call(
      findFolder,
      {
        parentFolderIds: [{ distinguished: 'msgfolderroot' }],
        shape: { baseShape: 'Default' },
        traversal: 'Deep',
      },
      AS_ALICE,
    ),
  );
  const names = page.folders.map((f) => f.displayName);
  for (const n of ['Inbox', 'Drafts', 'Sent Items', 'Deleted Items', 'Contacts', 'Calendar', 'Tasks'])
    assert.ok(names.includes(n), n);
  assert.equal(page.folders.find((f) => f.displayName === 'Calendar')?.element, 'CalendarFolder');
  assert.equal(page.folders.find((f) => f.displayName === 'Contacts')?.element, 'ContactsFolder');
});

async function createVoicemail(subject: string, flags?: number): Promise<ItemId> {
  const created = ok(
    await svc.call(
      createItem,
      {
        items: [
          {
            kind: 'Message',
            itemClass: VOICEMAIL_ITEM_CLASS,
            subject,
            body: { bodyType: 'Text', value: 'hello & bye' },
            attachments: [
              {
                kind: 'file',
                name: 'vm.mp3',
                contentType: 'audio/mpeg',
                content: new Uint8Array(Buffer.from('ID3 fake audio')),
              },
            ],
            extendedProperties: [
              ...(flags === undefined ? [] : [{ uri: PR_MESSAGE_FLAGS, value: String(flags) }]),
              { uri: VOXSYNC_ID, value: `msg-${subject}` },
            ],
          },
        ],
        savedItemFolderId: INBOX[0]!,
        messageDisposition: 'SaveOnly',
      },
      AS_ALICE,
    ),
  );
  assert.ok(created.itemId?.changeKey, 'CreateItem returns ItemId and ChangeKey');
  return created.itemId;
}

test('CreateItem with attachment + extended props; PR_MESSAGE_FLAGS drives IsRead/IsDraft; FindItem by extended property', async () => {
  const id = await createVoicemail('vm1', 0);
  const item = ok(
    await svc.call(
      getItem,
      {
        itemIds: [id],
        shape: {
          baseShape: 'Default',
          additionalProperties: [
            { fieldUri: 'item:Body' },
            { fieldUri: 'item:ItemClass' },
            { extended: PR_MESSAGE_FLAGS },
            // Property set GUIDs compare case-insensitively: ask in upper case what was written in lower.
            { extended: { ...VOXSYNC_ID, propertySetId: VOXSYNC_ID.propertySetId!.toUpperCase() } },
          ],
        },
      },
      AS_ALICE,
    ),
  );
  assert.equal(item.kind, 'Message');
  assert.equal(item.kind === 'Message' && item.isRead, false);
  assert.equal(item.isDraft, false);
  assert.equal(item.hasAttachments, true);
  assert.equal(item.itemClass, VOICEMAIL_ITEM_CLASS);
  assert.equal(item.body?.value, 'hello & bye');
  assert.deepEqual(item.extendedProperties?.map((e) => e.value).sort(), ['0', 'msg-vm1']);
  assert.equal(findExtendedProperty(item.extendedProperties, PR_MESSAGE_FLAGS)?.value, '0');
  const found = ok(
    await svc.call(
      findItem,
      {
        parentFolderIds: INBOX,
        shape: { baseShape: 'IdOnly' },
        view: { type: 'IndexedPage', offset: 0, maxEntriesReturned: 10, basePoint: 'Beginning' },
        restriction: { op: 'IsEqualTo', path: { extended: VOXSYNC_ID }, value: 'msg-vm1' },
      },
      AS_ALICE,
    ),
  );
  assert.equal(found.totalItemsInView, 1);
  assert.deepEqual(
    found.items.map((i) => i.itemId?.id),
    [id.id],
  );
  // A created message without PR_MESSAGE_FLAGS is an unsent draft.
  const draft = await createVoicemail('draft');
  const got = ok(await svc.call(getItem, { itemIds: [draft], shape: { baseShape: 'Default' } }, AS_ALICE));
  assert.equal(got.isDraft, true);
});

test('UpdateItem ChangeKey rules: new ChangeKey, stale → ErrorIrresolvableConflict, none+NeverOverwrite, garbage → ErrorInvalidChangeKey', async () => {
  const { id, changeKey } = await createVoicemail('upd', 1);
  const set = (itemId: BaseItemId, conflictResolution: ConflictResolution, subject: string) =>
    svc.call(
      updateItem,
      {
        conflictResolution,
        messageDisposition: 'SaveOnly',
        changes: [
          {
            itemId,
            updates: [
              { action: 'set', path: { fieldUri: 'item:Subject' }, item: { kind: 'Message', subject } },
            ],
          },
        ],
      },
      AS_ALICE,
    );
  const ck2 = ok(await set({ id, changeKey }, 'NeverOverwrite', 'one')).itemId.changeKey;
  assert.ok(ck2);
  assert.notEqual(ck2, changeKey);
  assert.equal(failCode(await set({ id, changeKey }, 'NeverOverwrite', 'two')), 'ErrorIrresolvableConflict');
  assert.equal(failCode(await set({ id, changeKey }, 'AutoResolve', 'two')), 'ErrorIrresolvableConflict');
  ok(await set({ id, changeKey }, 'AlwaysOverwrite', 'three'));
  assert.equal(
    failCode(await set({ id }, 'NeverOverwrite', 'four')),
    'ErrorChangeKeyRequiredForWriteOperations',
  );
  assert.equal(
    failCode(await set({ id, changeKey: '%%%' }, 'NeverOverwrite', 'five')),
    'ErrorInvalidChangeKey',
  );
  const now = ok(await svc.call(getItem, { itemIds: [{ id }], shape: { baseShape: 'Default' } }, AS_ALICE));
  assert.equal(now.subject, 'three', 'only the accepted updates changed the item');
});

test('SyncFolderItems: first sync creates, paging by MaxChangesReturned, ReadFlagChange, Delete, replay, corrupt state', async () => {
  const AS_BOB = { impersonate: 'bob@contoso.test' };
  const run = async (syncState: string | undefined, maxChangesReturned = 512) =>
    ok(
      await svc.call(
        syncFolderItems,
        {
          folderId: INBOX[0]!,
          shape: { baseShape: 'IdOnly' },
          maxChangesReturned,
          ...(syncState ? { syncState } : {}),
        },
        AS_BOB,
      ),
    );
  const kinds = (changes: ItemChangeEvent[]) => changes.map((c) => c.type);
  const p1 = await run(undefined, 2);
  assert.equal(p1.changes.length, 2);
  assert.equal(p1.includesLastItemInRange, false);
  const p2 = await run(p1.syncState, 2);
  assert.equal(p2.changes.length, 1);
  assert.ok(p2.includesLastItemInRange);
  const all = [...p1.changes, ...p2.changes];
  assert.deepEqual(kinds(all), ['create', 'create', 'create']);
  const ids = all.map((c) => (c.type === 'create' ? c.item.itemId?.id : undefined));
  assert.equal(new Set(ids).size, 3, 'three distinct seeded messages');
  const last = p2.changes[0]!;
  assert.ok(last.type === 'create' && last.item.itemId);
  const target = last.item.itemId;
  const current = ok(await svc.call(getItem, { itemIds: [target], shape: { baseShape: 'Default' } }, AS_BOB));
  const wasRead = current.kind === 'Message' && current.isRead === true;
  ok(
    await svc.call(
      updateItem,
      {
        conflictResolution: 'AlwaysOverwrite',
        messageDisposition: 'SaveOnly',
        changes: [
          {
            itemId: { id: target.id },
            updates: [
              {
                action: 'set',
                path: { fieldUri: 'message:IsRead' },
                item: { kind: 'Message', isRead: !wasRead },
              },
            ],
          },
        ],
      },
      AS_BOB,
    ),
  );
  const p3 = await run(p2.syncState);
  assert.deepEqual(kinds(p3.changes), ['readFlagChange']);
  const flag = p3.changes[0]!;
  assert.ok(flag.type === 'readFlagChange');
  assert.equal(flag.itemId.id, target.id);
  assert.equal(flag.isRead, !wasRead);
  ok(await svc.call(deleteItem, { itemIds: [{ id: target.id }], deleteType: 'MoveToDeletedItems' }, AS_BOB));
  assert.equal(
    failCode(await svc.call(deleteItem, { itemIds: [{ id: target.id }], deleteType: 'HardDelete' }, AS_BOB)),
    'ErrorItemNotFound',
  );
  const p4 = await run(p3.syncState);
  assert.deepEqual(kinds(p4.changes), ['delete']);
  assert.equal(p4.changes[0]?.type === 'delete' && p4.changes[0].itemId.id, target.id);
  const p5 = await run(p4.syncState);
  assert.equal(p5.changes.length, 0);
  // Replaying an older state re-delivers what happened since: the item is now simply gone.
  const replay = await run(p2.syncState);
  assert.deepEqual(kinds(replay.changes), ['delete']);
  assert.equal(
    failCode(
      await svc.call(
        syncFolderItems,
        {
          folderId: INBOX[0]!,
          shape: { baseShape: 'IdOnly' },
          maxChangesReturned: 512,
          syncState: p4.syncState.slice(0, -4) + 'AAAA',
        },
        AS_BOB,
      ),
    ),
    'ErrorInvalidSyncStateData',
  );
});
