// Push notifications (D: statusfrequency.md, SendNotification/SendNotificationResult in messages.xsd): the
// server POSTs a SOAP SendNotification request to the subscription's URL, one SendNotificationResponseMessage
// per notification (events, or a StatusEvent as a heartbeat every StatusFrequency minutes), and the receiver
// answers SendNotificationResult with SubscriptionStatus OK (keep sending) or Unsubscribe (drop it).
// Both halves are here: the receiver's (parse the request, build the reply) and the sender's (build the
// request, read the reply), so voxsync can receive pushes and the simulator can send them.
import { NS_MESSAGES, NS_SOAP } from '../soap/namespaces.ts';
import { buildRequestEnvelope, ENVELOPE_OPEN, type ExchangeVersion } from '../soap/envelope.ts';
import { child, parseXml, requireChild } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import { readNotification, writeNotification, type Notification } from '../types/notifications.ts';
import type { BatchResult } from '../operations/operation.ts';
import { buildResponseMessages, parseBatch } from '../operations/response-messages.ts';

export type SubscriptionStatus = 'OK' | 'Unsubscribe';

/** Bound for an incoming SendNotification body (a batch of events is a few KiB; refuse floods). */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;

/** The SendNotification request envelope a server sends to the push URL. */
export function buildSendNotification(
  notifications: readonly Notification[],
  serverVersion: ExchangeVersion = 'Exchange2016',
): string {
  if (notifications.length === 0) throw new EwsProtocolError('SendNotification needs a notification.');
  const body = buildResponseMessages(
    'SendNotification',
    'SendNotificationResponseMessage',
    notifications.map((n) => ({ ok: true as const, value: n })),
    (w, n) => writeNotification(w, 'm:Notification', n),
  );
  return buildRequestEnvelope(body, { serverVersion });
}

/**
 * Reads a SendNotification request as the receiver gets it (raw HTTP body): one result per response
 * message. Anything that is not a well-formed SendNotification envelope throws (XmlParseError or
 * EwsProtocolError); answer such a request with HTTP 400, not with a SendNotificationResult.
 */
export function parseSendNotification(input: string | Uint8Array): BatchResult<Notification>[] {
  const root = parseXml(input, { maxBytes: MAX_PUSH_BYTES });
  if (root.ns !== NS_SOAP || root.local !== 'Envelope')
    throw new EwsProtocolError(`Expected a SOAP Envelope, got <${root.local}>.`);
  const body = requireChild(root, NS_SOAP, 'Body');
  const send = child(body, NS_MESSAGES, 'SendNotification');
  if (!send) throw new EwsProtocolError('The SOAP body holds no SendNotification.');
  return parseBatch(send, 'SendNotification', (msg) =>
    readNotification(requireChild(msg, NS_MESSAGES, 'Notification')),
  );
}

/** The receiver's reply envelope (HTTP 200, text/xml): keep the subscription (OK) or end it (Unsubscribe). */
export function buildSendNotificationResult(status: SubscriptionStatus): string {
  const w = new XmlWriter().start('m:SendNotificationResult').leaf('m:SubscriptionStatus', status).end();
  return `<?xml version="1.0" encoding="utf-8"?>${ENVELOPE_OPEN}<s:Body>${w.toString()}</s:Body></s:Envelope>`;
}

/** Reads the receiver's reply (the sender's side); throws when it is not a SendNotificationResult. */
export function parseSendNotificationResult(input: string | Uint8Array): SubscriptionStatus {
  const root = parseXml(input, { maxBytes: 64 * 1024 });
  if (root.ns !== NS_SOAP || root.local !== 'Envelope')
    throw new EwsProtocolError(`Expected a SOAP Envelope, got <${root.local}>.`);
  const result = child(requireChild(root, NS_SOAP, 'Body'), NS_MESSAGES, 'SendNotificationResult');
  if (!result) throw new EwsProtocolError('The reply holds no SendNotificationResult.');
  const status = child(result, NS_MESSAGES, 'SubscriptionStatus')?.text.trim();
  if (status !== 'OK' && status !== 'Unsubscribe')
    throw new EwsProtocolError(`SubscriptionStatus must be OK or Unsubscribe, got "${status ?? ''}".`);
  return status;
}

/** Validates a push callback URL as Exchange would need it: absolute http(s), no credentials. */
export function checkPushUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new EwsProtocolError(`The push URL "${text}" is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EwsProtocolError(`The push URL must be http or https, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '')
    throw new EwsProtocolError('The push URL must not carry credentials.');
  return url;
}
