// Item and folder identifiers (types.xsd ItemIdType, FolderIdType, DistinguishedFolderIdType,
// OccurrenceItemIdType, RecurringMasterItemIdType, AttachmentIdType).
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import type { Codec } from './codec.ts';
import { readMailbox, writeMailbox, type EmailAddress } from './email-address.ts';

export interface ItemId {
  id: string;
  changeKey?: string;
}
export type FolderId = ItemId;

export interface OccurrenceItemId {
  kind: 'occurrence';
  recurringMasterId: string;
  /** 1-based. */
  instanceIndex: number;
  changeKey?: string;
}
export interface RecurringMasterItemId {
  kind: 'recurringMaster';
  occurrenceId: string;
  changeKey?: string;
}
/** What item operations accept (BaseItemIdType choices we support). */
export type BaseItemId = ItemId | OccurrenceItemId | RecurringMasterItemId;

export type DistinguishedFolderName =
  | 'calendar'
  | 'contacts'
  | 'deleteditems'
  | 'drafts'
  | 'inbox'
  | 'journal'
  | 'notes'
  | 'outbox'
  | 'sentitems'
  | 'tasks'
  | 'msgfolderroot'
  | 'publicfoldersroot'
  | 'root'
  | 'junkemail'
  | 'searchfolders'
  | 'voicemail'
  | 'recoverableitemsroot'
  | 'recoverableitemsdeletions'
  | 'recoverableitemsversions'
  | 'recoverableitemspurges'
  | 'archiveroot'
  | 'archivemsgfolderroot'
  | 'archivedeleteditems'
  | 'archiveinbox'
  | 'syncissues'
  | 'conflicts'
  | 'localfailures'
  | 'serverfailures'
  | 'recipientcache'
  | 'quickcontacts'
  | 'conversationhistory'
  | 'todosearch';

export interface DistinguishedFolderId {
  distinguished: DistinguishedFolderName;
  changeKey?: string;
  /** Another user's folder (delegate access) - not needed with impersonation. */
  mailbox?: EmailAddress;
}
export type BaseFolderId = FolderId | DistinguishedFolderId;

export interface AttachmentId {
  id: string;
  rootItemId?: string;
  rootItemChangeKey?: string;
}

export function isDistinguished(id: BaseFolderId): id is DistinguishedFolderId {
  return (id as DistinguishedFolderId).distinguished !== undefined;
}

export function readItemId(el: XmlElement): ItemId {
  const id = el.attrs['Id'];
  if (id === undefined) throw new EwsProtocolError(`${el.local} has no Id attribute.`);
  const ck = el.attrs['ChangeKey'];
  return ck === undefined ? { id } : { id, changeKey: ck };
}

export const itemIdCodec: Codec<ItemId> = {
  read: readItemId,
  write: (w, q, v) => void w.empty(q, { Id: v.id, ChangeKey: v.changeKey }),
};

export function writeBaseItemId(w: XmlWriter, id: BaseItemId): void {
  if ('kind' in id && id.kind === 'occurrence') {
    w.empty('t:OccurrenceItemId', {
      RecurringMasterId: id.recurringMasterId,
      ChangeKey: id.changeKey,
      InstanceIndex: id.instanceIndex,
    });
  } else if ('kind' in id && id.kind === 'recurringMaster') {
    w.empty('t:RecurringMasterItemId', { OccurrenceId: id.occurrenceId, ChangeKey: id.changeKey });
  } else {
    const plain = id as ItemId;
    w.empty('t:ItemId', { Id: plain.id, ChangeKey: plain.changeKey });
  }
}

