// Folder operations: parameters from the shared parsers, folders written in the shared Folder model
// (folder-write.ts) by the shared response builders.
import type { Folder } from '../../mailbox/model.ts';
import { hierarchyChanges } from '../../mailbox/sync.ts';
import { encodeId } from '../../mailbox/ids.ts';
import { getFolder as sharedGetFolder } from '../../../ews/operations/get-folder.ts';
import { findFolder as sharedFindFolder, type FolderPage } from '../../../ews/operations/find-folder.ts';
import {
  syncFolderHierarchy as sharedSyncFolderHierarchy,
  type FolderChangeEvent,
  type SyncFolderHierarchyPage,
} from '../../../ews/operations/sync-folder-hierarchy.ts';
import {
  createFolder as sharedCreateFolder,
  type CreatedFolder,
} from '../../../ews/operations/create-folder.ts';
import { deleteFolder as sharedDeleteFolder } from '../../../ews/operations/delete-folder.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError } from '../errors.ts';
import { folderOf } from '../folder-write.ts';
import { attempt, perInput, requestOf } from '../request.ts';
import { folderShape } from '../shape.ts';

export function getFolder(ctx: OpContext): string {
  const req = requestOf(sharedGetFolder, ctx);
  const shape = folderShape(req.shape);
  const results = perInput(req.folderIds, (id) => folderOf(ctx.mailbox, resolveFolder(ctx, id), shape));
  return sharedGetFolder.buildResponseBody(results);
}

export function findFolder(ctx: OpContext): string {
  const req = requestOf(sharedFindFolder, ctx);
  const shape = folderShape(req.shape);
  const view = req.view;
  const results = perInput(req.parentFolderIds, (id): FolderPage => {
    const parent = resolveFolder(ctx, id);
    const all: Folder[] = [];
    const walk = (f: Folder): void => {
      for (const c of f.children) {
        all.push(c);
        if (req.traversal === 'Deep') walk(c);
      }
    };
    walk(parent);
    const max = view?.maxEntriesReturned ?? Infinity;
    const offset = view?.offset ?? 0;
    const from = view?.basePoint === 'End' ? Math.max(0, all.length - offset - max) : offset;
    const page = all.slice(from, from + max);
    return {
      folders: page.map((f) => folderOf(ctx.mailbox, f, shape)),
      indexedPagingOffset: from + page.length,
      totalItemsInView: all.length,
      includesLastItemInRange: from + page.length >= all.length,
    };
  });
  return sharedFindFolder.buildResponseBody(results);
}

export function syncFolderHierarchy(ctx: OpContext): string {
  const req = requestOf(sharedSyncFolderHierarchy, ctx);
  const shape = folderShape(req.shape);
  const result = attempt((): SyncFolderHierarchyPage => {
    const root =
      req.folderId !== undefined ? resolveFolder(ctx, req.folderId) : ctx.mailbox.distinguished('root')!;
    let base = 0;
    if (req.syncState !== undefined) {
      const pos = ctx.sim.codec.decode(req.syncState, 'hierarchy', ctx.mailbox.no, root.entry);
      if (!pos)
        throw new ItemError(
          'ErrorInvalidSyncStateData',
          'Synchronization state data is corrupt or otherwise invalid.',
        );
      base = pos.base;
    }
    const { changes, next } = hierarchyChanges(ctx.mailbox, root, base);
    return {
      syncState: ctx.sim.codec.encode('hierarchy', ctx.mailbox.no, root.entry, { base: next, cursor: next }),
      includesLastFolderInRange: true,
      changes: changes.map((c): FolderChangeEvent =>
        c.type === 'Delete'
          ? { type: 'delete', folderId: { id: encodeId('folder', ctx.mailbox.no, c.entry) } }
          : {
              type: c.type === 'Create' ? 'create' : 'update',
              folder: folderOf(ctx.mailbox, c.folder, shape),
            },
      ),
    };
  });
  return sharedSyncFolderHierarchy.buildResponseBody([result]);
}

const CREATABLE = new Set<string>(['Folder', 'CalendarFolder', 'ContactsFolder', 'TasksFolder']);

export function createFolder(ctx: OpContext): string {
  const req = requestOf(sharedCreateFolder, ctx);
  const results = perInput(req.folders, (spec): CreatedFolder => {
    const parent = resolveFolder(ctx, req.parentFolderId);
    if (!CREATABLE.has(spec.element))
      throw new ItemError('ErrorInvalidRequest', `Folder type ${spec.element} cannot be created here.`);
    const kind = spec.element as Folder['kind'];
    const name = spec.displayName ?? '';
    // ResponseCodeType has no folder-name code: an empty DisplayName is an invalid property value on save.
    if (name === '')
      throw new ItemError(
        'ErrorFolderSavePropertyError',
        'The folder save operation failed due to invalid property values.',
      );
    if (parent.children.some((c) => c.displayName.toLowerCase() === name.toLowerCase())) {
      throw new ItemError('ErrorFolderExists', 'A folder with the specified name already exists.');
    }
    const f = ctx.mailbox.addFolder(parent, name, spec.folderClass ?? defaultClass(kind), kind);
    const ids = ctx.mailbox.folderId(f);
    return { element: kind, folderId: { id: ids.id, changeKey: ids.changeKey } };
  });
  return sharedCreateFolder.buildResponseBody(results);
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
  const req = requestOf(sharedDeleteFolder, ctx);
  const results = perInput(req.folderIds, (id) => {
    const f = resolveFolder(ctx, id);
    if (f.distinguished)
      throw new ItemError('ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
    // D: deletefolder.md: MoveToDeletedItems moves the folder to Deleted Items; HardDelete removes it and
    // SoftDelete moves it to the dumpster, which no folder view shows. A folder already in Deleted Items
    // is removed, as an item there is (DeleteItem).
    const deleted = ctx.mailbox.distinguished('deleteditems')!;
    if (req.deleteType === 'MoveToDeletedItems' && !ctx.mailbox.isUnder(f, deleted))
      ctx.mailbox.moveFolder(f, deleted);
    else ctx.mailbox.deleteFolder(f);
    return null;
  });
  return sharedDeleteFolder.buildResponseBody(results);
}
