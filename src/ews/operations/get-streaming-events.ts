// GetStreamingEvents: the request, and the parse of ONE envelope's body. The HTTP response is a long
// chunked body of many envelopes (notifications, keep-alives with ConnectionStatus OK, a final Closed);
// splitting that stream is the transport's job (src/ews/notifications).
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError, type ResponseMessageError } from '../errors.ts';
import { readNotification, writeNotification, type Notification } from '../types/notifications.ts';
import type { Operation, ServerOperation } from './operation.ts';
import { isSuccessMessage, responseMessageError, responseMessagesOf } from './response-messages.ts';
import type { ResponseMessageFailure } from './response-messages.ts';

export const MAX_STREAMING_SUBSCRIPTIONS = 200;

export interface GetStreamingEventsInput {
  subscriptionIds: string[];
  /** 1..30 minutes; the server then closes the stream with ConnectionStatus=Closed. */
  connectionTimeoutMinutes: number;
}

export type ConnectionStatus = 'OK' | 'Closed';

/** One ResponseMessage of one envelope of the stream. */
export interface StreamingEventsMessage {
  notifications: Notification[];
  connectionStatus?: ConnectionStatus;
  /** Subscriptions this message reports as failed (with `error`). */
  errorSubscriptionIds: string[];
  error?: ResponseMessageError;
}
export type GetStreamingEventsOutput = StreamingEventsMessage[];

/** What the simulator sends in one envelope. */
export interface StreamingEventsReply {
  notifications?: Notification[];
  connectionStatus?: ConnectionStatus;
  errorSubscriptionIds?: string[];
  error?: ResponseMessageFailure;
}

function readMessage(msg: XmlElement): StreamingEventsMessage {
  const out: StreamingEventsMessage = { notifications: [], errorSubscriptionIds: [] };
  const ns = child(msg, NS_MESSAGES, 'Notifications');
  if (ns !== undefined) {
    out.notifications = ns.children.filter((c) => c.local === 'Notification').map(readNotification);
  }
  const errs = child(msg, NS_MESSAGES, 'ErrorSubscriptionIds');
  if (errs !== undefined) {
    out.errorSubscriptionIds = errs.children
      .filter((c) => c.ns === NS_TYPES && c.local === 'SubscriptionId')
      .map((c) => c.text.trim());
  }
  const status = child(msg, NS_MESSAGES, 'ConnectionStatus');
  if (status !== undefined) out.connectionStatus = status.text.trim() as ConnectionStatus;
  if (!isSuccessMessage(msg)) out.error = responseMessageError(msg);
  return out;
}

export const getStreamingEvents: Operation<GetStreamingEventsInput, GetStreamingEventsOutput> &
  ServerOperation<GetStreamingEventsInput, StreamingEventsReply[]> = {
  name: 'GetStreamingEvents',
  buildBody(input) {
    const n = input.subscriptionIds.length;
    if (n === 0 || n > MAX_STREAMING_SUBSCRIPTIONS) {
      throw new EwsRequestError(
        `GetStreamingEvents takes 1..${MAX_STREAMING_SUBSCRIPTIONS} subscription ids, got ${n}.`,
      );
    }
    const t = input.connectionTimeoutMinutes;
    if (!Number.isInteger(t) || t < 1 || t > 30) {
      throw new EwsRequestError(`ConnectionTimeout must be 1..30 minutes, got ${t}.`);
    }
    const w = new XmlWriter().start('m:GetStreamingEvents').start('m:SubscriptionIds');
    for (const id of input.subscriptionIds) w.leaf('t:SubscriptionId', id);
    w.end().leaf('m:ConnectionTimeout', t);
    return w.end().toString();
  },
  parseBody: (body) => responseMessagesOf(body, 'GetStreamingEventsResponse').map(readMessage),
  parseRequest(body: XmlElement) {
    const subscriptionIds = requireChild(body, NS_MESSAGES, 'SubscriptionIds')
      .children.filter((c) => c.ns === NS_TYPES && c.local === 'SubscriptionId')
      .map((c) => c.text.trim());
    if (subscriptionIds.length === 0) {
      throw new EwsProtocolError(
        "The element 'SubscriptionIds' has incomplete content. List of possible elements expected: 'SubscriptionId'.",
      );
    }
    const text = requireChild(body, NS_MESSAGES, 'ConnectionTimeout').text.trim();
    const minutes = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(minutes >= 1 && minutes <= 30)) {
      throw new EwsProtocolError(
        `The 'http://schemas.microsoft.com/exchange/services/2006/messages:ConnectionTimeout' element is invalid - The value '${text}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:StreamingSubscriptionConnectionTimeoutType'.`,
      );
    }
    return { subscriptionIds, connectionTimeoutMinutes: minutes };
  },
  buildResponseBody(replies) {
    const w = new XmlWriter().start('m:GetStreamingEventsResponse').start('m:ResponseMessages');
    for (const r of replies) {
      w.start('m:GetStreamingEventsResponseMessage', {
        ResponseClass: r.error?.responseClass ?? (r.error ? 'Error' : 'Success'),
      });
      if (r.error !== undefined) {
        w.leaf('m:MessageText', r.error.messageText).leaf(
          'm:ResponseCode',
          r.error.rawResponseCode ?? r.error.responseCode,
        );
        w.leaf('m:DescriptiveLinkKey', 0);
      } else {
        w.leaf('m:ResponseCode', 'NoError');
      }
      if (r.notifications !== undefined && r.notifications.length > 0) {
        w.start('m:Notifications');
        for (const n of r.notifications) writeNotification(w, 't:Notification', n);
        w.end();
      }
      if (r.errorSubscriptionIds !== undefined && r.errorSubscriptionIds.length > 0) {
        w.start('m:ErrorSubscriptionIds');
        for (const id of r.errorSubscriptionIds) w.leaf('t:SubscriptionId', id);
        w.end();
      }
      w.leafOpt('m:ConnectionStatus', r.connectionStatus);
      w.end();
    }
    return w.end().end().toString();
  },
};
