import { encodeChangeKey, encodeId } from './ids.ts';
import type { Folder, FolderKind, FolderTombstone, StoredItem } from './model.ts';
import type { ItemKind } from './schema-order.ts';

/** A mailbox event as EWS notifications report it (D: notification-subscriptions-mailbox-events-and-ews). */
export interface MailboxEvent {
  readonly type: 'NewMail' | 'Created' | 'Deleted' | 'Modified' | 'Moved' | 'Copied';
  readonly timestamp: Date;
  readonly itemId?: { id: string; changeKey: string };
  readonly folderId?: { id: string; changeKey: string };
  readonly parentFolderId: { id: string; changeKey: string };
  readonly oldItemId?: { id: string; changeKey: string };
  readonly oldParentFolderId?: { id: string; changeKey: string };
  /** A folder's ModifiedEvent: the folder's unread count after the change. */
  readonly unreadCount?: number;
}

interface FolderSpec {
  readonly name: string;
  readonly display: string;
  readonly parent: string | undefined;
  readonly cls: string;
  readonly kind: FolderKind;
}

// Layout of a fresh Exchange mailbox: root holds the IPM subtree ("Top of Information Store") and the
// search-folder root ("Finder"); the voicemail folder is a search folder there.
const DISTINGUISHED: readonly FolderSpec[] = [
  { name: 'root', display: '', parent: undefined, cls: '', kind: 'Folder' },
  {
    name: 'msgfolderroot',
    display: 'Top of Information Store',
    parent: 'root',
    cls: 'IPF.Note',
    kind: 'Folder',
  },
  { name: 'searchfolders', display: 'Finder', parent: 'root', cls: '', kind: 'Folder' },
  { name: 'inbox', display: 'Inbox', parent: 'msgfolderroot', cls: 'IPF.Note', kind: 'Folder' },
  { name: 'drafts', display: 'Drafts', parent: 'msgfolderroot', cls: 'IPF.Note', kind: 'Folder' },
  { name: 'sentitems', display: 'Sent Items', parent: 'msgfolderroot', cls: 'IPF.Note', kind: 'Folder' },
  {
    name: 'deleteditems',
    display: 'Deleted Items',
    parent: 'msgfolderroot',
    cls: 'IPF.Note',
    kind: 'Folder',
  },
  { name: 'outbox', display: 'Outbox', parent: 'msgfolderroot', cls: 'IPF.Note', kind: 'Folder' },
  { name: 'junkemail', display: 'Junk Email', parent: 'msgfolderroot', cls: 'IPF.Note', kind: 'Folder' },
  {
    name: 'contacts',
    display: 'Contacts',
    parent: 'msgfolderroot',
    cls: 'IPF.Contact',
    kind: 'ContactsFolder',
  },
  {
    name: 'calendar',
    display: 'Calendar',
    parent: 'msgfolderroot',
    cls: 'IPF.Appointment',
    kind: 'CalendarFolder',
  },
  { name: 'tasks', display: 'Tasks', parent: 'msgfolderroot', cls: 'IPF.Task', kind: 'TasksFolder' },
  { name: 'notes', display: 'Notes', parent: 'msgfolderroot', cls: 'IPF.StickyNote', kind: 'Folder' },
  { name: 'journal', display: 'Journal', parent: 'msgfolderroot', cls: 'IPF.Journal', kind: 'Folder' },
  {
    name: 'voicemail',
    display: 'Voice Mail',
    parent: 'searchfolders',
    cls: 'IPF.Note',
    kind: 'SearchFolder',
  },
  // The dumpster: soft-deleted items are kept in Recoverable Items\Deletions, outside the IPM subtree
  // (D: recoverable-items-folder). Listed last so the folders above keep their entry numbers (ids).
  { name: 'recoverableitemsroot', display: 'Recoverable Items', parent: 'root', cls: '', kind: 'Folder' },
  {
    name: 'recoverableitemsdeletions',
    display: 'Deletions',
    parent: 'recoverableitemsroot',
    cls: '',
    kind: 'Folder',
  },
  // The rest of the default folders of an Exchange 2013/2016 mailbox that have a distinguished name
  // (types.xsd DistinguishedFolderIdNameType; exchangelib's well-known folders), appended for the same
  // reason. The Lync/Skype contact folders are named by their GUIDs, as Exchange names them.
  {
    name: 'recoverableitemsversions',
    display: 'Versions',
    parent: 'recoverableitemsroot',
    cls: '',
    kind: 'Folder',
  },
  {
    name: 'recoverableitemspurges',
    display: 'Purges',
    parent: 'recoverableitemsroot',
    cls: '',
    kind: 'Folder',
  },
  { name: 'syncissues', display: 'Sync Issues', parent: 'msgfolderroot', cls: 'IPF.Note', kind: 'Folder' },
  { name: 'conflicts', display: 'Conflicts', parent: 'syncissues', cls: 'IPF.Note', kind: 'Folder' },
  { name: 'localfailures', display: 'Local Failures', parent: 'syncissues', cls: 'IPF.Note', kind: 'Folder' },
  {
    name: 'serverfailures',
    display: 'Server Failures',
    parent: 'syncissues',
    cls: 'IPF.Note',
    kind: 'Folder',
  },
  {
    name: 'conversationhistory',
    display: 'Conversation History',
    parent: 'msgfolderroot',
    cls: 'IPF.Note',
    kind: 'Folder',
  },
  {
    name: 'recipientcache',
    display: 'Recipient Cache',
    parent: 'contacts',
    cls: 'IPF.Contact.RecipientCache',
    kind: 'ContactsFolder',
  },
  {
    name: 'quickcontacts',
    display: '{06967759-274D-40B2-A3EB-D7F9E73727D7}',
    parent: 'contacts',
    cls: 'IPF.Contact.MOC.QuickContacts',
    kind: 'ContactsFolder',
  },
  {
    name: 'imcontactlist',
    display: '{A9E2BC46-B3A0-4243-B315-60D991004455}',
    parent: 'contacts',
    cls: 'IPF.Contact.MOC.ImContactList',
    kind: 'ContactsFolder',
  },
  { name: 'todosearch', display: 'To-Do Search', parent: 'root', cls: 'IPF.Task', kind: 'SearchFolder' },
];

