// JSON snapshots of the simulator's mailboxes for `--data DIR` (written atomically: temp file + rename).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import { readExtendedFieldUri } from '../../ews/types/extended-properties.ts';
import { Mailbox } from './mailbox.ts';
import type { Attachment, ExtendedProp, Folder, FolderTombstone, StoredItem, Tombstone } from './model.ts';
import type { ItemKind } from './schema-order.ts';

interface FolderJson {
  entry: number;
  parent: number | null;
  distinguished: string | null;
  displayName: string;
  folderClass: string;
  kind: Folder['kind'];
  tombstones: Tombstone[];
  version: number;
  seqEntered: number;
  seqChanged: number;
}

interface ItemJson {
  uid: number;
  entry: number;
  folder: number;
  kind: ItemKind;
  element: string;
  props: [string, XmlElement][];
  extended: [string, ExtendedProp][];
  attachments: AttachmentJson[];
  nextAttachmentNo: number;
  isRead: boolean;
  messageFlags: number;
  version: number;
  fieldVersions: [string, number][];
  created: string;
  modified: string;
  received: string;
  seqEntered: number;
  seqContent: number;
  seqRead: number;
}

interface AttachmentBaseJson {
  no: number;
  name: string;
  contentType: string;
  contentId: string | null;
  isInline: boolean;
  lastModified: string;
}

/** `kind` is absent in snapshots written before item attachments existed: those are file attachments. */
type AttachmentJson =
  | (AttachmentBaseJson & { kind?: 'file'; content: string })
  | (AttachmentBaseJson & {
      kind: 'item';
      item: {
        kind: ItemKind;
        element: string;
        props: [string, XmlElement][];
        extended: [string, ExtendedProp][];
        isRead: boolean;
        messageFlags: number;
        created: string;
      };
    });

/**
 * Extended properties in the shared ExtendedFieldUri form; snapshots written before that kept the
 * ExtendedFieldURI attributes as sent, which are read back through the shared reader.
 */
function extendedFromJson(entries: [string, ExtendedProp][]): Map<string, ExtendedProp> {
  return new Map(
    entries.map(([key, p]) => {
      const uri = p.uri as unknown as Record<string, string>;
      if (uri['PropertyType'] === undefined) return [key, p];
      const el: XmlElement = { ns: NS_TYPES, local: 'ExtendedFieldURI', attrs: uri, children: [], text: '' };
      return [key, { uri: readExtendedFieldUri(el), value: p.value }];
    }),
  );
}

function attachmentToJson(a: Attachment): AttachmentJson {
  const base = { ...a, contentId: a.contentId ?? null, lastModified: a.lastModified.toISOString() };
  if (a.kind === 'file') return { ...base, kind: 'file', content: a.content.toString('base64') };
  const i = a.item;
  return {
    ...base,
    kind: 'item',
    item: { ...i, props: [...i.props], extended: [...i.extended], created: i.created.toISOString() },
  };
}

function attachmentFromJson(a: AttachmentJson): Attachment {
  const base = {
    no: a.no,
    name: a.name,
    contentType: a.contentType,
    contentId: a.contentId ?? undefined,
    isInline: a.isInline,
    lastModified: new Date(a.lastModified),
  };
  if (a.kind !== 'item') return { ...base, kind: 'file', content: Buffer.from(a.content, 'base64') };
  const i = a.item;
  return {
    ...base,
    kind: 'item',
    item: {
      kind: i.kind,
      element: i.element,
      props: new Map(i.props),
      extended: extendedFromJson(i.extended),
      isRead: i.isRead,
      messageFlags: i.messageFlags,
      created: new Date(i.created),
    },
  };
}

export interface MailboxJson {
  no: number;
  smtp: string;
  displayName: string;
  counters: { seq: number; nextEntry: number; nextUid: number };
  folders: FolderJson[];
  items: ItemJson[];
  folderTombstones: FolderTombstone[];
}

