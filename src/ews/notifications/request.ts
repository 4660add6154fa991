// The GetStreamingEvents request body (messages.xsd GetStreamingEventsType).
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';

export interface GetStreamingEventsInput {
  /** At most 200 per connection (D: affinity doc). */
  readonly subscriptionIds: readonly string[];
  /** 1..30 minutes (D: connectiontimeout.md). */
  readonly connectionTimeoutMinutes: number;
}

export function buildGetStreamingEventsBody(input: GetStreamingEventsInput): string {
  const n = input.subscriptionIds.length;
  if (n < 1 || n > 200)
    throw new EwsRequestError(`GetStreamingEvents takes 1..200 subscription ids, got ${n}.`);
  const t = input.connectionTimeoutMinutes;
  if (!Number.isInteger(t) || t < 1 || t > 30) {
    throw new EwsRequestError(`GetStreamingEvents ConnectionTimeout must be 1..30 minutes, got ${t}.`);
  }
  const w = new XmlWriter();
  w.start('m:GetStreamingEvents').start('m:SubscriptionIds');
  for (const id of input.subscriptionIds) w.leaf('t:SubscriptionId', id);
  w.end().leaf('m:ConnectionTimeout', t).end();
  return w.toString();
}
