// Turns a GetStreamingEvents HTTP body into typed events as bytes arrive.
import { EnvelopeSplitter } from './envelope-splitter.ts';
import type { SplitterOptions } from './envelope-splitter.ts';
import { readStreamingEnvelope } from './events.ts';
import type { StreamingEnvelope, StreamingEvent } from './events.ts';
import { HeartbeatWatchdog } from './watchdog.ts';
import { mapError } from '../transport/http.ts';
import { EwsError } from '../errors.ts';

/** EWS Managed API's heartbeat expectation (GetStreamingEventsRequest.HeartbeatFrequencyDefault). */
export const DEFAULT_KEEP_ALIVE_MS = 45_000;

/** The connection went silent for longer than twice the keep-alive interval and was dropped. */
export interface ConnectionLostEvent {
  readonly kind: 'connectionLost';
  readonly silentMs: number;
}

export type NotificationStreamEvent = StreamingEvent | ConnectionLostEvent;

export interface StreamReadOptions extends SplitterOptions {
  /** Expected interval of keep-alive envelopes; the watchdog fires after twice this. */
  readonly keepAliveMs?: number;
  readonly onEnvelope?: (envelope: StreamingEnvelope) => void;
  readonly requestId?: string;
}

type Body = AsyncIterable<Uint8Array> & { destroy(err?: Error): unknown };

/**
 * Yields the events of every envelope in order. Ends after the body ends (normally right after a
 * `closed` event) or after a `connectionLost` event; malformed or hostile XML throws XmlParseError,
 * a broken connection throws a transport error.
 */
export async function* readNotificationStream(
  body: Body,
  options: StreamReadOptions = {},
): AsyncGenerator<NotificationStreamEvent, void, undefined> {
  const pending: StreamingEvent[] = [];
  const splitter = new EnvelopeSplitter((root) => {
    const envelope = readStreamingEnvelope(root);
    options.onEnvelope?.(envelope);
    pending.push(...envelope.events);
  }, options);
  const timeoutMs = 2 * (options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
  let silentMs = 0;
  const watchdog = new HeartbeatWatchdog(timeoutMs, (silent) => {
    silentMs = silent;
    body.destroy(new Error('heartbeat watchdog: no data from the EWS server'));
  });
  try {
    try {
      for await (const chunk of body) {
        watchdog.kick();
        splitter.write(chunk);
        if (pending.length > 0) {
          watchdog.pause();
          while (pending.length > 0) yield pending.shift()!;
          watchdog.resume();
        }
      }
    } catch (err) {
      if (watchdog.fired) {
        yield { kind: 'connectionLost', silentMs };
        return;
      }
      if (err instanceof EwsError) throw err;
      throw mapError(err, {
        timedOut: false,
        timeoutMs,
        requestId: options.requestId ?? '',
        callerSignal: undefined,
      });
    }
    splitter.end();
  } finally {
    watchdog.stop();
    body.destroy();
  }
}
