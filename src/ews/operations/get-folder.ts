// GetFolder: folders by id (FolderId or DistinguishedFolderId), one result per id.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import { readFolderShape, writeFolderShape, type FolderShape } from '../types/shapes.ts';
import { readFolders, writeFolder, type Folder } from '../types/folder.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface GetFolderInput {
  folderIds: BaseFolderId[];
  shape: FolderShape;
}
export type GetFolderOutput = BatchResult<Folder>[];

export const getFolder: Operation<GetFolderInput, GetFolderOutput> &
  ServerOperation<GetFolderInput, GetFolderOutput> = {
  name: 'GetFolder',
  buildBody(input) {
    if (input.folderIds.length === 0) throw new EwsRequestError('GetFolder needs at least one folder id.');
    const w = new XmlWriter().start('m:GetFolder');
    writeFolderShape(w, 'm:FolderShape', input.shape);
    writeFolderIds(w, 'm:FolderIds', input.folderIds);
    return w.end().toString();
  },
  parseBody(body) {
    return parseBatch(body, 'GetFolderResponse', (msg) => {
      const folders = child(msg, NS_MESSAGES, 'Folders');
      const f = folders === undefined ? undefined : readFolders(folders)[0];
      if (f === undefined) throw new EwsProtocolError('GetFolderResponseMessage without a folder.');
      return f;
    });
  },
  parseRequest(body: XmlElement) {
    return {
      shape: readFolderShape(requireChild(body, NS_MESSAGES, 'FolderShape')),
      folderIds: readFolderIds(requireChild(body, NS_MESSAGES, 'FolderIds')),
    };
  },
  buildResponseBody: (output) =>
    buildResponseMessages('GetFolderResponse', 'GetFolderResponseMessage', output, (w, f) => {
      w.start('m:Folders');
      writeFolder(w, f);
      w.end();
    }),
};
