// The contract every EWS operation module fulfils, so one transport call works for all of them:
//   const out = await client.call(getItem, { itemIds, shape }, options)
// buildBody returns the body's root element (prefixes m:/t: are declared by buildRequestEnvelope);
// parseBody receives the Body's root element of a non-fault response.
import type { XmlElement } from '../soap/xml-tree.ts';
import { EwsProtocolError, type ResponseMessageError } from '../errors.ts';

export interface Operation<I, O> {
  /** Local name of the request body root (GetItem, SyncFolderItems...), also the SOAPAction suffix. */
  readonly name: string;
  buildBody(input: I): string;
  parseBody(body: XmlElement): O;
}

/** The server side of an operation, used by the Exchange simulator. */
export interface ServerOperation<I, O> {
  readonly name: string;
  parseRequest(body: XmlElement): I;
  buildResponseBody(output: O): string;
}

/**
 * One result per input, in input order. `warning` is set when the message had ResponseClass=Warning but
 * still carried a result (ResolveNames with several matches: ErrorNameResolutionMultipleResults).
 */
export type BatchResult<T> =
  { ok: true; value: T; warning?: ResponseMessageError } | { ok: false; error: ResponseMessageError };

/** Values of a batch, or the first error thrown. */
export function unwrapAll<T>(results: readonly BatchResult<T>[]): T[] {
  return results.map((r) => {
    if (!r.ok) throw r.error;
    return r.value;
  });
}

/** The single result of a one-item call, or its error thrown. */
export function unwrapOne<T>(results: readonly BatchResult<T>[]): T {
  const first = results[0];
  if (first === undefined) throw new EwsProtocolError('The response held no ResponseMessage.');
  if (!first.ok) throw first.error;
  return first.value;
}

export const SOAP_ACTION_BASE = 'http://schemas.microsoft.com/exchange/services/2006/messages/';
