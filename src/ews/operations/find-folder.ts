// FindFolder: child folders of one or more parents (Shallow / Deep / SoftDeleted), optionally paged.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import { readFolderShape, readView, writeFolderShape, writeView } from '../types/shapes.ts';
import type { FolderShape, FolderView } from '../types/shapes.ts';
import { readRestriction, writeRestriction, type SearchExpression } from '../types/restrictions.ts';
import { readFolders, writeFolder, type Folder } from '../types/folder.ts';
import { boolAttr, enumAttr } from '../types/codec.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export const FOLDER_TRAVERSALS = ['Shallow', 'Deep', 'SoftDeleted'] as const;
export type FolderTraversal = (typeof FOLDER_TRAVERSALS)[number];

export interface FindFolderInput {
  parentFolderIds: BaseFolderId[];
  shape: FolderShape;
  traversal: FolderTraversal;
  view?: FolderView;
  restriction?: SearchExpression;
}

export interface FolderPage {
  folders: Folder[];
  indexedPagingOffset?: number;
  totalItemsInView?: number;
  includesLastItemInRange?: boolean;
}
export type FindFolderOutput = BatchResult<FolderPage>[];

export const findFolder: Operation<FindFolderInput, FindFolderOutput> &
  ServerOperation<FindFolderInput, FindFolderOutput> = {
  name: 'FindFolder',
  buildBody(input) {
    const w = new XmlWriter().start('m:FindFolder', { Traversal: input.traversal });
    writeFolderShape(w, 'm:FolderShape', input.shape);
    if (input.view !== undefined) writeView(w, input.view, 'Folder');
    if (input.restriction !== undefined) writeRestriction(w, input.restriction);
    writeFolderIds(w, 'm:ParentFolderIds', input.parentFolderIds);
    return w.end().toString();
  },
  parseBody(body) {
    return parseBatch(body, 'FindFolderResponse', (msg) => {
      const root = child(msg, NS_MESSAGES, 'RootFolder');
      const page: FolderPage = { folders: [] };
      if (root === undefined) return page;
      const folders = child(root, NS_TYPES, 'Folders');
      if (folders !== undefined) page.folders = readFolders(folders);
      const a = root.attrs;
      if (a['IndexedPagingOffset'] !== undefined) page.indexedPagingOffset = Number(a['IndexedPagingOffset']);
      if (a['TotalItemsInView'] !== undefined) page.totalItemsInView = Number(a['TotalItemsInView']);
      const last = boolAttr(a['IncludesLastItemInRange']);
      if (last !== undefined) page.includesLastItemInRange = last;
      return page;
    });
  },
  parseRequest(body: XmlElement) {
    const input: FindFolderInput = {
      shape: readFolderShape(requireChild(body, NS_MESSAGES, 'FolderShape')),
      parentFolderIds: readFolderIds(requireChild(body, NS_MESSAGES, 'ParentFolderIds')),
      traversal: enumAttr(body, 'Traversal', FOLDER_TRAVERSALS) ?? 'Shallow',
    };
    const viewEl = child(body, NS_MESSAGES, 'IndexedPageFolderView');
    const view = viewEl === undefined ? undefined : readView(viewEl);
    if (view !== undefined && view.type === 'IndexedPage') input.view = view;
    const r = child(body, NS_MESSAGES, 'Restriction');
    if (r !== undefined) input.restriction = readRestriction(r);
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('FindFolderResponse', 'FindFolderResponseMessage', output, (w, page) => {
      w.start('m:RootFolder', {
        IndexedPagingOffset: page.indexedPagingOffset,
        TotalItemsInView: page.totalItemsInView ?? page.folders.length,
        IncludesLastItemInRange: page.includesLastItemInRange ?? true,
      });
      w.start('t:Folders');
      for (const f of page.folders) writeFolder(w, f);
      w.end().end();
    }),
};
