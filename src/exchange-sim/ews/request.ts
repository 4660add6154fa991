// Request parameters come from the shared ServerOperation parsers (src/ews/operations), so the simulator
// and the voxsync client read the protocol one way. Those parsers report a body they cannot read with
// EwsProtocolError; for a server that is a request its schema refuses, which Exchange answers with an
// ErrorSchemaValidation fault.
import { EwsProtocolError, ResponseMessageError } from '../../ews/errors.ts';
import type { BatchResult, ServerOperation } from '../../ews/operations/operation.ts';
import type { BaseFolderId, BaseItemId } from '../../ews/types/ids.ts';
import { isDistinguished } from '../../ews/types/ids.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
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

// The id resolvers (context.ts, calendar/occurrences.ts) take the id element as sent, which is also how
// they locate schema faults; typed ids from the shared parsers are handed to them in that form.
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

function idElement(
  local: string,
  attrs: Record<string, string | undefined>,
  children = NO_CHILDREN,
): XmlElement {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = v;
  return { ns: NS_TYPES, local, attrs: clean, children, text: '' };
}

export function itemIdElement(id: BaseItemId): XmlElement {
  if ('kind' in id && id.kind === 'occurrence') {
    return idElement('OccurrenceItemId', {
      RecurringMasterId: id.recurringMasterId,
      ChangeKey: id.changeKey,
      InstanceIndex: String(id.instanceIndex),
    });
  }
  if ('kind' in id && id.kind === 'recurringMaster') {
    return idElement('RecurringMasterItemId', { OccurrenceId: id.occurrenceId, ChangeKey: id.changeKey });
  }
  const plain = id as { id: string; changeKey?: string };
  return idElement('ItemId', { Id: plain.id, ChangeKey: plain.changeKey });
}

export function folderIdElement(id: BaseFolderId): XmlElement {
  if (!isDistinguished(id)) return idElement('FolderId', { Id: id.id, ChangeKey: id.changeKey });
  const mailbox =
    id.mailbox?.emailAddress === undefined
      ? NO_CHILDREN
      : [
          idElement('Mailbox', {}, [
            {
              ns: NS_TYPES,
              local: 'EmailAddress',
              attrs: {},
              children: NO_CHILDREN,
              text: id.mailbox.emailAddress,
            },
          ]),
        ];
  return idElement('DistinguishedFolderId', { Id: id.distinguished, ChangeKey: id.changeKey }, mailbox);
}
