// DeleteItem: HardDelete / SoftDelete / MoveToDeletedItems. Calendar items need SendMeetingCancellations
// (SendToNone for synchronization); task occurrences need AffectedTaskOccurrences.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';
import { readItemIds, writeItemIds, type BaseItemId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import type { SendMeetingInvitations } from './create-item.ts';

export type DeleteType = 'HardDelete' | 'SoftDelete' | 'MoveToDeletedItems';
export type AffectedTaskOccurrences = 'AllOccurrences' | 'SpecifiedOccurrenceOnly';

export interface DeleteItemInput {
  itemIds: BaseItemId[];
  deleteType: DeleteType;
  sendMeetingCancellations?: SendMeetingInvitations;
  affectedTaskOccurrences?: AffectedTaskOccurrences;
  suppressReadReceipts?: boolean;
}
export type DeleteItemOutput = BatchResult<null>[];

export const deleteItem: Operation<DeleteItemInput, DeleteItemOutput> &
  ServerOperation<DeleteItemInput, DeleteItemOutput> = {
  name: 'DeleteItem',
  buildBody(input) {
    if (input.itemIds.length === 0) throw new EwsRequestError('DeleteItem needs at least one item id.');
    const w = new XmlWriter().start('m:DeleteItem', {
      DeleteType: input.deleteType,
      SendMeetingCancellations: input.sendMeetingCancellations,
      AffectedTaskOccurrences: input.affectedTaskOccurrences,
      SuppressReadReceipts: input.suppressReadReceipts,
    });
    writeItemIds(w, 'm:ItemIds', input.itemIds);
    return w.end().toString();
  },
  parseBody: (body) => parseBatch(body, 'DeleteItemResponse', () => null),
  parseRequest(body: XmlElement) {
    const input: DeleteItemInput = {
      itemIds: readItemIds(requireChild(body, NS_MESSAGES, 'ItemIds')),
      deleteType: (body.attrs['DeleteType'] ?? 'HardDelete') as DeleteType,
    };
    const a = body.attrs;
    if (a['SendMeetingCancellations'] !== undefined) {
      input.sendMeetingCancellations = a['SendMeetingCancellations'] as SendMeetingInvitations;
    }
    if (a['AffectedTaskOccurrences'] !== undefined) {
      input.affectedTaskOccurrences = a['AffectedTaskOccurrences'] as AffectedTaskOccurrences;
    }
    if (a['SuppressReadReceipts'] !== undefined)
      input.suppressReadReceipts = a['SuppressReadReceipts'] === 'true';
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('DeleteItemResponse', 'DeleteItemResponseMessage', output, () => undefined),
};