/**
 * DistinguishedFolderIdNameType values an Exchange 2013-2019 server knows (the enumeration up to
 * `favorites`); a mailbox without the folder answers ErrorFolderNotFound. The later values (Office 365's
 * teamchat, onedriveroot, archive…) are unknown to it: ErrorInvalidOperation "The distinguished folder
 * name is unrecognized.", as Exchange words it.
 */
export const KNOWN_DISTINGUISHED_NAMES: ReadonlySet<string> = new Set(
  `calendar contacts deleteditems drafts inbox journal notes outbox sentitems tasks msgfolderroot
publicfoldersroot root junkemail searchfolders voicemail recoverableitemsroot recoverableitemsdeletions
recoverableitemsversions recoverableitemspurges recoverableitemsdiscoveryholds archiveroot archivemsgfolderroot
archivedeleteditems archiveinbox archiverecoverableitemsroot archiverecoverableitemsdeletions
archiverecoverableitemsversions archiverecoverableitemspurges archiverecoverableitemsdiscoveryholds syncissues
conflicts localfailures serverfailures recipientcache quickcontacts conversationhistory adminauditlogs todosearch
mycontacts directory imcontactlist peopleconnect favorites`.split(/\s+/),
);

export const DISTINGUISHED_FOLDER_NAMES: readonly string[] = DISTINGUISHED.map((d) => d.name);

export interface NewItem {
  kind: ItemKind;
  element: string;
  props: StoredItem['props'];
  extended: StoredItem['extended'];
  isRead: boolean;
  messageFlags: number;
  received?: Date;
}

/** One user's mailbox: folder tree, items, and the change log that drives sync states and notifications. */
export class Mailbox {
  private seq = 0;
  private nextEntry = 1;
  private nextUid = 1;
  readonly folders = new Map<number, Folder>();
  readonly items = new Map<number, StoredItem>();
  private readonly distinguishedFolders = new Map<string, Folder>();
  folderTombstones: FolderTombstone[] = [];
  readonly listeners = new Set<(e: MailboxEvent) => void>();

  constructor(
    readonly no: number,
    readonly smtp: string,
    public displayName: string,
  ) {
    this.addMissingDistinguished();
  }

  /** Creates the distinguished folders this mailbox lacks (all when new; those added since, when restored). */
  addMissingDistinguished(): void {
    for (const d of DISTINGUISHED) {
      if (this.distinguishedFolders.has(d.name)) continue;
      const parent = d.parent === undefined ? undefined : this.distinguishedFolders.get(d.parent);
      const f = this.addFolder(parent, d.display, d.cls, d.kind, d.name);
      this.distinguishedFolders.set(d.name, f);
    }
  }

