// Subscribe with a PushSubscriptionRequest: the server POSTs SendNotification requests to `url` (see
// src/ews/notifications/push.ts for the receiver's side), with a StatusEvent heartbeat every
// `statusFrequencyMinutes` (1..1440, default 30) and retries that double from 30 s up to that many minutes
// when the receiver does not answer. The response is the one of every Subscribe: SubscriptionId + Watermark.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { boolAttr } from '../types/codec.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '../types/notifications.ts';
import { checkPushUrl } from '../notifications/push.ts';
import type { Operation, ServerOperation } from './operation.ts';
import { subscribe, type SubscribeOutput } from './subscribe.ts';

export interface PushSubscribeInput {
  folderIds?: BaseFolderId[];
  subscribeToAllFolders?: boolean;
  eventTypes: NotificationEventType[];
  /** Resume after this watermark (events since then are sent first). */
  watermark?: string;
  /** 1..1440 minutes. */
  statusFrequencyMinutes: number;
  /** Absolute http(s) URL the server POSTs to. */
  url: string;
  /** Opaque text the server echoes (Exchange 2013+ schema). */
  callerData?: string;
}

function checkFrequency(n: number, where: (m: string) => Error): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= 1440))
    throw where(`StatusFrequency must be 1..1440 minutes, got ${n}.`);
  return n;
}

export const subscribePush: Operation<PushSubscribeInput, SubscribeOutput> &
  ServerOperation<PushSubscribeInput, SubscribeOutput> = {
  name: 'Subscribe',
  buildBody(input) {
    if (input.eventTypes.length === 0) throw new EwsRequestError('Subscribe needs at least one event type.');
    const hasFolders = input.folderIds !== undefined && input.folderIds.length > 0;
    if (hasFolders === (input.subscribeToAllFolders === true))
      throw new EwsRequestError('Subscribe needs either folder ids or subscribeToAllFolders.');
    checkFrequency(input.statusFrequencyMinutes, (m) => new EwsRequestError(m));
    try {
      checkPushUrl(input.url);
    } catch (err) {
      throw new EwsRequestError((err as Error).message);
    }
    const w = new XmlWriter().start('m:Subscribe');
    w.start('m:PushSubscriptionRequest', { SubscribeToAllFolders: input.subscribeToAllFolders });
    if (hasFolders) writeFolderIds(w, 't:FolderIds', input.folderIds!);
    w.start('t:EventTypes');
    for (const e of input.eventTypes) w.leaf('t:EventType', e);
    w.end();
    w.leafOpt('t:Watermark', input.watermark);
    w.leaf('t:StatusFrequency', input.statusFrequencyMinutes);
    w.leaf('t:URL', input.url);
    w.leafOpt('t:CallerData', input.callerData);
    w.end();
    return w.end().toString();
  },
  parseBody: (body) => subscribe.parseBody(body),
  /** Reads a PushSubscriptionRequest; the URL is returned as sent (the server decides what it accepts). */
  parseRequest(body: XmlElement) {
    const req = child(body, NS_MESSAGES, 'PushSubscriptionRequest');
    if (req === undefined) throw new EwsProtocolError('Subscribe without a PushSubscriptionRequest.');
    const input: PushSubscribeInput = {
      eventTypes: (child(req, NS_TYPES, 'EventTypes')?.children ?? []).map((c) => {
        const t = c.text.trim();
        if (!(NOTIFICATION_EVENT_TYPES as readonly string[]).includes(t)) {
          throw new EwsProtocolError(
            `The 'EventType' element is invalid - The value '${t}' is invalid according to its datatype 'NotificationEventTypeType' - The Enumeration constraint failed.`,
          );
        }
        return t as NotificationEventType;
      }),
      statusFrequencyMinutes: 0,
      url: child(req, NS_TYPES, 'URL')?.text.trim() ?? '',
    };
    const freq = child(req, NS_TYPES, 'StatusFrequency')?.text.trim() ?? '';
    input.statusFrequencyMinutes = checkFrequency(
      /^\d+$/.test(freq) ? Number(freq) : NaN,
      () =>
        new EwsProtocolError(
          `The 'StatusFrequency' element is invalid - The value '${freq}' is invalid according to its datatype 'SubscriptionStatusFrequencyType'.`,
        ),
    );
    const folders = child(req, NS_TYPES, 'FolderIds');
    if (folders !== undefined) input.folderIds = readFolderIds(folders);
    const all = boolAttr(req.attrs['SubscribeToAllFolders']);
    if (all !== undefined) input.subscribeToAllFolders = all;
    const wm = child(req, NS_TYPES, 'Watermark');
    if (wm !== undefined) input.watermark = wm.text.trim();
    const data = child(req, NS_TYPES, 'CallerData');
    if (data !== undefined) input.callerData = data.text;
    return input;
  },
  buildResponseBody: (output) => subscribe.buildResponseBody(output),
};
