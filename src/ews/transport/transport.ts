// The EWS HTTP transport: POSTs SOAP to one endpoint over keep-alive pools with verified TLS,
// a request id per call, a per-request timeout, a bounded response body and typed errors.
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import type { Client, Dispatcher } from 'undici';
import type { EwsAuth } from './auth.ts';
import { authorizationHeader, schemeName } from './auth.ts';
import { maskHeaders, offeredSchemes } from './auth-header.ts';
import { EwsAuthenticationError, EwsConnectionError } from './errors.ts';
import type { HeaderMap, OpenedStream, RawResponse } from './http.ts';
import { discard, sendAndRead, sendStreaming } from './http.ts';
import { NtlmPool } from './ntlm-pool.ts';
import type { NtlmConnection } from './ntlm-pool.ts';
import { TlsTrust } from './tls-trust.ts';
import type { TlsTrustOptions } from './tls-trust.ts';

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 120_000;

/** One line of `--dump` output; headers are already masked. */
export interface DumpEntry {
  readonly requestId: string;
  readonly direction: 'request' | 'response';
  readonly status?: number;
  readonly headers: Record<string, string>;
  /** Absent for handshake legs and streaming bodies. */
  readonly body?: string;
}

export interface TransportOptions {
  /** The EWS endpoint, e.g. https://mail.example.com/EWS/Exchange.asmx (http: only for local test peers). */
  readonly url: string;
  readonly auth: EwsAuth;
  readonly tls?: TlsTrustOptions;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** Keep-alive connections per endpoint (NTLM: authenticated connections). Default 8. */
  readonly connections?: number;
  readonly userAgent?: string;
  readonly dump?: (entry: DumpEntry) => void;
}

export interface EwsHttpRequest {
  readonly body: string;
  /** Extra headers (X-AnchorMailbox, Cookie...). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly requestId?: string;
}

export interface EwsHttpResponse extends RawResponse {
  readonly requestId: string;
}

export interface EwsHttpStream extends OpenedStream {
  readonly requestId: string;
  /** Ends the stream and frees its connection. */
  close(): void;
}