  /** Counters for persistence (see persist.ts). */
  counters(): { seq: number; nextEntry: number; nextUid: number } {
    return { seq: this.seq, nextEntry: this.nextEntry, nextUid: this.nextUid };
  }
  restoreCounters(c: { seq: number; nextEntry: number; nextUid: number }): void {
    this.seq = c.seq;
    this.nextEntry = c.nextEntry;
    this.nextUid = c.nextUid;
  }
  /** Replaces the folder tree and items with restored ones (persist.ts). */
  restore(folders: Folder[], items: StoredItem[], tombstones: FolderTombstone[]): void {
    this.folders.clear();
    this.items.clear();
    this.distinguishedFolders.clear();
    for (const f of folders) {
      this.folders.set(f.entry, f);
      if (f.distinguished) this.distinguishedFolders.set(f.distinguished, f);
    }
    for (const i of items) this.items.set(i.entry, i);
    this.folderTombstones = tombstones;
  }

  /** Next change-log position. */
  tick(): number {
    return ++this.seq;
  }
  get currentSeq(): number {
    return this.seq;
  }

  distinguished(name: string): Folder | undefined {
    return this.distinguishedFolders.get(name);
  }

  folderId(f: Folder): { id: string; changeKey: string } {
    return { id: encodeId('folder', this.no, f.entry), changeKey: encodeChangeKey(f.entry, f.version) };
  }
  itemId(i: StoredItem): { id: string; changeKey: string } {
    return { id: encodeId('item', this.no, i.entry), changeKey: encodeChangeKey(i.uid, i.version) };
  }

  addFolder(
    parent: Folder | undefined,
    name: string,
    cls: string,
    kind: FolderKind,
    distinguished?: string,
  ): Folder {
    const s = this.tick();
    const f: Folder = {
      entry: this.nextEntry++,
      parent,
      distinguished,
      displayName: name,
      folderClass: cls,
      kind,
      children: [],
      items: new Map(),
      tombstones: [],
      version: 1,
      seqEntered: s,
      seqChanged: s,
    };
    parent?.children.push(f);
    this.folders.set(f.entry, f);
    if (parent) {
      parent.version++;
      parent.seqChanged = s;
      this.emit({
        type: 'Created',
        timestamp: new Date(),
        folderId: this.folderId(f),
        parentFolderId: this.folderId(parent),
      });
    }
    return f;
  }

  /** Whether `f` lies below `ancestor` (or is it). */
  isUnder(f: Folder, ancestor: Folder): boolean {
    for (let c: Folder | undefined = f; c; c = c.parent) if (c === ancestor) return true;
    return false;
  }

  deleteFolder(f: Folder): void {
    for (const c of [...f.children]) this.deleteFolder(c);
    for (const i of [...f.items.values()]) this.removeItem(i, 'Deleted');
    const s = this.tick();
    this.folderTombstones.push({ entry: f.entry, seqEntered: f.seqEntered, seqGone: s });
    if (f.parent) {
      f.parent.children.splice(f.parent.children.indexOf(f), 1);
      f.parent.version++;
      this.emit({
        type: 'Deleted',
        timestamp: new Date(),
        folderId: this.folderId(f),
        parentFolderId: this.folderId(f.parent),
      });
    }
    this.folders.delete(f.entry);
  }

  /**
   * Moves `f`, with its items and subfolders, under `target`: it keeps its id, gets a new ChangeKey, and is
   * reported as Moved (notifications) and as an Update (hierarchy sync).
   */
  moveFolder(f: Folder, target: Folder): void {
    const old = f.parent!;
    const s = this.tick();
    old.children.splice(old.children.indexOf(f), 1);
    target.children.push(f);
    f.parent = target;
    for (const changed of [old, target, f]) {
      changed.version++;
      changed.seqChanged = s;
    }
    this.emit({
      type: 'Moved',
      timestamp: new Date(),
      folderId: this.folderId(f),
      parentFolderId: this.folderId(target),
      oldParentFolderId: this.folderId(old),
    });
  }

  touchFolder(f: Folder): void {
    f.version++;
    f.seqChanged = this.tick();
    if (f.parent)
      this.emit({
        type: 'Modified',
        timestamp: new Date(),
        folderId: this.folderId(f),
        parentFolderId: this.folderId(f.parent),
      });
  }

