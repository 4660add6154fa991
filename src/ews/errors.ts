// One error hierarchy for everything under src/ews. Every class carries a stable `code` string (for
// programs and logs) and a human sentence (`message`). Transport errors (HTTP, TLS, auth) live in
// src/ews/transport/errors.ts and extend EwsError too.
import type { ServerVersionInfo } from './soap/envelope.ts';
import { toResponseCode, type ResponseCode } from './types/response-code.ts';

/** Values of a MessageXml element: `<t:Value Name="BackOffMilliseconds">N</t:Value>` → `{ BackOffMilliseconds: 'N' }`;
 * other children (`<t:LineNumber>11</t:LineNumber>`) → `{ LineNumber: '11' }`. */
export type MessageXmlValues = Readonly<Record<string, string>>;

export interface EwsErrorOptions {
  cause?: unknown;
  /** HTTP status of the response that carried the error, when there was one. */
  httpStatus?: number;
}

export class EwsError extends Error {
  readonly code: string;
  readonly httpStatus: number | undefined;
  constructor(code: string, message: string, options: EwsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = options.httpStatus;
  }
}

// ---- XML ----------------------------------------------------------------------------------------

export type XmlErrorCode =
  | 'ews.xml_malformed'
  | 'ews.xml_unbound_prefix'
  | 'ews.xml_invalid_character'
  | 'ews.xml_doctype_forbidden'
  | 'ews.xml_too_deep'
  | 'ews.xml_too_large';

/** The input is not well-formed XML (or not namespace-well-formed). */
export class XmlParseError extends EwsError {
  declare readonly code: XmlErrorCode;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(
    code: XmlErrorCode,
    message: string,
    position: { line?: number; column?: number } = {},
    options?: EwsErrorOptions,
  ) {
    super(code, message, options);
    this.line = position.line;
    this.column = position.column;
  }
}

/** The input was refused before being expanded: DOCTYPE/ENTITY declarations, nesting or size beyond limits. */
export class XmlSecurityError extends XmlParseError {}

// ---- SOAP / EWS ---------------------------------------------------------------------------------

export interface EwsFaultDetails {
  /** EWS ResponseCode as the server wrote it, e.g. `ErrorServerBusy`; for non-EWS faults the local part
   * of faultcode. Any text is accepted: codes the schema does not list are read, never refused. */
  responseCode: string;
  messageText: string;
  messageXml: MessageXmlValues;
}

/**
 * The server's explanation without the response code: the first non-empty text, minus a leading
 * "<code>:" some servers put in front (a non-Microsoft server sent faultstring
 * "ErrorImpersonateUserDenied: ..." with no detail Message), so the code is shown once.
 */
export function explanationOf(responseCode: string, ...texts: readonly string[]): string {
  for (const t of texts) {
    let text = t.trim();
    while (responseCode !== '' && text.startsWith(responseCode)) {
      const rest = text.slice(responseCode.length);
      if (rest !== '' && !/^[\s:.-]/.test(rest)) break;
      text = rest.replace(/^[\s:.-]+/, '');
    }
    if (text !== '') return text;
  }
  return '';
}

/** A SOAP Fault (HTTP 500): the whole request failed (schema errors, impersonation denied, server busy...). */
export class SoapFaultError extends EwsError {
  declare readonly code: 'ews.soap_fault';
  /** The schema's code, or UnlistedResponseCode (see `rawResponseCode`): branch on this. */
  readonly responseCode: ResponseCode;
  /** The code exactly as the server sent it (a non-EWS fault: the local part of faultcode): show this. */
  readonly rawResponseCode: string;
  readonly messageText: string;
  readonly messageXml: MessageXmlValues;
  /** faultcode as written, e.g. `a:ErrorSchemaValidation` or `s:Client`. */
  readonly faultCode: string;
  readonly faultString: string;
  /** The server's explanation without the code (MessageText, else faultstring); may be empty. */
  readonly reason: string;
  /** ServerVersionInfo of the fault's SOAP header: Exchange sends it with faults too (e.g.
   * ErrorNonExistentMailbox), so a failed first call still tells which release answered. */
  readonly serverVersion: ServerVersionInfo | undefined;
  constructor(
    details: EwsFaultDetails & {
      faultCode: string;
      faultString: string;
      serverVersion?: ServerVersionInfo | undefined;
    },
    options?: EwsErrorOptions,
  ) {
    const raw = details.responseCode.trim();
    const reason = explanationOf(raw, details.messageText, details.faultString);
    super('ews.soap_fault', `${raw}: ${reason || 'no message text'}`, options);
    this.reason = reason;
    this.responseCode = toResponseCode(raw);
    this.rawResponseCode = raw;
    this.messageText = details.messageText;
    this.messageXml = details.messageXml;
    this.faultCode = details.faultCode;
    this.faultString = details.faultString;
    this.serverVersion = details.serverVersion;
  }
  get backOffMs(): number | undefined {
    return backOffFrom(this.messageXml);
  }
}

