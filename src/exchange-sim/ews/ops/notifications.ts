import { child, childrenOf } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES } from '../../../ews/soap/namespaces.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError, schemaFault } from '../errors.ts';
import { failure, success, wrap } from '../response.ts';
import {
  STREAMING_IDLE_MINUTES,
  parseWatermark,
  watermarkText,
  type EventType,
  type Subscription,
} from '../../notifications/hub.ts';
import { eventXml, statusEventXml } from '../../notifications/event-xml.ts';

const EVENT_TYPES: readonly EventType[] = [
  'NewMailEvent',
  'CreatedEvent',
  'DeletedEvent',
  'ModifiedEvent',
  'MovedEvent',
  'CopiedEvent',
  'FreeBusyChangedEvent',
];

export function subscribe(ctx: OpContext): string {
  const req = ctx.body.children[0];
  const name = 'SubscribeResponseMessage';
  if (
    !req ||
    !['PullSubscriptionRequest', 'StreamingSubscriptionRequest', 'PushSubscriptionRequest'].includes(
      req.local,
    )
  ) {
    throw schemaFault(
      "The element 'Subscribe' has incomplete content. List of possible elements expected: 'PullSubscriptionRequest, PushSubscriptionRequest, StreamingSubscriptionRequest'.",
    );
  }
  if (req.local === 'PushSubscriptionRequest') {
    return wrap(
      'Subscribe',
      failure(
        name,
        new ItemError(
          'ErrorInvalidSubscriptionRequest',
          'Push subscriptions are not supported by this simulator; use streaming or pull.',
        ),
      ),
    );
  }
  const types = childrenOf(child(req, NS_TYPES, 'EventTypes') ?? req, NS_TYPES, 'EventType').map((e) =>
    e.text.trim(),
  );
  for (const t of types) {
    if (!(EVENT_TYPES as readonly string[]).includes(t)) {
      throw schemaFault(
        `The 'EventType' element is invalid - The value '${t}' is invalid according to its datatype 'NotificationEventTypeType' - The Enumeration constraint failed.`,
      );
    }
  }
  const all = req.attrs['SubscribeToAllFolders'] === 'true';
  try {
    const folders = all
      ? undefined
      : new Set((child(req, NS_TYPES, 'FolderIds')?.children ?? []).map((f) => resolveFolder(ctx, f).entry));
    if (folders && folders.size === 0)
      throw new ItemError('ErrorInvalidSubscriptionRequest', 'The subscription request has no folders.');
    if (ctx.sim.hub.countFor(ctx.mailbox) >= ctx.sim.policy.ewsMaxSubscriptions) {
      // EWSMaxSubscriptions is charged to the target mailbox (EWS-PROTOCOL.md section 5).
      throw new ItemError(
        'ErrorExceededSubscriptionCount',
        'You have exceeded the available subscriptions for your account.',
      );
    }
    let timeout = STREAMING_IDLE_MINUTES;
    let start: number | undefined;
    let resumeFrom: Subscription | undefined;
    if (req.local === 'PullSubscriptionRequest') {
      const text = child(req, NS_TYPES, 'Timeout')?.text.trim() ?? '';
      timeout = Number(text);
      if (!/^\d+$/.test(text) || timeout < 1 || timeout > 1440) {
        throw schemaFault(
          `The 'Timeout' element is invalid - The value '${text}' is invalid according to its datatype 'SubscriptionTimeoutType'.`,
        );
      }
      const wm = child(req, NS_TYPES, 'Watermark')?.text.trim();
      if (wm) {
        const prev = ctx.sim.hub.all().find((s) => parseWatermark(s.id, wm) !== undefined);
        if (!prev) throw new ItemError('ErrorInvalidWatermark', 'The watermark is invalid.');
        start = parseWatermark(prev.id, wm);
        resumeFrom = prev;
      }
    }
    const sub = ctx.sim.hub.subscribe(
      {
        kind: req.local === 'PullSubscriptionRequest' ? 'pull' : 'streaming',
        owner: ctx.account,
        mailbox: ctx.mailbox,
        folders,
        eventTypes: new Set(types as EventType[]),
        timeoutMinutes: timeout,
      },
      start,
      resumeFrom,
    );
    const wm =
      sub.kind === 'pull'
        ? `<m:Watermark>${watermarkText(sub.id, start ?? sub.nextWatermark - 1)}</m:Watermark>`
        : '';
    return wrap('Subscribe', success(name, `<m:SubscriptionId>${sub.id}</m:SubscriptionId>${wm}`));
  } catch (err) {
    if (err instanceof ItemError) return wrap('Subscribe', failure(name, err));
    throw err;
  }
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
  const id = child(ctx.body, NS_MESSAGES, 'SubscriptionId')?.text.trim() ?? '';
  const name = 'UnsubscribeResponseMessage';
  const sub = ctx.sim.hub.get(id);
  if (!sub || sub.owner !== ctx.account)
    return wrap(
      'Unsubscribe',
      failure(name, new ItemError('ErrorSubscriptionNotFound', 'The specified subscription was not found.')),
    );
  ctx.sim.hub.remove(id);
  return wrap('Unsubscribe', success(name));
}

const MAX_EVENTS = 50;

export function getEvents(ctx: OpContext): string {
  const name = 'GetEventsResponseMessage';
  try {
    const id = child(ctx.body, NS_MESSAGES, 'SubscriptionId')?.text.trim() ?? '';
    const sub = ownedSubscription(ctx, id);
    if (sub.kind !== 'pull')
      throw new ItemError('ErrorInvalidPullSubscriptionId', 'The subscription is not a pull subscription.');
    const wmText = child(ctx.body, NS_MESSAGES, 'Watermark')?.text ?? '';
    const wm = parseWatermark(sub.id, wmText);
    if (wm === undefined || wm >= sub.nextWatermark)
      throw new ItemError('ErrorInvalidWatermark', 'The watermark is invalid.');
    sub.lastUsed = Date.now();
    // A watermark acknowledges every event up to it; older ones are gone for good.
    sub.pending = sub.pending.filter((e) => e.watermark > wm);
    const batch = sub.pending.slice(0, MAX_EVENTS);
    const more = sub.pending.length > batch.length;
    let events = batch.map((e) => eventXml(sub.id, e)).join('');
    if (batch.length === 0) events = statusEventXml(sub.id, wm);
    return wrap(
      'GetEvents',
      success(
        name,
        `<m:Notification><t:SubscriptionId>${sub.id}</t:SubscriptionId><t:PreviousWatermark>${watermarkText(sub.id, wm)}</t:PreviousWatermark><t:MoreEvents>${more}</t:MoreEvents>${events}</m:Notification>`,
      ),
    );
  } catch (err) {
    if (err instanceof ItemError) return wrap('GetEvents', failure(name, err));
    throw err;
  }
}
