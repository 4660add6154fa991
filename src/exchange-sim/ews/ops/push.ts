// Subscribe with a PushSubscriptionRequest (D: subscribe-operation.md, statusfrequency.md): the request is
// read by the shared ServerOperation (src/ews/operations/subscribe-push.ts), the subscription is created in
// the hub and a PushChannel delivers its events to the URL. Pull and streaming requests go to the existing
// Subscribe handler.
import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import { checkPushUrl } from '../../../ews/notifications/push.ts';
import { subscribePush } from '../../../ews/operations/subscribe-push.ts';
import type { EventType } from '../../notifications/hub.ts';
import { parseWatermark, watermarkText } from '../../notifications/hub.ts';
import { startPush } from '../../notifications/push-sender.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError } from '../errors.ts';
import { messageError, requestOf } from '../request.ts';
import { subscribe } from './notifications.ts';

function failure(err: ItemError): string {
  return subscribePush.buildResponseBody([{ ok: false, error: messageError(err) }]);
}

function subscribeToPush(ctx: OpContext): string {
  const input = requestOf(subscribePush, ctx);
  try {
    let url: URL;
    try {
      url = checkPushUrl(input.url);
    } catch (err) {
      throw new ItemError('ErrorInvalidPushSubscriptionUrl', (err as Error).message);
    }
    const folders = input.subscribeToAllFolders
      ? undefined
      : new Set((input.folderIds ?? []).map((f) => resolveFolder(ctx, f).entry));
    if (folders && folders.size === 0)
      throw new ItemError('ErrorInvalidSubscriptionRequest', 'The subscription request has no folders.');
    if (ctx.sim.hub.countFor(ctx.mailbox) >= ctx.sim.policy.ewsMaxSubscriptions) {
      throw new ItemError(
        'ErrorExceededSubscriptionCount',
        'You have exceeded the available subscriptions for your account.',
      );
    }
    let start: number | undefined;
    if (input.watermark) {
      const wm = input.watermark;
      const prev = ctx.sim.hub.all().find((s) => parseWatermark(s.id, wm) !== undefined);
      if (!prev) throw new ItemError('ErrorInvalidWatermark', 'The watermark is invalid.');
      start = parseWatermark(prev.id, wm);
    }
    const sub = ctx.sim.hub.subscribe(
      {
        kind: 'push',
        owner: ctx.account,
        mailbox: ctx.mailbox,
        folders,
        eventTypes: new Set(input.eventTypes as EventType[]),
        timeoutMinutes: input.statusFrequencyMinutes,
      },
      start,
    );
    startPush(ctx.sim.hub, sub, url, input.statusFrequencyMinutes);
    return subscribePush.buildResponseBody([
      {
        ok: true,
        value: { subscriptionId: sub.id, watermark: watermarkText(sub.id, sub.nextWatermark - 1) },
      },
    ]);
  } catch (err) {
    if (err instanceof ItemError) return failure(err);
    throw err;
  }
}

/** The Subscribe handler: push requests here, pull and streaming ones to the existing handler. */
export function subscribeAny(ctx: OpContext): string {
  return child(ctx.body, NS_MESSAGES, 'PushSubscriptionRequest') ? subscribeToPush(ctx) : subscribe(ctx);
}
