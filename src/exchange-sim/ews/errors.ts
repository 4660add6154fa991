import type { MessageXmlValues } from '../../ews/errors.ts';

/** A request-level failure: the simulator answers with a SOAP Fault (HTTP 500 unless stated). */
export class SimFault extends Error {
  readonly code: string;
  constructor(
    readonly responseCode: string,
    message: string,
    readonly messageXml: MessageXmlValues = {},
    readonly httpStatus = 500,
    /** For schema faults raised after validation: local name of the offending element, located later. */
    readonly element?: string,
  ) {
    super(message);
    this.name = 'SimFault';
    this.code = responseCode;
  }
}

/** A per-item failure: one ResponseMessage with ResponseClass="Error" (the batch goes on). */
export class ItemError extends Error {
  readonly code: string;
  constructor(
    readonly responseCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ItemError';
    this.code = responseCode;
  }
}

/**
 * ErrorSchemaValidation the way Exchange words it (Fault-response samples), with line and position. The
 * request validator (../schema/validate.ts) raises these before dispatch; the few checks left in operations
 * cover rules the schema cannot express.
 */
export function schemaFault(violation: string, line = 1, position = 1): SimFault {
  return new SimFault('ErrorSchemaValidation', 'The request failed schema validation: ' + violation, {
    LineNumber: String(line),
    LinePosition: String(position),
    Violation: violation,
  });
}

/**
 * A schema fault found by an operation's own parse after validation passed (rules the schema cannot express),
 * located at the first `element` of that name in the request text by locateSchemaFault.
 */
export function schemaFaultAt(violation: string, element: string): SimFault {
  const f = schemaFault(violation);
  return new SimFault(f.responseCode, f.message, f.messageXml, 500, element);
}

/** Fills in LineNumber/LinePosition: the first character of the element's name in its start tag. */
export function locateSchemaFault(f: SimFault, request: string): SimFault {
  if (f.element === undefined) return f;
  const m = new RegExp(`<((?:[\\w.-]+:)?)${f.element}[\\s/>]`).exec(request);
  if (!m) return f;
  const before = request.slice(0, m.index);
  const line = before.split('\n').length;
  const position = m.index - before.lastIndexOf('\n') + 1 + (m[1]?.length ?? 0);
  return schemaFault(f.messageXml['Violation'] ?? f.message, line, position);
}

export const itemNotFound = (): ItemError =>
  new ItemError('ErrorItemNotFound', 'The specified object was not found in the store.');
export const folderNotFound = (): ItemError =>
  new ItemError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
export const idMalformed = (): ItemError => new ItemError('ErrorInvalidIdMalformed', 'Id is malformed.');
