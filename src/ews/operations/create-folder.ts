// CreateFolder: new folders under one parent; each result is the new folder's FolderId (Exchange returns
// only the id, no other properties).
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { readBaseFolderId, writeFolderIds, type BaseFolderId, type FolderId } from '../types/ids.ts';
import { readFolders, writeFolder, type Folder } from '../types/folder.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface CreateFolderInput {
  parentFolderId: BaseFolderId;
  /** Each needs a displayName; element picks Folder, CalendarFolder, ContactsFolder or TasksFolder. */
  folders: Folder[];
}

export interface CreatedFolder {
  element: Folder['element'];
  folderId: FolderId;
}
export type CreateFolderOutput = BatchResult<CreatedFolder>[];

export const createFolder: Operation<CreateFolderInput, CreateFolderOutput> &
  ServerOperation<CreateFolderInput, CreateFolderOutput> = {
  name: 'CreateFolder',
  buildBody(input) {
    if (input.folders.length === 0) throw new EwsRequestError('CreateFolder needs at least one folder.');
    for (const f of input.folders) {
      if (!f.displayName) throw new EwsRequestError('CreateFolder needs a DisplayName for every folder.');
      if (f.folderId !== undefined || f.parentFolderId !== undefined)
        throw new EwsRequestError('A folder to create cannot carry a FolderId or ParentFolderId.');
    }
    const w = new XmlWriter().start('m:CreateFolder');
    writeFolderIds(w, 'm:ParentFolderId', [input.parentFolderId]);
    w.start('m:Folders');
    for (const f of input.folders) writeFolder(w, f);
    return w.end().end().toString();
  },
  parseBody(body) {
    return parseBatch(body, 'CreateFolderResponse', (msg) => {
      const folders = child(msg, NS_MESSAGES, 'Folders');
      const f = folders === undefined ? undefined : readFolders(folders)[0];
      if (f?.folderId === undefined)
        throw new EwsProtocolError('CreateFolderResponseMessage without the new FolderId.');
      return { element: f.element, folderId: f.folderId };
    });
  },
  parseRequest(body: XmlElement) {
    const parent = requireChild(body, NS_MESSAGES, 'ParentFolderId')
      .children.map(readBaseFolderId)
      .find((f) => f !== undefined);
    if (parent === undefined) {
      throw new EwsProtocolError(
        "The element 'ParentFolderId' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId'.",
      );
    }
    return {
      parentFolderId: parent,
      folders: readFolders(requireChild(body, NS_MESSAGES, 'Folders')),
    };
  },
  buildResponseBody: (output) =>
    buildResponseMessages('CreateFolderResponse', 'CreateFolderResponseMessage', output, (w, f) => {
      w.start('m:Folders');
      writeFolder(w, { element: f.element, folderId: f.folderId });
      w.end();
    }),
};
