import type { MessageXmlValues } from '../../ews/errors.ts';

/** A request-level failure: the simulator answers with a SOAP Fault (HTTP 500 unless stated). */
export class SimFault extends Error {
  readonly code: string;
  constructor(
    readonly responseCode: string,
    message: string,
    readonly messageXml: MessageXmlValues = {},
    readonly httpStatus = 500,
    /** For schema faults: local name of the offending element, located in the request text later. */
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

/** ErrorSchemaValidation the way Exchange words it (Fault-response samples), with line and position. */
export function schemaFault(violation: string, line = 1, position = 1): SimFault {
  return new SimFault('ErrorSchemaValidation', 'The request failed schema validation: ' + violation, {
    LineNumber: String(line),
    LinePosition: String(position),
    Violation: violation,
  });
}

/** A schema fault whose line/position is that of the first `element` in the request (see locateSchemaFault). */
export function schemaFaultAt(violation: string, element: string): SimFault {
  const f = schemaFault(violation);
  return new SimFault(f.responseCode, f.message, f.messageXml, 500, element);
}

/** Fills in LineNumber/LinePosition from the request text: the position just after the element's start tag name. */
export function locateSchemaFault(f: SimFault, request: string): SimFault {
  if (!f.element) return f;
  const m = new RegExp(`<(?:[\\w.-]+:)?${f.element}[\\s/>]`).exec(request);
  if (!m) return f;
  const before = request.slice(0, m.index);
  const line = before.split('\n').length;
  const position = m.index - before.lastIndexOf('\n') + f.element.length;
  const violation = f.messageXml['Violation'] ?? f.message;
  return new SimFault(f.responseCode, `${f.message} Line ${line}, position ${position}.`, {
    LineNumber: String(line),
    LinePosition: String(position),
    Violation: `${violation} Line ${line}, position ${position}.`,
  });
}

export const itemNotFound = (): ItemError =>
  new ItemError('ErrorItemNotFound', 'The specified object was not found in the store.');
export const folderNotFound = (): ItemError =>
  new ItemError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
export const idMalformed = (): ItemError => new ItemError('ErrorInvalidIdMalformed', 'Id is malformed.');
