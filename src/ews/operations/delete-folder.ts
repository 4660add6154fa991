// DeleteFolder: folders by id with a DeleteType (HardDelete / SoftDelete / MoveToDeletedItems), one result
// per id. Distinguished folders cannot be deleted (ErrorDeleteDistinguishedFolder).
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';
import { requiredEnumAttr } from '../types/codec.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { DELETE_TYPES, type DeleteType } from './delete-item.ts';

export interface DeleteFolderInput {
  folderIds: BaseFolderId[];
  deleteType: DeleteType;
}
export type DeleteFolderOutput = BatchResult<null>[];

export const deleteFolder: Operation<DeleteFolderInput, DeleteFolderOutput> &
  ServerOperation<DeleteFolderInput, DeleteFolderOutput> = {
  name: 'DeleteFolder',
  buildBody(input) {
    if (input.folderIds.length === 0) throw new EwsRequestError('DeleteFolder needs at least one folder id.');
    const w = new XmlWriter().start('m:DeleteFolder', { DeleteType: input.deleteType });
    writeFolderIds(w, 'm:FolderIds', input.folderIds);
    return w.end().toString();
  },
  parseBody: (body) => parseBatch(body, 'DeleteFolderResponse', () => null),
  parseRequest: (body: XmlElement) => ({
    deleteType: requiredEnumAttr(body, 'DeleteType', DELETE_TYPES),
    folderIds: readFolderIds(requireChild(body, NS_MESSAGES, 'FolderIds')),
  }),
  buildResponseBody: (output) =>
    buildResponseMessages('DeleteFolderResponse', 'DeleteFolderResponseMessage', output, () => undefined),
};
