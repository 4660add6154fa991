// Retry policy for EWS calls. It retries only failures classified transient, never earlier than the
// server's BackOffMilliseconds (or Retry-After), adds jitter on top (never below the back-off), caps
// attempts, and refuses to repeat a non-idempotent operation (CreateItem...) unless the failure shows
// the server rejected the request before executing it, or the caller explicitly allows it.
import { SoapFaultError, ResponseMessageError, classifyEwsError } from '../errors.ts';
import type { ResponseCode } from '../types/response-code.ts';
import { EwsAbortedError, EwsConnectionError, EwsHttpStatusError, EwsTransportError } from './errors.ts';

/** Response codes with which Exchange refuses a request before doing any work (budget checks). */
const REJECTED_BEFORE_EXECUTION: ReadonlySet<ResponseCode> = new Set<ResponseCode>([
  'ErrorServerBusy',
  'ErrorExceededConnectionCount',
  'ErrorTooManyObjectsOpened',
]);

export interface RetryClassification {
  /** The same request may succeed later. */
  readonly transient: boolean;
  /** The server asked for at least this wait (BackOffMilliseconds / Retry-After). */
  readonly backOffMs?: number;
  /**
   * The server certainly did not execute the request (throttled before processing, HTTP 503 from
   * the front end, connection never established), so even a non-idempotent call may be repeated.
   */
  readonly rejectedBeforeExecution: boolean;
}

/** Classification of any error thrown by an EWS call; public so callers can decide themselves. */
export function classifyForRetry(error: unknown): RetryClassification {
  const base = classifyEwsError(error);
  let backOffMs = base.backOffMs;
  if (backOffMs === undefined && error instanceof EwsHttpStatusError) backOffMs = error.backOffMs;
  let rejected = false;
  if (error instanceof SoapFaultError || error instanceof ResponseMessageError) {
    rejected = REJECTED_BEFORE_EXECUTION.has(error.responseCode);
  } else if (error instanceof EwsHttpStatusError) {
    rejected = error.httpStatus === 503 || error.httpStatus === 429;
  } else if (error instanceof EwsConnectionError) {
    rejected = error.code === 'ews.connection_failed';
  }
  const transient = base.transient || (error instanceof EwsTransportError && error.retryable);
  return backOffMs === undefined
    ? { transient, rejectedBeforeExecution: rejected }
    : { transient, backOffMs, rejectedBeforeExecution: rejected };
}

export interface RetryPolicyOptions {
  /** Total attempts including the first. Default 4. */
  readonly maxAttempts?: number;
  /** First exponential delay when the server gave no back-off. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Cap of the exponential delay (a server back-off may exceed it). Default 30 s. */
  readonly maxDelayMs?: number;
  /**
   * Back-offs longer than this are not slept through inside a call; the error (with its backOffMs) goes
   * to the caller, whose scheduler can defer the mailbox instead of holding a worker. Default 60 s.
   */
  readonly maxBackOffMs?: number;
  /** Jitter added on top of each delay, as a fraction of it. Default 0.2. */
  readonly jitter?: number;
  readonly random?: () => number;
}

export interface RetryContext {
  /** Repeating the call cannot create duplicates (GetItem, SyncFolderItems...). */
  readonly idempotent: boolean;
  /** Caller's explicit consent to repeat a non-idempotent call after any transient failure. */
  readonly retryNonIdempotent?: boolean;
  readonly signal?: AbortSignal;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxBackOffMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxBackOffMs = options.maxBackOffMs ?? 60_000;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
  }

  /** Whether the error allows another attempt under this context (ignores the attempt cap). */
  mayRetry(error: unknown, ctx: Pick<RetryContext, 'idempotent' | 'retryNonIdempotent'>): boolean {
    const c = classifyForRetry(error);
    if (!c.transient) return false;
    if (c.backOffMs !== undefined && c.backOffMs > this.maxBackOffMs) return false;
    return ctx.idempotent || ctx.retryNonIdempotent === true || c.rejectedBeforeExecution;
  }

  /** Delay before attempt `attempt + 1` (attempt counts from 1): never below the server's back-off. */
  delayMs(attempt: number, error: unknown): number {
    const c = classifyForRetry(error);
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    const floor = Math.max(exp, c.backOffMs ?? 0);
    return Math.ceil(floor + floor * this.jitter * this.random());
  }

  async run<T>(fn: (attempt: number) => Promise<T>, ctx: RetryContext): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt);
      } catch (error) {
        if (attempt >= this.maxAttempts || !this.mayRetry(error, ctx)) throw error;
        const delayMs = this.delayMs(attempt, error);
        ctx.onRetry?.({ attempt, delayMs, error });
        await sleep(delayMs, ctx.signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new EwsAbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new EwsAbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
