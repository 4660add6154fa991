// DeleteItem: HardDelete / SoftDelete / MoveToDeletedItems. Calendar items need SendMeetingCancellations
// (SendToNone for synchronization); task occurrences need AffectedTaskOccurrences.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';
import { enumAttr, requiredEnumAttr } from '../types/codec.ts';
import { readItemIds, writeItemIds, type BaseItemId } from '../types/ids.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';
import { SEND_MEETING_INVITATIONS } from './create-item.ts';
import type { SendMeetingInvitations } from './create-item.ts';

export const DELETE_TYPES = ['HardDelete', 'SoftDelete', 'MoveToDeletedItems'] as const;
export type DeleteType = (typeof DELETE_TYPES)[number];
export const AFFECTED_TASK_OCCURRENCES = ['AllOccurrences', 'SpecifiedOccurrenceOnly'] as const;
export type AffectedTaskOccurrences = (typeof AFFECTED_TASK_OCCURRENCES)[number];

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
      deleteType: requiredEnumAttr(body, 'DeleteType', DELETE_TYPES),
      itemIds: readItemIds(requireChild(body, NS_MESSAGES, 'ItemIds')),
    };
    const a = body.attrs;
    const cancellations = enumAttr(body, 'SendMeetingCancellations', SEND_MEETING_INVITATIONS);
    if (cancellations !== undefined) input.sendMeetingCancellations = cancellations;
    const affected = enumAttr(body, 'AffectedTaskOccurrences', AFFECTED_TASK_OCCURRENCES);
    if (affected !== undefined) input.affectedTaskOccurrences = affected;
    if (a['SuppressReadReceipts'] !== undefined)
      input.suppressReadReceipts = a['SuppressReadReceipts'] === 'true';
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('DeleteItemResponse', 'DeleteItemResponseMessage', output, () => undefined),
};
