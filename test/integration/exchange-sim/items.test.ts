import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { child, pathOf, type XmlElement } from '../../../src/ews/soap/xml-tree.ts';
import { NS_MESSAGES as M, NS_TYPES as T } from '../../../src/ews/soap/namespaces.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, caller, startSim, type Caller } from './helpers.ts';

let sim: ExchangeSim;
let c: Caller;
before(async () => {
  sim = await startSim();
  c = caller(sim, basic('carol@contoso.test', 'carol-pw'));
});
after(async () => {
  await c.close();
  await sim.close();
});

const first = (body: XmlElement): XmlElement => child(body, M, 'ResponseMessages')!.children[0]!;
const code = (m: XmlElement): string => child(m, M, 'ResponseCode')!.text;
const itemId = (m: XmlElement): XmlElement => pathOf(m, M, 'Items')!.children[0]!.children[0]!;

async function create(subject: string): Promise<{ id: string; changeKey: string }> {
  const m = first(
    (
      await c.call(
        `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId><m:Items><t:Message><t:Subject>${subject}</t:Subject></t:Message></m:Items></m:CreateItem>`,
      )
    ).body,
  );
  const id = itemId(m);
  return { id: id.attrs['Id']!, changeKey: id.attrs['ChangeKey']! };
}

test('MoveItem gives a new ItemId (the old one is gone), CopyItem a second item; hierarchy sync sees a new folder', async () => {
  const { id } = await create('mover');
  const mf = first(
    (
      await c.call(
        '<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Archive</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>',
      )
    ).body,
  );
  const folderId = pathOf(mf, M, 'Folders')!.children[0]!.children[0]!.attrs['Id']!;
  const moved = first(
    (
      await c.call(
        `<m:MoveItem><m:ToFolderId><t:FolderId Id="${folderId}"/></m:ToFolderId><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:MoveItem>`,
      )
    ).body,
  );
  assert.equal(code(moved), 'NoError');
  const newId = itemId(moved).attrs['Id']!;
  assert.notEqual(newId, id);
  const old = first(
    (
      await c.call(
        `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem>`,
      )
    ).body,
  );
  assert.equal(code(old), 'ErrorItemNotFound');
  const copied = first(
    (
      await c.call(
        `<m:CopyItem><m:ToFolderId><t:DistinguishedFolderId Id="inbox"/></m:ToFolderId><m:ItemIds><t:ItemId Id="${newId}"/></m:ItemIds></m:CopyItem>`,
      )
    ).body,
  );
  assert.notEqual(itemId(copied).attrs['Id'], newId);
  const h1 = first(
    (
      await c.call(
        '<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape></m:SyncFolderHierarchy>',
      )
    ).body,
  );
  const state = child(h1, M, 'SyncState')!.text;
  await c.call(
    '<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Voice</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>',
  );
  const h2 = first(
    (
      await c.call(
        `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:SyncState>${state}</m:SyncState></m:SyncFolderHierarchy>`,
      )
    ).body,
  );
  const changes = child(h2, M, 'Changes')!.children;
  assert.ok(
    changes.some((ch) => ch.local === 'Create' && child(ch.children[0]!, T, 'DisplayName')?.text === 'Voice'),
  );
  const misuse = first(
    (
      await c.call(
        `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="root"/></m:SyncFolderId><m:SyncState>${state}</m:SyncState><m:MaxChangesReturned>5</m:MaxChangesReturned></m:SyncFolderItems>`,
      )
    ).body,
  );
  assert.equal(code(misuse), 'ErrorInvalidSyncStateData', 'a hierarchy state is not an item state');
});

test('CreateAttachment / GetAttachment round-trip and change the item ChangeKey', async () => {
  const { id, changeKey } = await create('with attachment');
  const content = Buffer.from([0, 1, 2, 250, 251, 252]).toString('base64');
  const ca = first(
    (
      await c.call(
        `<m:CreateAttachment><m:ParentItemId Id="${id}"/><m:Attachments><t:FileAttachment><t:Name>x.bin</t:Name><t:Content>${content}</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`,
      )
    ).body,
  );
  const att = pathOf(ca, M, 'Attachments')!.children[0]!.children[0]!;
  assert.notEqual(att.attrs['RootItemChangeKey'], changeKey);
  const ga = first(
    (
      await c.call(
        `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="${att.attrs['Id']}"/></m:AttachmentIds></m:GetAttachment>`,
      )
    ).body,
  );
  assert.equal(child(pathOf(ga, M, 'Attachments')!.children[0]!, T, 'Content')!.text, content);
});

test('FindItem pages with IndexedPageItemView; ConvertId and ResolveNames answer', async () => {
  for (let i = 0; i < 5; i++) await create(`page ${i}`);
  const page = (offset: number) =>
    c.call(
      `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="3" Offset="${offset}" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`,
    );
  const p1 = pathOf(first((await page(0)).body), M, 'RootFolder')!;
  assert.equal(p1.attrs['IncludesLastItemInRange'], 'false');
  assert.equal(p1.attrs['IndexedPagingOffset'], '3');
  const total = Number(p1.attrs['TotalItemsInView']);
  const last = pathOf(first((await page(Number(p1.attrs['IndexedPagingOffset']))).body), M, 'RootFolder')!;
  assert.equal(last.children[0]!.children.length, Math.min(3, total - 3));
  const { id } = await create('convert me');
  const conv = first(
    (
      await c.call(
        `<m:ConvertId DestinationFormat="HexEntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="${id}" Mailbox="carol@contoso.test"/></m:SourceIds></m:ConvertId>`,
      )
    ).body,
  );
  assert.match(child(conv, M, 'AlternateId')!.attrs['Id']!, /^[0-9A-F]+$/);
  const rn = first(
    (
      await c.call(
        '<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>bob</m:UnresolvedEntry></m:ResolveNames>',
      )
    ).body,
  );
  assert.equal(code(rn), 'NoError');
  assert.match(JSON.stringify(rn), /bob@contoso\.test/);
});
