// Unsubscribe: ends a pull or streaming subscription.
import { NS_MESSAGES } from '../soap/namespaces.ts';
import { requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export interface UnsubscribeInput {
  subscriptionId: string;
}
export type UnsubscribeOutput = BatchResult<null>[];

export const unsubscribe: Operation<UnsubscribeInput, UnsubscribeOutput> &
  ServerOperation<UnsubscribeInput, UnsubscribeOutput> = {
  name: 'Unsubscribe',
  buildBody: (input) =>
    new XmlWriter().start('m:Unsubscribe').leaf('m:SubscriptionId', input.subscriptionId).end().toString(),
  parseBody: (body) => parseBatch(body, 'UnsubscribeResponse', () => null),
  parseRequest: (body: XmlElement) => ({
    subscriptionId: requireChild(body, NS_MESSAGES, 'SubscriptionId').text.trim(),
  }),
  buildResponseBody: (output) =>
    buildResponseMessages('UnsubscribeResponse', 'UnsubscribeResponseMessage', output, () => undefined),
};
