import { child, childrenOf } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES } from '../../../ews/soap/namespaces.ts';

import type { Folder } from '../../mailbox/model.ts';
import { hierarchyChanges } from '../../mailbox/sync.ts';
import { encodeId } from '../../mailbox/ids.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError, schemaFault } from '../errors.ts';
import { writeFolder } from '../folder-write.ts';
import { failure, perItem, success, wrap } from '../response.ts';
import { shapeOf } from '../shape.ts';

function folderIds(ctx: OpContext, container: string) {
  const el = child(ctx.body, NS_MESSAGES, container);
  if (!el)
    throw schemaFault(
      `The element '${ctx.body.local}' has incomplete content. List of possible elements expected: '${container}'.`,
    );
  return el.children;
}

export function getFolder(ctx: OpContext): string {
  const shape = shapeOf(ctx.body, 'FolderShape');
  const msgs = perItem(folderIds(ctx, 'FolderIds'), 'GetFolderResponseMessage', (el) => {
    const f = resolveFolder(ctx, el);
    return `<m:Folders>${writeFolder(ctx.mailbox, f, shape)}</m:Folders>`;
  });
  return wrap('GetFolder', msgs);
}

export function findFolder(ctx: OpContext): string {
  const shape = shapeOf(ctx.body, 'FolderShape');
  const traversal = ctx.body.attrs['Traversal'] ?? 'Shallow';
  if (!['Shallow', 'Deep', 'SoftDeleted'].includes(traversal)) {
    throw schemaFault(
      `The 'Traversal' attribute is invalid - The value '${traversal}' is invalid according to its datatype 'FolderQueryTraversalType' - The Enumeration constraint failed.`,
    );
  }
  const view = child(ctx.body, NS_MESSAGES, 'IndexedPageFolderView');
  const max = view?.attrs['MaxEntriesReturned'] ? Number(view.attrs['MaxEntriesReturned']) : Infinity;
  const offset = Number(view?.attrs['Offset'] ?? 0);
  const msgs = perItem(folderIds(ctx, 'ParentFolderIds'), 'FindFolderResponseMessage', (el) => {
    const parent = resolveFolder(ctx, el);
    const all: Folder[] = [];
    const walk = (f: Folder): void => {
      for (const c of f.children) {
        all.push(c);
        if (traversal === 'Deep') walk(c);
      }
    };
    walk(parent);
    const from = view?.attrs['BasePoint'] === 'End' ? Math.max(0, all.length - offset - max) : offset;
    const page = all.slice(from, from + max);
    const last = from + page.length >= all.length;
    return `<m:RootFolder IndexedPagingOffset="${from + page.length}" TotalItemsInView="${all.length}" IncludesLastItemInRange="${last}"><t:Folders>${page.map((f) => writeFolder(ctx.mailbox, f, shape)).join('')}</t:Folders></m:RootFolder>`;
  });
  return wrap('FindFolder', msgs);
}

export function syncFolderHierarchy(ctx: OpContext): string {
  const shape = shapeOf(ctx.body, 'FolderShape');
  const rootEl = child(ctx.body, NS_MESSAGES, 'SyncFolderId');
  const name = 'SyncFolderHierarchyResponseMessage';
  try {
    const root = rootEl?.children[0]
      ? resolveFolder(ctx, rootEl.children[0])
      : ctx.mailbox.distinguished('root')!;
    const stateText = child(ctx.body, NS_MESSAGES, 'SyncState')?.text.trim() ?? '';
    let base = 0;
    if (stateText !== '') {
      const pos = ctx.sim.codec.decode(stateText, 'hierarchy', ctx.mailbox.no, root.entry);
      if (!pos)
        throw new ItemError(
          'ErrorInvalidSyncStateData',
          'Synchronization state data is corrupt or otherwise invalid.',
        );
      base = pos.base;
    }
    const { changes, next } = hierarchyChanges(ctx.mailbox, root, base);
    let x = '';
    for (const c of changes) {
      if (c.type === 'Delete')
        x += `<t:Delete><t:FolderId Id="${encodeId('folder', ctx.mailbox.no, c.entry)}"/></t:Delete>`;
      else x += `<t:${c.type}>${writeFolder(ctx.mailbox, c.folder, shape)}</t:${c.type}>`;
    }
    const state = ctx.sim.codec.encode('hierarchy', ctx.mailbox.no, root.entry, { base: next, cursor: next });
    return wrap(
      'SyncFolderHierarchy',
      success(
        name,
        `<m:SyncState>${state}</m:SyncState><m:IncludesLastFolderInRange>true</m:IncludesLastFolderInRange><m:Changes>${x}</m:Changes>`,
      ),
    );
  } catch (err) {
    if (!(err instanceof ItemError)) throw err;
    return wrap(
      'SyncFolderHierarchy',
      failure(name, err, '<m:SyncState/><m:IncludesLastFolderInRange>true</m:IncludesLastFolderInRange>'),
    );
  }
}

const KIND_BY_ELEMENT: Record<string, Folder['kind']> = {
  Folder: 'Folder',
  CalendarFolder: 'CalendarFolder',
  ContactsFolder: 'ContactsFolder',
  TasksFolder: 'TasksFolder',
};

export function createFolder(ctx: OpContext): string {
  const parentEl = child(ctx.body, NS_MESSAGES, 'ParentFolderId')?.children[0];
  const folders = child(ctx.body, NS_MESSAGES, 'Folders')?.children ?? [];
  if (!parentEl)
    throw schemaFault(
      "The element 'CreateFolder' has incomplete content. List of possible elements expected: 'ParentFolderId'.",
    );
  const msgs = perItem(folders, 'CreateFolderResponseMessage', (el) => {
    const parent = resolveFolder(ctx, parentEl);
    const kind = KIND_BY_ELEMENT[el.local];
    if (!kind) throw new ItemError('ErrorInvalidRequest', `Folder type ${el.local} cannot be created here.`);
    const name = child(el, NS_TYPES, 'DisplayName')?.text ?? '';
    if (name === '') throw new ItemError('ErrorInvalidFolderName', 'The folder name is missing or invalid.');
    if (parent.children.some((c) => c.displayName.toLowerCase() === name.toLowerCase())) {
      throw new ItemError('ErrorFolderExists', 'A folder with the specified name already exists.');
    }
    const cls = child(el, NS_TYPES, 'FolderClass')?.text ?? defaultClass(kind);
    const f = ctx.mailbox.addFolder(parent, name, cls, kind);
    const ids = ctx.mailbox.folderId(f);
    return `<m:Folders><t:${kind}><t:FolderId Id="${ids.id}" ChangeKey="${ids.changeKey}"/></t:${kind}></m:Folders>`;
  });
  return wrap('CreateFolder', msgs);
}

function defaultClass(kind: Folder['kind']): string {
  return {
    Folder: 'IPF.Note',
    CalendarFolder: 'IPF.Appointment',
    ContactsFolder: 'IPF.Contact',
    TasksFolder: 'IPF.Task',
    SearchFolder: 'IPF.Note',
  }[kind];
}

export function deleteFolder(ctx: OpContext): string {
  const msgs = perItem(
    childrenOf(child(ctx.body, NS_MESSAGES, 'FolderIds') ?? ctx.body, NS_TYPES),
    'DeleteFolderResponseMessage',
    (el) => {
      const f = resolveFolder(ctx, el);
      if (f.distinguished)
        throw new ItemError('ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
      ctx.mailbox.deleteFolder(f);
      return '';
    },
  );
  return wrap('DeleteFolder', msgs);
}
