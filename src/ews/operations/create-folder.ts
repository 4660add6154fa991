// CreateFolder: new folders (Folder, CalendarFolder, ContactsFolder, TasksFolder...) under one parent.
// Each result carries the new folder's FolderId.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { readBaseFolderId, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import { readFolders, writeFolder, type Folder } from '../types/folder.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface CreateFolderInput {
  parentFolderId: BaseFolderId;
  folders: Folder[];
}
/** The created folder as the server answered it (its element and FolderId). */
export type CreateFolderOutput = BatchResult<Folder>[];

export const createFolder: Operation<CreateFolderInput, CreateFolderOutput> &
  ServerOperation<CreateFolderInput, CreateFolderOutput> = {
  name: 'CreateFolder',
  buildBody(input) {
    if (input.folders.length === 0) throw new EwsRequestError('CreateFolder needs at least one folder.');
    const w = new XmlWriter().start('m:CreateFolder');
    writeFolderIds(w, 'm:ParentFolderId', [input.parentFolderId]);
    w.start('m:Folders');
    for (const f of input.folders) writeFolder(w, f);
    return w.end().end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'CreateFolderResponse', (msg) => {
      const list = child(msg, NS_MESSAGES, 'Folders');
      const f = list === undefined ? undefined : readFolders(list)[0];
      if (f === undefined) throw new EwsProtocolError('CreateFolderResponseMessage without a folder.');
      return f;
    }),
  parseRequest(body: XmlElement) {
    const parent = requireChild(body, NS_MESSAGES, 'ParentFolderId')
      .children.map(readBaseFolderId)
      .find((f) => f !== undefined);
    if (parent === undefined) {
      throw new EwsProtocolError(
        "The element 'ParentFolderId' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId'.",
      );
    }
    return { parentFolderId: parent, folders: readFolders(requireChild(body, NS_MESSAGES, 'Folders')) };
  },
  buildResponseBody: (output) =>
    buildResponseMessages('CreateFolderResponse', 'CreateFolderResponseMessage', output, (w, f) => {
      w.start('m:Folders');
      writeFolder(w, f);
      w.end();
    }),
};