export class EwsTransport {
  readonly url: URL;
  private readonly options: TransportOptions;
  private readonly pool: Pool | undefined;
  private readonly ntlm: NtlmPool | undefined;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: TransportOptions) {
    this.options = options;
    this.url = new URL(options.url);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new RangeError(`EWS URL must be https: (got ${this.url.protocol})`);
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const clientOptions: Client.Options = {
      keepAliveTimeout: 60_000,
      // Our own deadline covers ordinary calls; streaming bodies are watched by the heartbeat watchdog.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    if (this.url.protocol === 'https:') {
      const trust = new TlsTrust(options.tls ?? {});
      clientOptions.connect = (opts, cb) => {
        trust
          .connect({ host: opts.hostname, port: Number(opts.port) || 443, timeoutMs: this.timeoutMs })
          .then(
            (socket) => cb(null, socket),
            (err: Error) => cb(err, null),
          );
      };
    }
    const connections = options.connections ?? 8;
    if (options.auth.kind === 'ntlm') {
      this.ntlm = new NtlmPool({
        origin: this.url.origin,
        clientOptions,
        maxConnections: connections,
        credentials: options.auth,
        onLeg: (leg) =>
          this.options.dump?.({
            requestId: leg.requestId,
            direction: leg.direction === 'out' ? 'request' : 'response',
            headers: maskHeaders(leg.headers),
            ...(leg.status === undefined ? {} : { status: leg.status }),
          }),
      });
    } else {
      this.pool = new Pool(this.url.origin, { ...clientOptions, connections });
    }
  }

  /** POSTs a SOAP envelope and returns the whole (bounded) response. 401 becomes EwsAuthenticationError. */
  async post(req: EwsHttpRequest): Promise<EwsHttpResponse> {
    const requestId = req.requestId ?? randomUUID();
    const headers = this.headers(requestId, req.headers);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const send = (d: Dispatcher, h: Record<string, string>): Promise<RawResponse> => {
      this.dumpRequest(requestId, h, req.body);
      return sendAndRead(d, {
        path: this.path(),
        headers: h,
        body: req.body,
        requestId,
        timeoutMs,
        maxResponseBytes: this.maxResponseBytes,
        ...(req.signal ? { signal: req.signal } : {}),
      }).then((raw) => {
        this.dumpResponse(requestId, raw.status, raw.headers, raw.body.toString('utf8'));
        return raw;
      });
    };
    const raw = await this.withAuth(headers, requestId, timeoutMs, req.signal, send);
    return { ...raw, requestId };
  }

  /** POSTs and returns once the headers arrived (GetStreamingEvents); the body is read by the caller. */
  async postStream(req: EwsHttpRequest): Promise<EwsHttpStream> {
    const requestId = req.requestId ?? randomUUID();
    const headers = this.headers(requestId, req.headers);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    let held: NtlmConnection | undefined;
    const send = async (d: Dispatcher, h: Record<string, string>): Promise<OpenedStream> => {
      this.dumpRequest(requestId, h, req.body);
      const opened = await sendStreaming(d, {
        path: this.path(),
        headers: h,
        body: req.body,
        requestId,
        timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      this.dumpResponse(requestId, opened.status, opened.headers, undefined);
      if (opened.status === 401) await discard(opened.body);
      return opened;
    };
    const opened = await this.withAuth(headers, requestId, timeoutMs, req.signal, send, (c) => {
      held = c;
    });
    const release = (): void => {
      if (held && this.ntlm) this.ntlm.release(held);
      held = undefined;
    };
    opened.body.once('close', release);
    return {
      ...opened,
      requestId,
      close: () => {
        opened.body.destroy();
        release();
      },
    };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    await this.ntlm?.close();
  }

  /** Drops every connection at once (open streams included). */
  async destroy(): Promise<void> {
    await this.pool?.destroy();
    await this.ntlm?.destroy();
  }

  private async withAuth<T extends { status: number; headers: HeaderMap }>(
    headers: Record<string, string>,
    requestId: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    send: (d: Dispatcher, h: Record<string, string>) => Promise<T>,
    keep?: (c: NtlmConnection) => void,
  ): Promise<T> {
    const auth = this.options.auth;
    if (!this.ntlm) {
      if (!this.pool)
        throw new EwsConnectionError('ews.connection_failed', 'transport is closed', { requestId });
      const authorization = await authorizationHeader(auth);
      const res = await send(this.pool, authorization ? { ...headers, authorization } : headers);
      return this.check401(res, requestId);
    }
    const ntlm = this.ntlm;
    const conn = await ntlm.acquire();
    let handedOver = false;
    try {
      if (conn.authenticated) {
        const res = await send(conn.client, headers);
        if (res.status !== 401) {
          handedOver = keep !== undefined;
          keep?.(conn);
          return res;
        }
      }
      const legSignal = signal
        ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      const res = await ntlm.handshake(conn, this.path(), headers, requestId, legSignal, (authorization) =>
        send(conn.client, authorization ? { ...headers, authorization } : headers),
      );
      const checked = this.check401(res, requestId);
      handedOver = keep !== undefined;
      keep?.(conn);
      return checked;
    } finally {
      if (!handedOver) ntlm.release(conn);
    }
  }

  private check401<T extends { status: number; headers: HeaderMap }>(res: T, requestId: string): T {
    if (res.status !== 401) return res;
    throw new EwsAuthenticationError(
      schemeName(this.options.auth),
      offeredSchemes(res.headers['www-authenticate']),
      {
        requestId,
      },
    );
  }

  private path(): string {
    return `${this.url.pathname}${this.url.search}`;
  }

  private headers(
    requestId: string,
    extra: Readonly<Record<string, string>> | undefined,
  ): Record<string, string> {
    const h: Record<string, string> = {
      'content-type': 'text/xml; charset=utf-8',
      accept: 'text/xml',
      'user-agent': this.options.userAgent ?? 'voxsync-ews/0.1',
      'client-request-id': requestId,
      'return-client-request-id': 'true',
    };
    for (const [k, v] of Object.entries(extra ?? {})) h[k.toLowerCase()] = v;
    return h;
  }

  private dumpRequest(requestId: string, headers: Record<string, string>, body: string): void {
    this.options.dump?.({ requestId, direction: 'request', headers: maskHeaders(headers), body });
  }

  private dumpResponse(
    requestId: string,
    status: number,
    headers: HeaderMap,
    body: string | undefined,
  ): void {
    this.options.dump?.({
      requestId,
      direction: 'response',
      status,
      headers: maskHeaders(headers),
      ...(body === undefined ? {} : { body }),
    });
  }
}
