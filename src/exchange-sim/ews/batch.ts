// One BatchResult per input for the shared response builders (src/ews/operations): an ItemError becomes
// that input's error message, anything else propagates (a request-level fault or a bug).
import { ResponseMessageError } from '../../ews/errors.ts';
import type { BatchResult } from '../../ews/operations/operation.ts';
import { ItemError } from './errors.ts';

export function eachInput<I, T>(inputs: readonly I[], fn: (input: I) => T): BatchResult<T>[] {
  return inputs.map((input) => {
    try {
      return { ok: true, value: fn(input) };
    } catch (err) {
      if (!(err instanceof ItemError)) throw err;
      return { ok: false, error: asResponseError(err) };
    }
  });
}

export function asResponseError(err: ItemError): ResponseMessageError {
  return new ResponseMessageError({
    responseCode: err.responseCode,
    messageText: err.message,
    messageXml: {},
  });
}
