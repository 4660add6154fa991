// Folders (types.xsd BaseFolderType / FolderType, CalendarFolder, ContactsFolder, SearchFolder, TasksFolder).
import { NS_TYPES } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { field, int, readFields, str, table, writeFields } from './codec.ts';
import { itemIdCodec, type FolderId } from './ids.ts';
import { extendedPropertyCodec, type ExtendedProperty } from './extended-properties.ts';
import {
  effectiveRightsCodec,
  permissionSetCodec,
  type EffectiveRights,
  type PermissionSet,
} from './permissions.ts';

export type FolderElement = 'Folder' | 'CalendarFolder' | 'ContactsFolder' | 'SearchFolder' | 'TasksFolder';
const FOLDER_ELEMENTS: ReadonlySet<string> = new Set([
  'Folder',
  'CalendarFolder',
  'ContactsFolder',
  'SearchFolder',
  'TasksFolder',
]);

export interface Folder {
  /** Which folder element (Folder for mail folders). */
  element: FolderElement;
  folderId?: FolderId;
  parentFolderId?: FolderId;
  folderClass?: string;
  displayName?: string;
  totalCount?: number;
  childFolderCount?: number;
  extendedProperties?: ExtendedProperty[];
  effectiveRights?: EffectiveRights;
  distinguishedFolderId?: string;
  /** The folder's permissions (CalendarPermissionSetType in a CalendarFolder). */
  permissionSet?: PermissionSet;
  /** Folder, SearchFolder and TasksFolder (FolderType and its extensions). */
  unreadCount?: number;
}

const baseFields = [
  field('FolderId', 'folderId', itemIdCodec),
  field('ParentFolderId', 'parentFolderId', itemIdCodec),
  field('FolderClass', 'folderClass', str),
  field('DisplayName', 'displayName', str),
  field('TotalCount', 'totalCount', int),
  field('ChildFolderCount', 'childFolderCount', int),
  field('ExtendedProperty', 'extendedProperties', extendedPropertyCodec, true),
  field('EffectiveRights', 'effectiveRights', effectiveRightsCodec),
  field('DistinguishedFolderId', 'distinguishedFolderId', str),
];
const permissionSet = field('PermissionSet', 'permissionSet', permissionSetCodec);
const folderTable = table([...baseFields, permissionSet, field('UnreadCount', 'unreadCount', int)]);
const otherFolderTable = table([...baseFields, permissionSet]);

/** SearchFolderType and TasksFolderType extend FolderType, so they carry UnreadCount too (types.xsd). */
const FOLDER_TYPE_ELEMENTS: ReadonlySet<string> = new Set(['Folder', 'SearchFolder', 'TasksFolder']);

function tableOf(element: string) {
  return FOLDER_TYPE_ELEMENTS.has(element) ? folderTable : otherFolderTable;
}

export function isFolderElement(el: XmlElement): boolean {
  return el.ns === NS_TYPES && FOLDER_ELEMENTS.has(el.local);
}

export function readFolder(el: XmlElement): Folder {
  const f: Record<string, unknown> = { element: el.local };
  readFields(el, tableOf(el.local), f);
  return f as unknown as Folder;
}

export function readFolders(el: XmlElement): Folder[] {
  return el.children.filter(isFolderElement).map(readFolder);
}

export function writeFolder(w: XmlWriter, folder: Folder): void {
  w.start(`t:${folder.element}`);
  writeFields(w, folder, tableOf(folder.element));
  w.end();
}