/** One item of a batch (or a single-item call) came back with ResponseClass="Error". */
export class ResponseMessageError extends EwsError {
  declare readonly code: 'ews.response_error';
  /** The schema's code, or UnlistedResponseCode (see `rawResponseCode`): branch on this. */
  readonly responseCode: ResponseCode;
  /** The code exactly as the server sent it: show this. */
  readonly rawResponseCode: string;
  readonly messageText: string;
  readonly messageXml: MessageXmlValues;
  /** The server's MessageText without a repeated code; may be empty. */
  readonly reason: string;
  constructor(details: EwsFaultDetails, options?: EwsErrorOptions) {
    const raw = details.responseCode.trim();
    const reason = explanationOf(raw, details.messageText);
    super('ews.response_error', `${raw}: ${reason || 'no message text'}`, options);
    this.reason = reason;
    this.responseCode = toResponseCode(raw);
    this.rawResponseCode = raw;
    this.messageText = details.messageText;
    this.messageXml = details.messageXml;
  }
  get backOffMs(): number | undefined {
    return backOffFrom(this.messageXml);
  }
}

/** Well-formed XML that is not the EWS response we expected (missing body element, wrong root...). */
export class EwsProtocolError extends EwsError {
  declare readonly code: 'ews.unexpected_response';
  constructor(message: string, options?: EwsErrorOptions) {
    super('ews.unexpected_response', message, options);
  }
}

/** The caller asked for a request EWS would refuse (e.g. MaxChangesReturned 513, an invalid XML character). */
export class EwsRequestError extends EwsError {
  declare readonly code: 'ews.invalid_request';
  constructor(message: string, options?: EwsErrorOptions) {
    super('ews.invalid_request', message, options);
  }
}

function backOffFrom(values: MessageXmlValues): number | undefined {
  const raw = values['BackOffMilliseconds'];
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

// ---- classification -----------------------------------------------------------------------------

/** Response codes that mean "the server could not do it now; the same request may succeed later"
 * (D: ews-throttling-in-exchange.md tables 3/4, responsecode.md; exchangelib treats the same set as retryable). */
export const TRANSIENT_RESPONSE_CODES: ReadonlySet<ResponseCode> = new Set<ResponseCode>([
  'ErrorServerBusy',
  'ErrorInternalServerTransientError',
  'ErrorTooManyObjectsOpened',
  'ErrorTimeoutExpired',
  'ErrorInternalServerError',
  'ErrorMailboxStoreUnavailable',
  'ErrorMailboxMoveInProgress',
  'ErrorConnectionFailed',
  'ErrorBatchProcessingStopped',
  'ErrorExceededConnectionCount',
]);

const TRANSIENT_HTTP_STATUS: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

export interface ErrorClassification {
  transient: boolean;
  /** The server's BackOffMilliseconds, when it gave one: a retry must not happen earlier. */
  backOffMs?: number;
}

/** Anything an error class may expose to say it is worth retrying (transport errors set this). */
interface RetryHint {
  retryable?: unknown;
}

/**
 * Transient vs permanent. Whether a transient failure may be retried is still the caller's decision
 * (a CreateItem that timed out may have been executed).
 */
export function classifyEwsError(error: unknown): ErrorClassification {
  if (error instanceof SoapFaultError || error instanceof ResponseMessageError) {
    const backOffMs = error.backOffMs;
    // ErrorInternalServerError may wrap the real cause (InnerErrorResponseCode, e.g. ErrorServerBusy or
    // ErrorQuotaExceededOnDelete); the inner code decides.
    const inner = error.messageXml['InnerErrorResponseCode']?.trim();
    const code =
      error.responseCode === 'ErrorInternalServerError' && inner ? toResponseCode(inner) : error.responseCode;
    const transient =
      TRANSIENT_RESPONSE_CODES.has(code) ||
      backOffMs !== undefined ||
      (error.httpStatus !== undefined && TRANSIENT_HTTP_STATUS.has(error.httpStatus));
    return backOffMs === undefined ? { transient } : { transient, backOffMs };
  }
  if (error instanceof XmlParseError || error instanceof EwsRequestError) return { transient: false };
  if (error instanceof EwsError) {
    if (error.httpStatus !== undefined && TRANSIENT_HTTP_STATUS.has(error.httpStatus))
      return { transient: true };
    if ((error as RetryHint).retryable === true) return { transient: true };
  }
  return { transient: false };
}
