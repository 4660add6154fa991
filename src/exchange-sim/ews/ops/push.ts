// Subscribe with a PushSubscriptionRequest (D: subscribe-operation.md, statusfrequency.md): the request is
// read by the shared ServerOperation (src/ews/operations/subscribe-push.ts), the subscription is created in
// the hub and a PushChannel delivers its events to the URL. Pull and streaming requests go to the existing
// Subscribe handler.
import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import { checkPushUrl } from '../../../ews/notifications/push.ts';
import { subscribePush } from '../../../ews/operations/subscribe-push.ts';
import type { EventType } from '../../notifications/hub.ts';
import { watermarkText } from '../../notifications/hub.ts';
import { startPush } from '../../notifications/push-sender.ts';
import type { OpContext } from '../context.ts';
import { ItemError } from '../errors.ts';
import { messageError, requestOf } from '../request.ts';
import { subscribe, subscriptionScope } from './notifications.ts';

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
    const { folders, start } = subscriptionScope(ctx, input);
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
