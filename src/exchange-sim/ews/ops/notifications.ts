import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import type { BaseFolderId } from '../../../ews/types/ids.ts';
import { ItemError } from '../errors.ts';
import { attempt, requestOf } from '../request.ts';
import {
  subscribe as sharedSubscribe,
  type Subscription as SubscriptionResult,
} from '../../../ews/operations/subscribe.ts';
import { unsubscribe as sharedUnsubscribe } from '../../../ews/operations/unsubscribe.ts';
import { getEvents as sharedGetEvents } from '../../../ews/operations/get-events.ts';
import type { Notification } from '../../../ews/types/notifications.ts';
import {
  STREAMING_IDLE_MINUTES,
  parseWatermark,
  watermarkText,
  type EventType,
  type Subscription,
} from '../../notifications/hub.ts';
import { notificationOf, statusEvent } from '../../notifications/event-xml.ts';

/** What every kind of Subscribe request names. */
interface SubscribeScope {
  subscribeToAllFolders?: boolean | undefined;
  folderIds?: BaseFolderId[] | undefined;
  watermark?: string | undefined;
}

/**
 * The checks every Subscribe makes before the subscription exists (D: subscribe-operation.md): its folders
 * (none → ErrorInvalidSubscriptionRequest), EWSMaxSubscriptions, charged to the target mailbox
 * (EWS-PROTOCOL.md section 5), and the watermark it resumes from (unknown → ErrorInvalidWatermark).
 */
export function subscriptionScope(
  ctx: OpContext,
  req: SubscribeScope,
): { folders: Set<number> | undefined; start: number | undefined; resumeFrom: Subscription | undefined } {
  const folders =
    req.subscribeToAllFolders === true
      ? undefined
      : new Set((req.folderIds ?? []).map((f) => resolveFolder(ctx, f).entry));
  if (folders && folders.size === 0)
    throw new ItemError('ErrorInvalidSubscriptionRequest', 'The subscription request has no folders.');
  if (ctx.sim.hub.countFor(ctx.mailbox) >= ctx.sim.policy.ewsMaxSubscriptions) {
    throw new ItemError(
      'ErrorExceededSubscriptionCount',
      'You have exceeded the available subscriptions for your account.',
    );
  }
  if (!req.watermark) return { folders, start: undefined, resumeFrom: undefined };
  const wm = req.watermark;
  const prev = ctx.sim.hub.all().find((s) => parseWatermark(s.id, wm) !== undefined);
  if (!prev) throw new ItemError('ErrorInvalidWatermark', 'The watermark is invalid.');
  return { folders, start: parseWatermark(prev.id, wm), resumeFrom: prev };
}

export function subscribe(ctx: OpContext): string {
  // Pull and streaming requests: push ones go to ops/push.ts (subscribeAny); the schema requires one of the three.
  const req = requestOf(sharedSubscribe, ctx);
  const result = attempt((): SubscriptionResult => {
    const { folders, start, resumeFrom } = subscriptionScope(ctx, {
      ...req,
      watermark: req.kind === 'pull' ? req.watermark : undefined,
    });
    const sub = ctx.sim.hub.subscribe(
      {
        kind: req.kind,
        owner: ctx.account,
        mailbox: ctx.mailbox,
        folders,
        eventTypes: new Set(req.eventTypes as EventType[]),
        timeoutMinutes: req.kind === 'pull' ? req.timeoutMinutes : STREAMING_IDLE_MINUTES,
      },
      start,
      resumeFrom,
    );
    return sub.kind === 'pull'
      ? { subscriptionId: sub.id, watermark: watermarkText(sub.id, start ?? sub.nextWatermark - 1) }
      : { subscriptionId: sub.id };
  });
  return sharedSubscribe.buildResponseBody([result]);
}

/** The subscription named in a request, checked for ownership and expiry. */
export function ownedSubscription(ctx: OpContext, id: string): Subscription {
  const sub = ctx.sim.hub.get(id);
  if (!sub || sub.owner !== ctx.account)
    throw new ItemError('ErrorSubscriptionNotFound', 'The specified subscription was not found.');
  if (sub.expired) {
    ctx.sim.hub.remove(id);
    throw new ItemError('ErrorExpiredSubscription', 'The subscription has expired.');
  }
  return sub;
}

export function unsubscribe(ctx: OpContext): string {
  const { subscriptionId } = requestOf(sharedUnsubscribe, ctx);
  const result = attempt(() => {
    const sub = ctx.sim.hub.get(subscriptionId);
    if (!sub || sub.owner !== ctx.account)
      throw new ItemError('ErrorSubscriptionNotFound', 'The specified subscription was not found.');
    ctx.sim.hub.remove(subscriptionId);
    return null;
  });
  return sharedUnsubscribe.buildResponseBody([result]);
}

const MAX_EVENTS = 50;

export function getEvents(ctx: OpContext): string {
  const req = requestOf(sharedGetEvents, ctx);
  const result = attempt((): Notification => {
    const sub = ownedSubscription(ctx, req.subscriptionId);
    if (sub.kind !== 'pull')
      throw new ItemError('ErrorInvalidPullSubscriptionId', 'The subscription is not a pull subscription.');
    const wm = parseWatermark(sub.id, req.watermark);
    if (wm === undefined || wm >= sub.nextWatermark)
      throw new ItemError('ErrorInvalidWatermark', 'The watermark is invalid.');
    sub.lastUsed = Date.now();
    // A watermark acknowledges every event up to it; older ones are gone for good.
    sub.pending = sub.pending.filter((e) => e.watermark > wm);
    const batch = sub.pending.slice(0, MAX_EVENTS);
    const notification = notificationOf(sub.id, batch);
    notification.previousWatermark = watermarkText(sub.id, wm);
    notification.moreEvents = sub.pending.length > batch.length;
    if (batch.length === 0) notification.events = [statusEvent(sub.id, wm)];
    return notification;
  });
  return sharedGetEvents.buildResponseBody([result]);
}
