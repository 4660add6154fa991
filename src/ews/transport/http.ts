// One HTTP exchange over an undici dispatcher: send, read the body under a size limit, and turn
// undici/socket failures into typed transport errors.
import type { Dispatcher } from 'undici';
import {
  EwsAbortedError,
  EwsConnectionError,
  EwsResponseTooLargeError,
  EwsTimeoutError,
  EwsTransportError,
} from './errors.ts';

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface RawResponse {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: Buffer;
}

export interface SendOptions {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
  readonly requestId: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
}

/** Sends one POST and reads the whole body (bounded). */
export async function sendAndRead(dispatcher: Dispatcher, opts: SendOptions): Promise<RawResponse> {
  const { signal, timedOut, dispose } = deadline(opts.timeoutMs, opts.signal);
  try {
    const res = await dispatcher.request({
      method: 'POST',
      path: opts.path,
      headers: opts.headers,
      body: opts.body,
      signal,
    });
    const body = await readBounded(res.body, res.headers, opts.maxResponseBytes, opts.requestId);
    return { status: res.statusCode, headers: res.headers, body };
  } catch (err) {
    throw mapError(err, {
      timedOut: timedOut(),
      timeoutMs: opts.timeoutMs,
      requestId: opts.requestId,
      callerSignal: opts.signal,
    });
  } finally {
    dispose();
  }
}

export interface OpenedStream {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: Dispatcher.ResponseData['body'];
}

/** Sends one POST and returns as soon as the headers arrived; the body is the caller's to consume. */
export async function sendStreaming(
  dispatcher: Dispatcher,
  opts: Omit<SendOptions, 'maxResponseBytes'>,
): Promise<OpenedStream> {
  // The timeout covers the response headers only: a streaming body lives for minutes and has its
  // own heartbeat watchdog.
  const { signal, timedOut, dispose } = deadline(opts.timeoutMs, undefined);
  const combined = opts.signal ? AbortSignal.any([signal, opts.signal]) : signal;
  try {
    const res = await dispatcher.request({
      method: 'POST',
      path: opts.path,
      headers: opts.headers,
      body: opts.body,
      signal: combined,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  } catch (err) {
    throw mapError(err, {
      timedOut: timedOut(),
      timeoutMs: opts.timeoutMs,
      requestId: opts.requestId,
      callerSignal: opts.signal,
    });
  } finally {
    dispose();
  }
}

/** Reads at most `limit` bytes; beyond it the body is destroyed (the socket is dropped, not drained). */
export async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown },
  headers: HeaderMap,
  limit: number,
  requestId: string,
): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw new EwsResponseTooLargeError(limit, { requestId });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) {
      chunks.length = 0;
      body.destroy();
      throw new EwsResponseTooLargeError(limit, { requestId });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Drains a body we do not need (a 401 during a handshake) so the connection stays usable. */
export async function discard(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown },
  limit = 1 << 20,
): Promise<void> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) {
      body.destroy();
      return;
    }
  }
}

function deadline(
  timeoutMs: number,
  caller: AbortSignal | undefined,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const ctrl = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    ctrl.abort(new Error('timeout'));
  }, timeoutMs);
  const onAbort = (): void => ctrl.abort(caller?.reason);
  if (caller) {
    if (caller.aborted) onAbort();
    else caller.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: ctrl.signal,
    timedOut: () => fired,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

interface MapContext {
  timedOut: boolean;
  timeoutMs: number;
  requestId: string;
  callerSignal: AbortSignal | undefined;
}

/** Maps what undici / node:net throw onto the transport error classes. */
export function mapError(err: unknown, ctx: MapContext): EwsTransportError {
  if (err instanceof EwsTransportError) return err;
  const opts = { cause: err, requestId: ctx.requestId };
  if (ctx.timedOut) return new EwsTimeoutError(ctx.timeoutMs, opts);
  if (ctx.callerSignal?.aborted) return new EwsAbortedError(opts);
  const codes = errorCodes(err);
  const has = (c: string): boolean => codes.includes(c);
  if (has('UND_ERR_HEADERS_TIMEOUT') || has('UND_ERR_BODY_TIMEOUT') || has('UND_ERR_CONNECT_TIMEOUT')) {
    return new EwsTimeoutError(ctx.timeoutMs, opts);
  }
  if (has('ECONNRESET') || has('EPIPE')) {
    return new EwsConnectionError('ews.connection_reset', 'the connection to the EWS server was reset', opts);
  }
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH') || has('UND_ERR_SOCKET')) {
    return new EwsConnectionError(
      'ews.truncated_body',
      'the EWS server closed the connection before the whole response arrived',
      opts,
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new EwsConnectionError('ews.connection_failed', `cannot reach the EWS server: ${detail}`, opts);
}

function errorCodes(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    if ('code' in e && typeof e.code === 'string') out.push(e.code);
    e = 'cause' in e ? e.cause : undefined;
  }
  return out;
}
