// Request parameters come from the shared ServerOperation parsers (src/ews/operations), so the simulator
// and the voxsync client read the protocol one way. Those parsers report a body they cannot read with
// EwsProtocolError; for a server that is a request its schema refuses, which Exchange answers with an
// ErrorSchemaValidation fault.
import { EwsProtocolError, ResponseMessageError } from '../../ews/errors.ts';
import type { BatchResult, ServerOperation } from '../../ews/operations/operation.ts';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { OpContext } from './context.ts';
import { ItemError, schemaFault, schemaFaultAt, type SimFault } from './errors.ts';

export function requestOf<I>(op: ServerOperation<I, unknown>, ctx: OpContext): I {
  return parsedWith((body) => op.parseRequest(body), ctx);
}

/** Like requestOf, with one of the shared modules' partial readers (readCreateItemOptions...). */
export function parsedWith<I>(read: (body: XmlElement) => I, ctx: OpContext): I {
  try {
    return read(ctx.body);
  } catch (err) {
    if (err instanceof EwsProtocolError) throw schemaFaultFor(err.message);
    throw err;
  }
}

/**
 * The shared parsers word schema violations as Exchange does ("The 'ns:Name' element is invalid...",
 * "The element 'Name' has incomplete content..."); the element named there is where the fault is located.
 */
function schemaFaultFor(violation: string): SimFault {
  const m =
    /^The '(?:[^']*:)?([\w.-]+)' element is invalid/.exec(violation) ??
    /^The element '([\w.-]+)' has incomplete content/.exec(violation);
  return m ? schemaFaultAt(violation, m[1]!) : schemaFault(violation);
}

/** One batch entry per input: an ItemError becomes that entry's error message, anything else propagates. */
export function perInput<I, T>(inputs: readonly I[], fn: (input: I) => T): BatchResult<T>[] {
  return inputs.map((input) => attempt(() => fn(input)));
}

export function attempt<T>(fn: () => T): BatchResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof ItemError) return { ok: false, error: messageError(err) };
    throw err;
  }
}

export function messageError(err: ItemError): ResponseMessageError {
  return new ResponseMessageError({
    responseCode: err.responseCode,
    messageText: err.message,
    messageXml: {},
  });
}
