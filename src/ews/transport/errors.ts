// Transport-level failures: HTTP, TLS, authentication, timeouts, broken bodies. Each carries the
// request id sent as `client-request-id`, so a log line can be matched with the server's logs.
// `retryable` is the hint the shared classifier (classifyEwsError) reads.
import { EwsError } from '../errors.ts';

export interface TransportErrorOptions {
  cause?: unknown;
  httpStatus?: number;
  requestId?: string;
}

/** Base of every transport error. */
export class EwsTransportError extends EwsError {
  readonly requestId: string | undefined;
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean, options: TransportErrorOptions = {}) {
    super(code, message, {
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.httpStatus === undefined ? {} : { httpStatus: options.httpStatus }),
    });
    this.requestId = options.requestId;
    this.retryable = retryable;
  }
}

/** No response (or no complete body) within the per-request timeout. */
export class EwsTimeoutError extends EwsTransportError {
  constructor(timeoutMs: number, options?: TransportErrorOptions) {
    super('ews.timeout', `EWS request timed out after ${timeoutMs} ms`, true, options);
  }
}

/** The connection failed, was reset, or closed before the whole body arrived. */
export class EwsConnectionError extends EwsTransportError {
  constructor(
    code: 'ews.connection_failed' | 'ews.connection_reset' | 'ews.truncated_body',
    message: string,
    options?: TransportErrorOptions,
  ) {
    super(code, message, true, options);
  }
}

/** The response body exceeded the configured limit; reading stopped at the limit. */
export class EwsResponseTooLargeError extends EwsTransportError {
  readonly limitBytes: number;
  constructor(limitBytes: number, options?: TransportErrorOptions) {
    super(
      'ews.response_too_large',
      `EWS response body is larger than the ${limitBytes}-byte limit`,
      false,
      options,
    );
    this.limitBytes = limitBytes;
  }
}

const TRANSIENT_STATUS = new Set([408, 429, 502, 503, 504]);

/** An HTTP status that carries no SOAP envelope (503 from IIS, 404 wrong URL, 502 from a proxy...). */
export class EwsHttpStatusError extends EwsTransportError {
  /** Server's Retry-After in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(
    status: number,
    detail: string,
    retryAfterMs: number | undefined,
    options?: TransportErrorOptions,
  ) {
    super(
      'ews.http_status',
      `EWS server answered HTTP ${status}${detail ? `: ${detail}` : ''}`,
      TRANSIENT_STATUS.has(status),
      { ...options, httpStatus: status },
    );
    this.retryAfterMs = retryAfterMs;
  }
  /** The retry policy treats Retry-After like BackOffMilliseconds. */
  get backOffMs(): number | undefined {
    return this.retryAfterMs;
  }
}

/** HTTP 401: the credentials were refused or the server wants a scheme we did not use. */
export class EwsAuthenticationError extends EwsTransportError {
  /** Scheme names from every WWW-Authenticate header, e.g. ["Negotiate", "NTLM", "Basic"]. */
  readonly offeredSchemes: readonly string[];
  readonly usedScheme: string;
  constructor(usedScheme: string, offeredSchemes: readonly string[], options?: TransportErrorOptions) {
    const offered = offeredSchemes.length > 0 ? offeredSchemes.join(', ') : 'none';
    super(
      'ews.auth_failed',
      `EWS server refused ${usedScheme} authentication (HTTP 401); it offers: ${offered}`,
      false,
      { ...options, httpStatus: 401 },
    );
    this.offeredSchemes = offeredSchemes;
    this.usedScheme = usedScheme;
  }
}

/** The server's certificate chain is not trusted (no system CA, trusted PEM or pin matches it). */
export class EwsTlsUntrustedError extends EwsTransportError {
  readonly verifyCode: string;
  /** SHA-256 fingerprints (hex, colon-separated) of the presented chain, leaf first. */
  readonly presented: readonly string[];
  constructor(
    host: string,
    verifyCode: string,
    presented: readonly string[],
    options?: TransportErrorOptions,
  ) {
    super(
      'ews.tls_untrusted',
      `TLS certificate of ${host} is not trusted (${verifyCode}); presented SHA-256: ${presented.join(' / ') || 'none'}`,
      false,
      options,
    );
    this.verifyCode = verifyCode;
    this.presented = presented;
  }
}

/** Pins are configured and no certificate of the presented chain matches any of them. */
export class EwsTlsPinMismatchError extends EwsTransportError {
  readonly expected: readonly string[];
  readonly presented: readonly string[];
  constructor(
    host: string,
    expected: readonly string[],
    presented: readonly string[],
    options?: TransportErrorOptions,
  ) {
    super(
      'ews.tls_pin_mismatch',
      `TLS certificate pin mismatch for ${host}: expected SHA-256 ${expected.join(' or ')}, ` +
        `server presented ${presented.join(' / ') || 'no certificate'}`,
      false,
      options,
    );
    this.expected = expected;
    this.presented = presented;
  }
}

/** The caller's AbortSignal fired. */
export class EwsAbortedError extends EwsTransportError {
  constructor(options?: TransportErrorOptions) {
    super('ews.aborted', 'EWS request was aborted by the caller', false, options);
  }
}
