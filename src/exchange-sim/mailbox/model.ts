import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { ExtendedFieldUri } from '../../ews/types/extended-properties.ts';
import type { ItemKind } from './schema-order.ts';

/** An extended property as the shared model reads it; its key (ews/extended.ts) matches URIs case-insensitively. */
export interface ExtendedProp {
  readonly uri: ExtendedFieldUri;
  value: string | string[];
}

interface AttachmentBase {
  readonly no: number;
  name: string;
  contentType: string;
  contentId: string | undefined;
  isInline: boolean;
  lastModified: Date;
}

export interface FileAttachment extends AttachmentBase {
  readonly kind: 'file';
  content: Buffer;
}

/** An item attached to an item (t:ItemAttachment): its content is kept as sent, like a stored item's. */
export interface ItemAttachment extends AttachmentBase {
  readonly kind: 'item';
  readonly item: EmbeddedItem;
}

export type Attachment = FileAttachment | ItemAttachment;

/** The content of an attached item; it has no id, folder or change history of its own. */
export interface EmbeddedItem {
  readonly kind: ItemKind;
  readonly element: string;
  readonly props: ReadonlyMap<string, XmlElement>;
  readonly extended: ReadonlyMap<string, ExtendedProp>;
  readonly isRead: boolean;
  readonly messageFlags: number;
  readonly created: Date;
}

export interface StoredItem {
  /** Stable for the item's life; ids of occurrences and attachments hang off it. */
  readonly uid: number;
  /** Changes when the item moves to another folder (the ItemId encodes it). */
  entry: number;
  folder: Folder;
  kind: ItemKind;
  /** Element name the client used (Message, Contact, CalendarItem, Task, Item, PostItem...). */
  element: string;
  /** Client-settable top-level properties by local name, as elements in the types namespace. */
  props: Map<string, XmlElement>;
  extended: Map<string, ExtendedProp>;
  attachments: Attachment[];
  nextAttachmentNo: number;
  /** Recurring masters: changed and deleted occurrences by InstanceIndex. */
  occurrences?: { modified: Map<number, OccurrenceOverride>; deleted: Set<number> };
  isRead: boolean;
  /** PR_MESSAGE_FLAGS (0x0E07): bit 1 read, bit 8 unsent; kept consistent with isRead. */
  messageFlags: number;
  version: number;
  /** Item version at which each property (by element name or extended key) last changed: AutoResolve merges. */
  readonly fieldVersions: Map<string, number>;
  created: Date;
  modified: Date;
  received: Date;
  /** Change-log positions (mailbox sequence numbers): entered this folder, last content change, last read change. */
  seqEntered: number;
  seqContent: number;
  seqRead: number;
}

export interface Tombstone {
  readonly entry: number;
  readonly uid: number;
  readonly seqEntered: number;
  readonly seqGone: number;
}

export type FolderKind = 'Folder' | 'CalendarFolder' | 'ContactsFolder' | 'TasksFolder' | 'SearchFolder';

export interface Folder {
  readonly entry: number;
  parent: Folder | undefined;
  distinguished: string | undefined;
  displayName: string;
  folderClass: string;
  kind: FolderKind;
  readonly children: Folder[];
  readonly items: Map<number, StoredItem>;
  tombstones: Tombstone[];
  version: number;
  seqEntered: number;
  seqChanged: number;
}

export interface FolderTombstone {
  readonly entry: number;
  readonly seqEntered: number;
  readonly seqGone: number;
}

/** An exception of a recurring series: its own times and the properties that differ from the master. */
export interface OccurrenceOverride {
  start: number;
  end: number;
  readonly props: Map<string, XmlElement>;
}
