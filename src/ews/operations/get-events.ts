// GetEvents: the events of a pull subscription since a watermark. Save the last event's watermark for the
// next call; MoreEvents=true means call again at once.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import { readNotification, writeNotification, type Notification } from '../types/notifications.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface GetEventsInput {
  subscriptionId: string;
  watermark: string;
}
export type GetEventsOutput = BatchResult<Notification>[];

export const getEvents: Operation<GetEventsInput, GetEventsOutput> &
  ServerOperation<GetEventsInput, GetEventsOutput> = {
  name: 'GetEvents',
  buildBody: (input) =>
    new XmlWriter()
      .start('m:GetEvents')
      .leaf('m:SubscriptionId', input.subscriptionId)
      .leaf('m:Watermark', input.watermark)
      .end()
      .toString(),
  parseBody: (body) =>
    parseBatch(body, 'GetEventsResponse', (msg) => {
      const n = child(msg, NS_MESSAGES, 'Notification');
      if (n === undefined) throw new EwsProtocolError('GetEventsResponseMessage without Notification.');
      return readNotification(n);
    }),
  parseRequest: (body: XmlElement) => ({
    subscriptionId: requireChild(body, NS_MESSAGES, 'SubscriptionId').text.trim(),
    watermark: requireChild(body, NS_MESSAGES, 'Watermark').text.trim(),
  }),
  buildResponseBody: (output) =>
    buildResponseMessages('GetEventsResponse', 'GetEventsResponseMessage', output, (w, n) =>
      writeNotification(w, 'm:Notification', n),
    ),
};
