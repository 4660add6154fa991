// SyncFolderHierarchy: folder changes under a root (omit = whole mailbox) since a SyncState.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import { parseBool } from '../types/codec.ts';
import {
  readBaseFolderId,
  readItemId,
  writeFolderIds,
  type BaseFolderId,
  type FolderId,
} from '../types/ids.ts';
import { readFolderShape, writeFolderShape, type FolderShape } from '../types/shapes.ts';
import { isFolderElement, readFolder, writeFolder, type Folder } from '../types/folder.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, emptySyncPage, parseBatch } from './response-messages.ts';

export interface SyncFolderHierarchyInput {
  shape: FolderShape;
  folderId?: BaseFolderId;
  syncState?: string;
}

export type FolderChangeEvent =
  | { type: 'create'; folder: Folder }
  | { type: 'update'; folder: Folder }
  | { type: 'delete'; folderId: FolderId };

export interface SyncFolderHierarchyPage {
  syncState: string;
  includesLastFolderInRange: boolean;
  changes: FolderChangeEvent[];
}
export type SyncFolderHierarchyOutput = BatchResult<SyncFolderHierarchyPage>[];

function readChange(el: XmlElement): FolderChangeEvent | undefined {
  if (el.ns !== NS_TYPES) return undefined;
  if (el.local === 'Create' || el.local === 'Update') {
    const f = el.children.find(isFolderElement);
    if (f === undefined) throw new EwsProtocolError(`${el.local} change without a folder.`);
    return { type: el.local === 'Create' ? 'create' : 'update', folder: readFolder(f) };
  }
  if (el.local === 'Delete')
    return { type: 'delete', folderId: readItemId(requireChild(el, NS_TYPES, 'FolderId')) };
  return undefined;
}

export const syncFolderHierarchy: Operation<SyncFolderHierarchyInput, SyncFolderHierarchyOutput> &
  ServerOperation<SyncFolderHierarchyInput, SyncFolderHierarchyOutput> = {
  name: 'SyncFolderHierarchy',
  buildBody(input) {
    const w = new XmlWriter().start('m:SyncFolderHierarchy');
    writeFolderShape(w, 'm:FolderShape', input.shape);
    if (input.folderId !== undefined) writeFolderIds(w, 'm:SyncFolderId', [input.folderId]);
    if (input.syncState !== undefined && input.syncState !== '') w.leaf('m:SyncState', input.syncState);
    return w.end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'SyncFolderHierarchyResponse', (msg) => {
      const changes: FolderChangeEvent[] = [];
      const changesEl = child(msg, NS_MESSAGES, 'Changes');
      for (const c of changesEl?.children ?? []) {
        const change = readChange(c);
        if (change !== undefined) changes.push(change);
      }
      return {
        syncState: child(msg, NS_MESSAGES, 'SyncState')?.text.trim() ?? '',
        includesLastFolderInRange: parseBool(
          requireChild(msg, NS_MESSAGES, 'IncludesLastFolderInRange').text,
        ),
        changes,
      };
    }),
  parseRequest(body: XmlElement) {
    const input: SyncFolderHierarchyInput = {
      shape: readFolderShape(requireChild(body, NS_MESSAGES, 'FolderShape')),
    };
    const sf = child(body, NS_MESSAGES, 'SyncFolderId');
    const id = sf?.children.map(readBaseFolderId).find((f) => f !== undefined);
    if (id !== undefined) input.folderId = id;
    const st = child(body, NS_MESSAGES, 'SyncState');
    if (st !== undefined && st.text.trim() !== '') input.syncState = st.text.trim();
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages(
      'SyncFolderHierarchyResponse',
      'SyncFolderHierarchyResponseMessage',
      output,
      (w, page) => {
        w.leaf('m:SyncState', page.syncState);
        w.leaf('m:IncludesLastFolderInRange', page.includesLastFolderInRange);
        w.start('m:Changes');
        for (const c of page.changes) {
          if (c.type === 'delete') {
            w.start('t:Delete')
              .empty('t:FolderId', { Id: c.folderId.id, ChangeKey: c.folderId.changeKey })
              .end();
          } else {
            w.start(c.type === 'create' ? 't:Create' : 't:Update');
            writeFolder(w, c.folder);
            w.end();
          }
        }
        w.end();
      },
      undefined,
      emptySyncPage('IncludesLastFolderInRange'),
    ),
};
