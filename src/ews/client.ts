// EwsClient: the one choke point for every EWS call of voxsync. It builds the envelope (server
// version, impersonation, time zone), routes (X-AnchorMailbox on every impersonated call, affinity for
// subscription groups), applies authentication and the retry policy, records ServerVersionInfo from
// every response and logs operation names only (payloads only through the masked dump hook).
import { buildRequestEnvelope, parseResponseEnvelope } from './soap/envelope.ts';
import type { ConnectingSidKind, ExchangeVersion, ServerVersionInfo } from './soap/envelope.ts';
import type { XmlElement } from './soap/xml-tree.ts';
import { child } from './soap/xml-tree.ts';
import { NS_MESSAGES } from './soap/namespaces.ts';
import { SOAP_ACTION_BASE } from './operations/operation.ts';
import type { Operation } from './operations/operation.ts';
import { responseMessageError } from './operations/response-messages.ts';
import { anchorMailboxFor } from './transport/anchor-mailbox.ts';
import { SoapFaultError, TRANSIENT_RESPONSE_CODES } from './errors.ts';
import { EwsTransport } from './transport/transport.ts';
import type { DumpEntry, EwsHttpResponse, TransportOptions } from './transport/transport.ts';
import { EwsHttpStatusError } from './transport/errors.ts';
import { RetryPolicy } from './transport/retry.ts';
import type { RetryPolicyOptions } from './transport/retry.ts';
import type { AffinityGroup } from './transport/affinity.ts';
import type { HeaderMap } from './transport/http.ts';
import { readBounded } from './transport/http.ts';
import { getStreamingEvents } from './operations/get-streaming-events.ts';
import type { GetStreamingEventsInput } from './operations/get-streaming-events.ts';
import { readNotificationStream } from './notifications/stream.ts';
import type { NotificationStreamEvent } from './notifications/stream.ts';
import { toWindowsZone } from '../time-zones/index.ts';

/** pino-compatible subset. */
export interface EwsLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface EwsClientOptions extends Omit<TransportOptions, 'dump'> {
  /** RequestServerVersion; Exchange2016 drives 2016, 2019 and SE (there is no Exchange2019). */
  readonly serverVersion?: ExchangeVersion;
  /** ConnectingSID element for impersonation. Default PrimarySmtpAddress. */
  readonly impersonationKind?: ConnectingSidKind;
  readonly retry?: RetryPolicy | RetryPolicyOptions;
  readonly logger?: EwsLogger;
  /** Dump mode: receives every HTTP exchange, credentials already masked. */
  readonly dump?: (entry: DumpEntry) => void;
  /** Element nesting bound for responses. Default 256. */
  readonly maxXmlDepth?: number;
}

export interface CallOptions {
  /** SMTP address (or UPN/SID per impersonationKind) of the mailbox to act as. */
  readonly impersonate?: string;
  readonly impersonationKind?: ConnectingSidKind;
  /** Time zone for TimeZoneContext: a Windows id, or an IANA zone sent as its CLDR Windows id. */
  readonly timeZone?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Subscription group: X-PreferServerAffinity and the back-end cookie. */
  readonly affinity?: AffinityGroup;
  /** Overrides the operation's default idempotency (see NON_IDEMPOTENT_OPERATIONS). */
  readonly idempotent?: boolean;
  /** Allow retrying a non-idempotent operation after any transient failure (caller handles duplicates). */
  readonly retryNonIdempotent?: boolean;
}

/** Operations whose repetition can create duplicates or apply a change twice. */
export const NON_IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateItem',
  'CreateAttachment',
  'CreateFolder',
  'CopyItem',
  'MoveItem',
  'SendItem',
  'UpdateItem',
  'UploadItems',
  'Subscribe',
]);

export class EwsClient {
  readonly transport: EwsTransport;
  readonly serverVersion: ExchangeVersion;
  private readonly retry: RetryPolicy;
  private readonly logger: EwsLogger | undefined;
  private readonly options: EwsClientOptions;
  private lastServerVersion: ServerVersionInfo | undefined;

  constructor(options: EwsClientOptions) {
    this.options = options;
    this.transport = new EwsTransport(options);
    this.serverVersion = options.serverVersion ?? 'Exchange2016';
    this.retry = options.retry instanceof RetryPolicy ? options.retry : new RetryPolicy(options.retry);
    this.logger = options.logger;
  }

  /** ServerVersionInfo of the most recent response that carried one, SOAP faults included. */
  get serverVersionInfo(): ServerVersionInfo | undefined {
    return this.lastServerVersion;
  }

  /** Runs one operation. Throws SoapFaultError, transport errors, XmlParseError or EwsProtocolError. */
  async call<I, O>(op: Operation<I, O>, input: I, options: CallOptions = {}): Promise<O> {
    const envelope = this.envelope(op.buildBody(input), options);
    const idempotent = options.idempotent ?? !NON_IDEMPOTENT_OPERATIONS.has(op.name);
    return this.retry.run(
      async (attempt) => {
        const started = Date.now();
        let res: EwsHttpResponse | undefined;
        try {
          res = await this.transport.post({
            body: envelope,
            headers: this.headers(op.name, options),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          });
          options.affinity?.absorb(res.headers);
          const body = this.readBody(res.status, res.headers, res.body, res.requestId);
          throwIfEveryMessageTransient(body);
          const out = op.parseBody(body);
          this.logger?.debug(
            { op: op.name, requestId: res.requestId, attempt, status: res.status, ms: Date.now() - started },
            'ews call',
          );
          return out;
        } catch (error) {
          this.logger?.debug(
            { op: op.name, requestId: res?.requestId ?? requestIdOf(error), attempt, code: codeOf(error) },
            'ews call failed',
          );
          throw error;
        }
      },
      {
        idempotent,
        retryNonIdempotent: options.retryNonIdempotent ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger?.warn({ op: op.name, attempt, delayMs, code: codeOf(error) }, 'ews call retried'),
      },
    );
  }

