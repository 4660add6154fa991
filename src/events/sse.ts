import type { ServerResponse } from 'node:http';
import type { EventBus } from './bus.ts';
import type { Replay } from './replay-buffer.ts';
import type { VoxsyncEvent } from './types.ts';

export interface SseOptions {
  /** Comment lines keep proxies from closing an idle stream. */
  readonly heartbeatMs?: number;
  /** Which events this client may see (a mailbox user: only their own mailbox). */
  readonly filter: (event: VoxsyncEvent) => boolean;
  readonly onClose?: () => void;
  /** The `id:` a client sees for an event (and sends back as `Last-Event-ID`). */
  readonly streamId?: (eventId: number) => string;
  /**
   * For a reconnecting client: the events it missed, sent before live ones, or a gap, answered with
   * a `reset` event carrying `resetId` (where the client stands once it has refetched state).
   */
  readonly replay?: { readonly result: Replay; readonly resetId: string } | undefined;
}

/** Serializes one event in the text/event-stream format (WHATWG HTML §9.2). */
export function formatSseEvent(event: VoxsyncEvent, id: string = String(event.id)): string {
  const payload = JSON.stringify({ mailboxId: event.mailboxId, at: event.at, ...event.data });
  return `id: ${id}\nevent: ${event.type}\ndata: ${payload}\n\n`;
}

/** The missed events cannot be replayed: the client must fetch current state again. */
export function formatResetEvent(id: string, reason: string): string {
  const payload = JSON.stringify({
    reason,
    message: 'Events were missed and cannot be replayed; fetch the current state again.',
  });
  return `id: ${id}\nevent: reset\ndata: ${payload}\n\n`;
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
  const idOf = opts.streamId ?? String;
  // Replay and subscription happen in one synchronous step, so no event falls between them or
  // arrives twice.
  const replay = opts.replay;
  if (replay?.result.kind === 'gap') res.write(formatResetEvent(replay.resetId, replay.result.reason));
  else if (replay) {
    for (const event of replay.result.events)
      if (opts.filter(event)) res.write(formatSseEvent(event, idOf(event.id)));
  }
  const unsubscribe = bus.subscribe((event) => {
    if (opts.filter(event)) res.write(formatSseEvent(event, idOf(event.id)));
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
