// Subscribe: streaming (no timeout, no watermark; read with GetStreamingEvents) or pull (Timeout 1..1440
// minutes of idleness, optional Watermark to resume; read with GetEvents). Push is not modelled.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { boolAttr } from '../types/codec.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '../types/notifications.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

interface SubscriptionTarget {
  /** Either folders or all folders. */
  folderIds?: BaseFolderId[];
  subscribeToAllFolders?: boolean;
  eventTypes: NotificationEventType[];
}
export type SubscribeInput =
  | (SubscriptionTarget & { kind: 'streaming' })
  | (SubscriptionTarget & { kind: 'pull'; timeoutMinutes: number; watermark?: string });

export interface Subscription {
  subscriptionId: string;
  /** Pull subscriptions only. */
  watermark?: string;
}
export type SubscribeOutput = BatchResult<Subscription>[];

function readEventType(text: string): NotificationEventType {
  const t = text.trim();
  if (!(NOTIFICATION_EVENT_TYPES as readonly string[]).includes(t)) {
    throw new EwsProtocolError(
      `The 'EventType' element is invalid - The value '${t}' is invalid according to its datatype 'NotificationEventTypeType' - The Enumeration constraint failed.`,
    );
  }
  return t as NotificationEventType;
}

export const subscribe: Operation<SubscribeInput, SubscribeOutput> &
  ServerOperation<SubscribeInput, SubscribeOutput> = {
  name: 'Subscribe',
  buildBody(input) {
    if (input.eventTypes.length === 0) throw new EwsRequestError('Subscribe needs at least one event type.');
    const hasFolders = input.folderIds !== undefined && input.folderIds.length > 0;
    if (hasFolders === (input.subscribeToAllFolders === true)) {
      throw new EwsRequestError('Subscribe needs either folder ids or subscribeToAllFolders.');
    }
    if (
      input.kind === 'pull' &&
      !(Number.isInteger(input.timeoutMinutes) && input.timeoutMinutes >= 1 && input.timeoutMinutes <= 1440)
    ) {
      throw new EwsRequestError(
        `A pull subscription Timeout must be 1..1440 minutes, got ${input.timeoutMinutes}.`,
      );
    }
    const el = input.kind === 'pull' ? 'm:PullSubscriptionRequest' : 'm:StreamingSubscriptionRequest';
    const w = new XmlWriter().start('m:Subscribe');
    w.start(el, { SubscribeToAllFolders: input.subscribeToAllFolders });
    if (hasFolders) writeFolderIds(w, 't:FolderIds', input.folderIds!);
    w.start('t:EventTypes');
    for (const e of input.eventTypes) w.leaf('t:EventType', e);
    w.end();
    if (input.kind === 'pull') {
      w.leafOpt('t:Watermark', input.watermark);
      w.leaf('t:Timeout', input.timeoutMinutes);
    }
    w.end();
    return w.end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'SubscribeResponse', (msg) => {
      const id = child(msg, NS_MESSAGES, 'SubscriptionId')?.text.trim();
      if (id === undefined || id === '')
        throw new EwsProtocolError('SubscribeResponseMessage without SubscriptionId.');
      const wm = child(msg, NS_MESSAGES, 'Watermark')?.text.trim();
      return wm === undefined ? { subscriptionId: id } : { subscriptionId: id, watermark: wm };
    }),
  parseRequest(body: XmlElement) {
    const req = body.children.find((c) => c.ns === NS_MESSAGES);
    if (req === undefined) throw new EwsProtocolError('Subscribe without a subscription request.');
    const target: SubscriptionTarget = {
      eventTypes: (child(req, NS_TYPES, 'EventTypes')?.children ?? []).map((c) => readEventType(c.text)),
    };
    const folders = child(req, NS_TYPES, 'FolderIds');
    if (folders !== undefined) target.folderIds = readFolderIds(folders);
    const all = boolAttr(req.attrs['SubscribeToAllFolders']);
    if (all !== undefined) target.subscribeToAllFolders = all;
    if (req.local === 'StreamingSubscriptionRequest') return { ...target, kind: 'streaming' };
    if (req.local !== 'PullSubscriptionRequest') throw new EwsProtocolError(`Unsupported ${req.local}.`);
    const timeout = child(req, NS_TYPES, 'Timeout');
    const text = timeout?.text.trim() ?? '';
    const minutes = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(minutes >= 1 && minutes <= 1440)) {
      throw new EwsProtocolError(
        `The 'Timeout' element is invalid - The value '${text}' is invalid according to its datatype 'SubscriptionTimeoutType'.`,
      );
    }
    const pull: SubscribeInput = { ...target, kind: 'pull', timeoutMinutes: minutes };
    const wm = child(req, NS_TYPES, 'Watermark');
    if (wm !== undefined) pull.watermark = wm.text.trim();
    return pull;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('SubscribeResponse', 'SubscribeResponseMessage', output, (w, s) => {
      w.leaf('m:SubscriptionId', s.subscriptionId);
      w.leafOpt('m:Watermark', s.watermark);
    }),
};