  /**
   * Opens GetStreamingEvents and yields its events as they arrive, until the server closes the
   * stream, the heartbeat watchdog declares it dead, or the caller stops iterating. Not retried:
   * the caller reconnects and catches up with SyncFolderItems.
   */
  async *streamEvents(
    input: GetStreamingEventsInput,
    options: CallOptions & { keepAliveMs?: number } = {},
  ): AsyncGenerator<NotificationStreamEvent, void, undefined> {
    const envelope = this.envelope(getStreamingEvents.buildBody(input), options);
    const stream = await this.transport.postStream({
      body: envelope,
      headers: this.headers('GetStreamingEvents', options),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    try {
      options.affinity?.absorb(stream.headers);
      if (stream.status !== 200) {
        const max = this.options.maxResponseBytes ?? 1024 * 1024;
        const raw = await readBounded(stream.body, stream.headers, max, stream.requestId);
        this.readBody(stream.status, stream.headers, raw, stream.requestId);
      }
      this.logger?.debug({ op: 'GetStreamingEvents', requestId: stream.requestId }, 'ews stream opened');
      try {
        yield* readNotificationStream(stream.body, {
          requestId: stream.requestId,
          ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
          onEnvelope: (e) => {
            if (e.serverVersion) this.lastServerVersion = e.serverVersion;
          },
        });
      } catch (err) {
        this.noteFaultVersion(err);
        throw err;
      }
    } finally {
      stream.close();
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  private impersonationKind(options: CallOptions): ConnectingSidKind {
    return options.impersonationKind ?? this.options.impersonationKind ?? 'PrimarySmtpAddress';
  }

  private envelope(body: string, options: CallOptions): string {
    const kind = this.impersonationKind(options);
    return buildRequestEnvelope(body, {
      serverVersion: this.serverVersion,
      ...(options.impersonate ? { impersonation: { kind, value: options.impersonate } } : {}),
      ...(options.timeZone ? { timeZoneId: toWindowsZone(options.timeZone) ?? options.timeZone } : {}),
    });
  }

  private headers(opName: string, options: CallOptions): Record<string, string> {
    const h: Record<string, string> = { soapaction: `"${SOAP_ACTION_BASE}${opName}"` };
    // D: impersonation-and-ews-in-exchange.md: X-AnchorMailbox with every impersonated request that names
    // the mailbox by address (anchor-mailbox.ts).
    if (options.impersonate) {
      const anchor = anchorMailboxFor(this.impersonationKind(options), options.impersonate);
      if (anchor !== undefined) h['x-anchormailbox'] = anchor;
    }
    if (options.affinity) Object.assign(h, options.affinity.headers());
    return h;
  }

  /** 200 and SOAP faults (500) are parsed; any other status is an HTTP error. */
  private readBody(status: number, headers: HeaderMap, body: Buffer, requestId: string): XmlElement {
    const contentType = String(headers['content-type'] ?? '');
    const xml =
      /xml/i.test(contentType) || body.subarray(0, 64).toString('latin1').trimStart().startsWith('<');
    if (status !== 200 && !(status === 500 && xml)) {
      throw new EwsHttpStatusError(status, firstLine(body), retryAfterMs(headers['retry-after']), {
        requestId,
      });
    }
    let parsed: ReturnType<typeof parseResponseEnvelope>;
    try {
      parsed = parseResponseEnvelope(body, {
        httpStatus: status,
        maxBytes: this.options.maxResponseBytes ?? 64 * 1024 * 1024,
        ...(this.options.maxXmlDepth ? { maxDepth: this.options.maxXmlDepth } : {}),
      });
    } catch (err) {
      this.noteFaultVersion(err);
      throw err;
    }
    if (parsed.serverVersion) this.lastServerVersion = parsed.serverVersion;
    return parsed.body;
  }

  /** Faults carry ServerVersionInfo in their header too; record it before the fault propagates. */
  private noteFaultVersion(err: unknown): void {
    if (err instanceof SoapFaultError && err.serverVersion) this.lastServerVersion = err.serverVersion;
  }
}

/**
 * HTTP 200 where every ResponseMessage is a transient error (ErrorServerBusy, ErrorInternalServerError
 * under load: D: ews-throttling-in-exchange.md) is treated as a call-level failure the retry
 * policy can act on; mixed batches are returned to the caller per item.
 */
function throwIfEveryMessageTransient(body: XmlElement): void {
  const list = child(body, NS_MESSAGES, 'ResponseMessages');
  const messages = list?.children.filter((c) => c.ns === NS_MESSAGES) ?? [];
  if (messages.length === 0) return;
  const errors = messages.map((m) =>
    m.attrs['ResponseClass'] === 'Error' ? responseMessageError(m) : undefined,
  );
  if (errors.every((e) => e !== undefined && TRANSIENT_RESPONSE_CODES.has(e.responseCode))) throw errors[0];
}

function firstLine(body: Buffer): string {
  const s = body
    .subarray(0, 200)
    .toString('utf8')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s.slice(0, 120);
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function codeOf(error: unknown): string {
  if (error && typeof error === 'object') {
    if ('responseCode' in error && typeof error.responseCode === 'string') return error.responseCode;
    if ('code' in error && typeof error.code === 'string') return error.code;
  }
  return 'unknown';
}

function requestIdOf(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'requestId' in error && typeof error.requestId === 'string'
    ? error.requestId
    : undefined;
}