/** Reads ItemId / OccurrenceItemId / RecurringMasterItemId; undefined for other elements. */
export function readBaseItemId(el: XmlElement): BaseItemId | undefined {
  if (el.ns !== NS_TYPES) return undefined;
  const ck = el.attrs['ChangeKey'];
  switch (el.local) {
    case 'ItemId':
      return readItemId(el);
    case 'OccurrenceItemId': {
      const master = el.attrs['RecurringMasterId'];
      const idx = Number(el.attrs['InstanceIndex']);
      if (master === undefined || !Number.isInteger(idx)) {
        throw new EwsProtocolError('OccurrenceItemId needs RecurringMasterId and InstanceIndex.');
      }
      const o: OccurrenceItemId = { kind: 'occurrence', recurringMasterId: master, instanceIndex: idx };
      if (ck !== undefined) o.changeKey = ck;
      return o;
    }
    case 'RecurringMasterItemId': {
      const occ = el.attrs['OccurrenceId'];
      if (occ === undefined) throw new EwsProtocolError('RecurringMasterItemId needs OccurrenceId.');
      const r: RecurringMasterItemId = { kind: 'recurringMaster', occurrenceId: occ };
      if (ck !== undefined) r.changeKey = ck;
      return r;
    }
    default:
      return undefined;
  }
}

export function writeBaseFolderId(w: XmlWriter, id: BaseFolderId): void {
  if (isDistinguished(id)) {
    if (id.mailbox === undefined) {
      w.empty('t:DistinguishedFolderId', { Id: id.distinguished, ChangeKey: id.changeKey });
    } else {
      w.start('t:DistinguishedFolderId', { Id: id.distinguished, ChangeKey: id.changeKey });
      writeMailbox(w, 't:Mailbox', id.mailbox);
      w.end();
    }
  } else {
    w.empty('t:FolderId', { Id: id.id, ChangeKey: id.changeKey });
  }
}

export function readBaseFolderId(el: XmlElement): BaseFolderId | undefined {
  if (el.ns !== NS_TYPES) return undefined;
  if (el.local === 'FolderId') return readItemId(el);
  if (el.local === 'DistinguishedFolderId') {
    const id = el.attrs['Id'];
    if (id === undefined) throw new EwsProtocolError('DistinguishedFolderId has no Id attribute.');
    const d: DistinguishedFolderId = { distinguished: id as DistinguishedFolderName };
    if (el.attrs['ChangeKey'] !== undefined) d.changeKey = el.attrs['ChangeKey'];
    const mb = child(el, NS_TYPES, 'Mailbox');
    if (mb !== undefined) d.mailbox = readMailbox(mb);
    return d;
  }
  return undefined;
}

/** Write a wrapper (`m:FolderIds`, `m:ParentFolderId`...) holding folder ids. */
export function writeFolderIds(w: XmlWriter, wrapper: string, ids: readonly BaseFolderId[]): void {
  w.start(wrapper);
  for (const id of ids) writeBaseFolderId(w, id);
  w.end();
}

export function readFolderIds(el: XmlElement): BaseFolderId[] {
  const out: BaseFolderId[] = [];
  for (const c of el.children) {
    const id = readBaseFolderId(c);
    if (id !== undefined) out.push(id);
  }
  return out;
}

export function writeItemIds(w: XmlWriter, wrapper: string, ids: readonly BaseItemId[]): void {
  w.start(wrapper);
  for (const id of ids) writeBaseItemId(w, id);
  w.end();
}

export function readItemIds(el: XmlElement): BaseItemId[] {
  const out: BaseItemId[] = [];
  for (const c of el.children) {
    const id = readBaseItemId(c);
    if (id !== undefined) out.push(id);
  }
  return out;
}

export const attachmentIdCodec: Codec<AttachmentId> = {
  read(el) {
    const id = el.attrs['Id'];
    if (id === undefined) throw new EwsProtocolError('AttachmentId has no Id attribute.');
    const a: AttachmentId = { id };
    if (el.attrs['RootItemId'] !== undefined) a.rootItemId = el.attrs['RootItemId'];
    if (el.attrs['RootItemChangeKey'] !== undefined) a.rootItemChangeKey = el.attrs['RootItemChangeKey'];
    return a;
  },
  write: (w, q, v) =>
    void w.empty(q, { Id: v.id, RootItemId: v.rootItemId, RootItemChangeKey: v.rootItemChangeKey }),
};
