import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import {
  ChangeCursorAheadError,
  ChangesPrunedError,
  type ChangeFeed,
  type StoredChange,
} from '../services/change-feed.ts';

export interface SseOptions {
  /** Comment lines keep proxies from closing an idle stream. */
  readonly heartbeatMs?: number | undefined;
  /** Only this mailbox's changes (a mailbox user); every change when absent (an administrator). */
  readonly mailboxId?: string | undefined;
  /** The `Last-Event-ID` the client sent when reconnecting, if any. */
  readonly lastEventId?: string | undefined;
  /** Told when reading the feed fails; the stream then ends and the client reconnects. */
  readonly onError?: (err: unknown) => void;
  readonly onClose?: () => void;
}

export type ResetReason = 'too_old' | 'unknown_id';

/** Serializes one change in the text/event-stream format (WHATWG HTML §9.2); its `id` is the sequence. */
export function formatSseEvent(change: StoredChange): string {
  const payload = JSON.stringify({
    mailboxId: change.mailboxId,
    entityId: change.entityId,
    at: change.at,
    ...change.data,
  });
  return `id: ${change.seq}\nevent: ${change.kind}\ndata: ${payload}\n\n`;
}

/** The missed changes cannot be replayed: the client must fetch current state again. */
export function formatResetEvent(id: number, reason: ResetReason): string {
  const payload = JSON.stringify({
    reason,
    message: 'Events were missed and cannot be replayed; fetch the current state again.',
  });
  return `id: ${id}\nevent: reset\ndata: ${payload}\n\n`;
}

/** A `Last-Event-ID` is one of our sequence numbers, or not ours at all. */
function parseLastEventId(value: string): number | undefined {
  return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * Streams the change feed to one HTTP response until the client goes away. The caller has already
 * taken the response over from the framework (fastify `reply.hijack()`). A client that reconnects with
 * `Last-Event-ID` first gets every change it missed, read from the table; when those are no longer
 * kept (or the id is not ours) it gets one `reset` event whose id is the feed's head, then live changes.
 */
export function streamChanges(res: ServerResponse, feed: ChangeFeed, opts: SseOptions): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Tells the browser how long to wait before reconnecting, and flushes the headers at once.
  res.write('retry: 3000\n: connected\n\n');
  const stop = new AbortController();
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), opts.heartbeatMs ?? 15_000);
  heartbeat.unref();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    stop.abort();
    opts.onClose?.();
  };
  res.on('close', close);
  res.on('error', close);

  const send = async (text: string): Promise<void> => {
    if (!res.write(text) && !closed) await once(res, 'drain', { signal: stop.signal });
  };
  const reset = async (reason: ResetReason): Promise<number> => {
    const head = await feed.head();
    await send(formatResetEvent(head, reason));
    return head;
  };

  void (async () => {
    let after: number;
    if (opts.lastEventId === undefined) after = await feed.head();
    else after = parseLastEventId(opts.lastEventId) ?? (await reset('unknown_id'));
    while (!closed) {
      try {
        for await (const change of feed.follow(after, { mailboxId: opts.mailboxId, signal: stop.signal })) {
          await send(formatSseEvent(change));
          after = change.seq;
        }
      } catch (err) {
        if (err instanceof ChangesPrunedError) after = await reset('too_old');
        else if (err instanceof ChangeCursorAheadError) after = await reset('unknown_id');
        else throw err;
      }
    }
  })().catch((err: unknown) => {
    if (closed) return;
    opts.onError?.(err);
    res.end();
  });
}
