// Mailbox folders → the shared Folder model (src/ews/types/folder.ts) for a requested shape, including the
// MAPI properties clients ask for by tag (DavMail: 0x3602 content count, 0x3603 unread, 0x670A ctag).
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { Folder } from '../mailbox/model.ts';
import type { Folder as WireFolder } from '../../ews/types/folder.ts';
import type { ExtendedProperty } from '../../ews/types/extended-properties.ts';
import type { Shape } from './shape.ts';
import { folderTag } from './mapi-props.ts';

/** FolderType and its extensions carry UnreadCount; CalendarFolder and ContactsFolder do not. */
const HAS_UNREAD = new Set<Folder['kind']>(['Folder', 'SearchFolder', 'TasksFolder']);

export function folderOf(mailbox: Mailbox, f: Folder, shape: Shape): WireFolder {
  const ids = mailbox.folderId(f);
  const out: WireFolder = { element: f.kind, folderId: { id: ids.id, changeKey: ids.changeKey } };
  if (shape.base === 'IdOnly' && shape.fields.size === 0 && shape.extended.size === 0) return out;
  const want = (n: string): boolean => shape.base !== 'IdOnly' || shape.fields.has(n);
  if (f.parent && want('ParentFolderId')) {
    const p = mailbox.folderId(f.parent);
    out.parentFolderId = { id: p.id, changeKey: p.changeKey };
  }
  if (want('FolderClass') && f.folderClass) out.folderClass = f.folderClass;
  if (want('DisplayName')) out.displayName = f.displayName;
  if (want('TotalCount')) out.totalCount = f.items.size;
  if (want('ChildFolderCount')) out.childFolderCount = f.children.length;
  const extended: ExtendedProperty[] = [];
  for (const uri of shape.extended.values()) {
    const value = uri.propertyTag !== undefined ? folderTag(f, uri.propertyTag) : undefined;
    if (value !== undefined) extended.push({ uri, value });
  }
  if (extended.length > 0) out.extendedProperties = extended;
  if (HAS_UNREAD.has(f.kind) && want('UnreadCount')) {
    out.unreadCount = mailbox.unreadCount(f);
  }
  return out;
}