export interface SnapshotJson {
  version: 1;
  secret: string;
  mailboxes: MailboxJson[];
}

export function mailboxToJson(mb: Mailbox): MailboxJson {
  return {
    no: mb.no,
    smtp: mb.smtp,
    displayName: mb.displayName,
    counters: mb.counters(),
    folders: [...mb.folders.values()].map((f) => ({
      entry: f.entry,
      parent: f.parent?.entry ?? null,
      distinguished: f.distinguished ?? null,
      displayName: f.displayName,
      folderClass: f.folderClass,
      kind: f.kind,
      tombstones: f.tombstones,
      version: f.version,
      seqEntered: f.seqEntered,
      seqChanged: f.seqChanged,
    })),
    items: [...mb.items.values()].map((i) => ({
      uid: i.uid,
      entry: i.entry,
      folder: i.folder.entry,
      kind: i.kind,
      element: i.element,
      props: [...i.props],
      extended: [...i.extended],
      attachments: i.attachments.map(attachmentToJson),
      nextAttachmentNo: i.nextAttachmentNo,
      isRead: i.isRead,
      messageFlags: i.messageFlags,
      version: i.version,
      fieldVersions: [...i.fieldVersions],
      created: i.created.toISOString(),
      modified: i.modified.toISOString(),
      received: i.received.toISOString(),
      seqEntered: i.seqEntered,
      seqContent: i.seqContent,
      seqRead: i.seqRead,
    })),
    folderTombstones: mb.folderTombstones,
  };
}

export function mailboxFromJson(j: MailboxJson): Mailbox {
  const mb = new Mailbox(j.no, j.smtp, j.displayName);
  const folders = new Map<number, Folder>();
  for (const f of j.folders) {
    folders.set(f.entry, {
      entry: f.entry,
      parent: undefined,
      distinguished: f.distinguished ?? undefined,
      displayName: f.displayName,
      folderClass: f.folderClass,
      kind: f.kind,
      children: [],
      items: new Map(),
      tombstones: f.tombstones,
      version: f.version,
      seqEntered: f.seqEntered,
      seqChanged: f.seqChanged,
    });
  }
  for (const f of j.folders) {
    if (f.parent === null) continue;
    const me = folders.get(f.entry)!;
    const parent = folders.get(f.parent);
    if (parent) {
      me.parent = parent;
      parent.children.push(me);
    }
  }
  const items: StoredItem[] = [];
  for (const i of j.items) {
    const folder = folders.get(i.folder);
    if (!folder) continue;
    const item: StoredItem = {
      uid: i.uid,
      entry: i.entry,
      folder,
      kind: i.kind,
      element: i.element,
      props: new Map(i.props),
      extended: extendedFromJson(i.extended),
      attachments: i.attachments.map(attachmentFromJson),
      nextAttachmentNo: i.nextAttachmentNo,
      isRead: i.isRead,
      messageFlags: i.messageFlags,
      version: i.version,
      fieldVersions: new Map(i.fieldVersions),
      created: new Date(i.created),
      modified: new Date(i.modified),
      received: new Date(i.received),
      seqEntered: i.seqEntered,
      seqContent: i.seqContent,
      seqRead: i.seqRead,
    };
    folder.items.set(item.entry, item);
    items.push(item);
  }
  mb.restore([...folders.values()], items, j.folderTombstones);
  mb.restoreCounters(j.counters);
  // A mailbox kept by an older version gets the distinguished folders added since.
  mb.addMissingDistinguished();
  return mb;
}

const FILE = 'mailboxes.json';

export async function loadSnapshot(dir: string): Promise<SnapshotJson | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as SnapshotJson;
    if (parsed.version !== 1 || !Array.isArray(parsed.mailboxes))
      throw new Error(`${join(dir, FILE)} has an unknown format`);
    return parsed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function saveSnapshot(dir: string, snap: SnapshotJson): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `${FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(snap), { mode: 0o600 });
  await rename(tmp, join(dir, FILE));
}