  /** `copyOf`: the item this one copies; the event is then a CopiedEvent, not a CreatedEvent. */
  createItem(folder: Folder, init: NewItem, created = new Date(), copyOf?: StoredItem): StoredItem {
    const original = copyOf && { itemId: this.itemId(copyOf), parentFolderId: this.folderId(copyOf.folder) };
    const s = this.tick();
    const item: StoredItem = {
      uid: this.nextUid++,
      entry: this.nextEntry++,
      folder,
      kind: init.kind,
      element: init.element,
      props: init.props,
      extended: init.extended,
      attachments: [],
      nextAttachmentNo: 1,
      isRead: init.isRead,
      messageFlags: init.messageFlags,
      version: 1,
      fieldVersions: new Map(),
      created,
      modified: created,
      received: init.received ?? created,
      seqEntered: s,
      seqContent: s,
      seqRead: s,
    };
    folder.items.set(item.entry, item);
    this.items.set(item.entry, item);
    const parent = this.folderId(folder);
    if (original) {
      this.emit({
        type: 'Copied',
        timestamp: created,
        itemId: this.itemId(item),
        parentFolderId: parent,
        oldItemId: original.itemId,
        oldParentFolderId: original.parentFolderId,
      });
      this.emitFolderModified(folder, created);
      return item;
    }
    this.emit({ type: 'Created', timestamp: created, itemId: this.itemId(item), parentFolderId: parent });
    if (init.kind === 'Message' && (init.messageFlags & 8) === 0 && folder === this.distinguished('inbox')) {
      this.emit({ type: 'NewMail', timestamp: created, itemId: this.itemId(item), parentFolderId: parent });
    }
    this.emitFolderModified(folder, created);
    return item;
  }

  /** Records a modification: a new ChangeKey, and a ReadFlagChange-only entry when only the read state moved. */
  touchItem(item: StoredItem, readOnly: boolean): void {
    const s = this.tick();
    item.version++;
    item.modified = new Date();
    if (readOnly) item.seqRead = s;
    else item.seqContent = s;
    this.emit({
      type: 'Modified',
      timestamp: item.modified,
      itemId: this.itemId(item),
      parentFolderId: this.folderId(item.folder),
    });
    this.emitFolderModified(item.folder, item.modified);
  }

  private removeItem(item: StoredItem, event: 'Deleted' | undefined): void {
    const s = this.tick();
    const folder = item.folder;
    folder.items.delete(item.entry);
    this.items.delete(item.entry);
    folder.tombstones.push({ entry: item.entry, uid: item.uid, seqEntered: item.seqEntered, seqGone: s });
    if (event) {
      const timestamp = new Date();
      this.emit({ type: event, timestamp, itemId: this.itemId(item), parentFolderId: this.folderId(folder) });
      this.emitFolderModified(folder, timestamp);
    }
  }

  deleteItem(item: StoredItem): void {
    this.removeItem(item, 'Deleted');
  }

  /** A move gives the item a new entry (hence a new ItemId) and a new ChangeKey, as Exchange does. */
  moveItem(item: StoredItem, target: Folder): StoredItem {
    const oldId = this.itemId(item);
    const oldParent = this.folderId(item.folder);
    const source = item.folder;
    this.removeItem(item, undefined);
    const s = this.tick();
    item.entry = this.nextEntry++;
    item.folder = target;
    item.version++;
    item.seqEntered = s;
    item.seqContent = s;
    item.seqRead = s;
    target.items.set(item.entry, item);
    this.items.set(item.entry, item);
    const timestamp = new Date();
    this.emit({
      type: 'Moved',
      timestamp,
      itemId: this.itemId(item),
      parentFolderId: this.folderId(target),
      oldItemId: oldId,
      oldParentFolderId: oldParent,
    });
    this.emitFolderModified(source, timestamp);
    this.emitFolderModified(target, timestamp);
    return item;
  }

  copyItem(item: StoredItem, target: Folder): StoredItem {
    const copy = this.createItem(
      target,
      {
        kind: item.kind,
        element: item.element,
        props: new Map(item.props),
        extended: new Map([...item.extended].map(([k, v]) => [k, { uri: v.uri, value: v.value }])),
        isRead: item.isRead,
        messageFlags: item.messageFlags,
        received: item.received,
      },
      undefined,
      item,
    );
    copy.attachments = item.attachments.map((a) => ({ ...a, no: copy.nextAttachmentNo++ }));
    return copy;
  }

  /** Items of `f` not read (PidTagContentUnreadCount, the folder's UnreadCount). */
  unreadCount(f: Folder): number {
    let n = 0;
    for (const i of f.items.values()) if (!i.isRead) n++;
    return n;
  }

  /**
   * The folder ModifiedEvent Exchange sends beside an item event when a folder's contents change (its
   * counts and commit time change with them), carrying the folder's new UnreadCount. The root has no
   * parent to name, and holds no items a client puts there.
   */
  private emitFolderModified(f: Folder, timestamp: Date): void {
    if (!f.parent) return;
    this.emit({
      type: 'Modified',
      timestamp,
      folderId: this.folderId(f),
      parentFolderId: this.folderId(f.parent),
      unreadCount: this.unreadCount(f),
    });
  }

  emit(e: MailboxEvent): void {
    for (const l of this.listeners) l(e);
  }
}
