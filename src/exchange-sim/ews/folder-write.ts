import type { Mailbox } from '../mailbox/mailbox.ts';
import type { Folder } from '../mailbox/model.ts';
import { escapeText } from '../../ews/soap/xml-writer.ts';
import type { Shape } from './shape.ts';
import { extendedPropertyXml, parseTag } from './extended.ts';
import { folderTag } from './mapi-props.ts';

/** t:Folder / t:CalendarFolder / t:ContactsFolder / t:TasksFolder / t:SearchFolder in BaseFolderType order. */
export function writeFolder(mailbox: Mailbox, f: Folder, shape: Shape): string {
  const ids = mailbox.folderId(f);
  const tag = `t:${f.kind}`;
  let x = `<${tag}><t:FolderId Id="${ids.id}" ChangeKey="${ids.changeKey}"/>`;
  if (shape.base === 'IdOnly' && shape.fields.size === 0 && shape.extended.size === 0) return `${x}</${tag}>`;
  const want = (n: string): boolean => shape.base !== 'IdOnly' || shape.fields.has(n);
  if (f.parent && want('ParentFolderId')) {
    const p = mailbox.folderId(f.parent);
    x += `<t:ParentFolderId Id="${p.id}" ChangeKey="${p.changeKey}"/>`;
  }
  if (want('FolderClass') && f.folderClass)
    x += `<t:FolderClass>${escapeText(f.folderClass)}</t:FolderClass>`;
  if (want('DisplayName')) x += `<t:DisplayName>${escapeText(f.displayName)}</t:DisplayName>`;
  if (want('TotalCount')) x += `<t:TotalCount>${f.items.size}</t:TotalCount>`;
  if (want('ChildFolderCount')) x += `<t:ChildFolderCount>${f.children.length}</t:ChildFolderCount>`;
  for (const uri of shape.extended.values()) {
    const value = uri['PropertyTag'] ? folderTag(f, parseTag(uri['PropertyTag'])) : undefined;
    if (value !== undefined) x += extendedPropertyXml({ uri, value });
  }
  if ((f.kind === 'Folder' || f.kind === 'SearchFolder' || f.kind === 'TasksFolder') && want('UnreadCount')) {
    let unread = 0;
    for (const i of f.items.values()) if (!i.isRead && i.kind === 'Message') unread++;
    x += `<t:UnreadCount>${unread}</t:UnreadCount>`;
  }
  return `${x}</${tag}>`;
}
