import type { ServerResponse } from 'node:http';
import type { EventBus } from './bus.ts';
import type { VoxsyncEvent } from './types.ts';

export interface SseOptions {
  /** Comment lines keep proxies from closing an idle stream. */
  readonly heartbeatMs?: number;
  /** Which events this client may see (a mailbox user: only their own mailbox). */
  readonly filter: (event: VoxsyncEvent) => boolean;
  readonly onClose?: () => void;
}

/** Serializes one event in the text/event-stream format (WHATWG HTML §9.2). */
export function formatSseEvent(event: VoxsyncEvent): string {
  const payload = JSON.stringify({ mailboxId: event.mailboxId, at: event.at, ...event.data });
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${payload}\n\n`;
}

/**
 * Streams bus events to one HTTP response until the client goes away. The caller has already taken
 * the response over from the framework (fastify `reply.hijack()`).
 */
export function streamEvents(res: ServerResponse, bus: EventBus, opts: SseOptions): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Tells the browser how long to wait before reconnecting, and flushes the headers at once.
  res.write('retry: 3000\n: connected\n\n');
  const unsubscribe = bus.subscribe((event) => {
    if (opts.filter(event)) res.write(formatSseEvent(event));
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), opts.heartbeatMs ?? 15_000);
  heartbeat.unref();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    opts.onClose?.();
  };
  res.on('close', close);
  res.on('error', close);
}
