// EWS request handling: envelope parse, RequestServerVersion, impersonation, dispatch on the body root's
// local name (EWS ignores SOAPAction), and the response or fault envelope.
import { buildResponseEnvelope, isExchangeVersion, readRequestEnvelope } from '../../ews/soap/envelope.ts';
import type { RequestEnvelope } from '../../ews/soap/envelope.ts';
import { NS_MESSAGES } from '../../ews/soap/namespaces.ts';
import { XmlParseError } from '../../ews/errors.ts';
import { parseXml, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { validateRequest } from '../schema/validate.ts';
import { locateViolation } from '../schema/locate.ts';
import type { Account } from '../directory.ts';
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { SimState } from '../state.ts';
import type { OpContext } from './context.ts';
import { impersonatedAccount } from './impersonation.ts';
import { SimFault, locateSchemaFault, schemaFault } from './errors.ts';
import { faultEnvelope } from './fault.ts';
import { SERVER_VERSION_INFO, checkRequestVersion } from './versions.ts';
import { createFolder, deleteFolder, findFolder, getFolder, syncFolderHierarchy } from './ops/folders.ts';
import { copyItem, createItem, deleteItem, getItem, moveItem } from './ops/items.ts';
import { updateItem } from './ops/update-item.ts';
import { syncFolderItems } from './ops/sync-items.ts';
import { findItem } from './ops/find-item.ts';
import { getEvents, unsubscribe } from './ops/notifications.ts';
import { subscribeAny } from './ops/push.ts';
import { sendItem } from './ops/send-item.ts';
import { exportItems, uploadItems } from './ops/export-upload.ts';
import { convertId, createAttachment, deleteAttachment, getAttachment, resolveNames } from './ops/misc.ts';

export type Handler = (ctx: OpContext) => string;

export const OPERATIONS: Readonly<Record<string, Handler>> = {
  GetFolder: getFolder,
  FindFolder: findFolder,
  CreateFolder: createFolder,
  DeleteFolder: deleteFolder,
  SyncFolderHierarchy: syncFolderHierarchy,
  SyncFolderItems: syncFolderItems,
  FindItem: findItem,
  GetItem: getItem,
  CreateItem: createItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  MoveItem: moveItem,
  CopyItem: copyItem,
  GetAttachment: getAttachment,
  CreateAttachment: createAttachment,
  DeleteAttachment: deleteAttachment,
  ResolveNames: resolveNames,
  ConvertId: convertId,
  Subscribe: subscribeAny,
  Unsubscribe: unsubscribe,
  GetEvents: getEvents,
  SendItem: sendItem,
  ExportItems: exportItems,
  UploadItems: uploadItems,
};

export interface EwsReply {
  readonly status: number;
  readonly xml: string;
  readonly operation: string;
}

/**
 * Parses the envelope and validates it against Microsoft's schema before anything runs, as Exchange does:
 * malformed XML, refused constructs and schema violations become ErrorSchemaValidation with the line and
 * position of the first problem. An unknown RequestServerVersion is not a schema fault (see
 * operationContext), so it is answered first.
 */
export function parseRequest(body: Buffer): RequestEnvelope {
  let root: XmlElement;
  let env: RequestEnvelope;
  try {
    root = parseXml(body, { maxBytes: 64 * 1024 * 1024 });
    env = readRequestEnvelope(root);
  } catch (err) {
    if (err instanceof XmlParseError) throw schemaFault(err.message, err.line ?? 1, err.column ?? 1);
    throw schemaFault(err instanceof Error ? err.message : String(err));
  }
  if (env.serverVersion !== undefined && !isExchangeVersion(env.serverVersion)) throw invalidServerVersion();
  const violation = validateRequest(root);
  if (violation) {
    const at = locateViolation(body.toString('utf8'), root, violation);
    throw schemaFault(violation.message, at.line, at.position);
  }
  return env;
}

const invalidServerVersion = (): SimFault =>
  new SimFault('ErrorInvalidServerVersion', 'The specified server version is invalid.');

/** The mailbox the request acts on: the impersonated one, or the caller's own. */
export function targetMailbox(sim: SimState, account: Account, env: RequestEnvelope): Mailbox {
  const imp = env.impersonation;
  if (!imp) {
    const own = account.smtp ? sim.mailbox(account.smtp) : undefined;
    if (!own)
      throw new SimFault('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');
    return own;
  }
  const target = impersonatedAccount(sim, imp);
  const mailbox = target?.smtp ? sim.mailbox(target.smtp) : undefined;
  if (!target || !mailbox)
    throw new SimFault('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');
  if (target !== account && !sim.directory.canImpersonate(account, target.smtp!)) {
    throw new SimFault(
      'ErrorImpersonateUserDenied',
      'The account does not have permission to impersonate the requested user.',
    );
  }
  return mailbox;
}

export function operationContext(sim: SimState, account: Account, env: RequestEnvelope): OpContext {
  const requested = env.serverVersion;
  if (requested !== undefined) {
    const check = checkRequestVersion(sim.serverVersion, requested);
    // An unknown value is not a schema fault: Exchange's version handling answers ErrorInvalidServerVersion,
    // which clients use to step down (exchangelib 4.9 probes with the non-existent "Exchange2019" first).
    if (check !== 'ok') throw invalidServerVersion();
  }
  if (env.body.ns !== NS_MESSAGES) {
    throw schemaFault(
      `The element '${env.body.local}' in namespace '${env.body.ns}' is not a known EWS request.`,
    );
  }
  const mailbox = targetMailbox(sim, account, env);
  return {
    sim,
    account,
    mailbox,
    requestVersion: requested ?? 'Exchange2013',
    timeZoneId: env.timeZoneId,
    body: env.body,
  };
}

export function unimplemented(operation: string): SimFault {
  // Not ErrorInvalidRequest: clients read that as a version mismatch and retry with every older version.
  return new SimFault(
    'ErrorInvalidOperation',
    `The operation ${operation} is not implemented by the voxsync Exchange simulator.`,
  );
}

/** Handles a complete (non-streaming) request. */
export interface HandleOptions {
  /** Fault mode: CreateItem drops inline attachments. */
  readonly dropInlineAttachments?: boolean;
}

export function handleEws(
  sim: SimState,
  account: Account,
  body: Buffer,
  options: HandleOptions = {},
): EwsReply {
  const version = SERVER_VERSION_INFO[sim.serverVersion];
  let operation = '(unparsed)';
  try {
    const env = parseRequest(body);
    operation = env.body.local;
    const ctx = { ...operationContext(sim, account, env), ...options };
    const handler = OPERATIONS[operation];
    if (!handler) throw unimplemented(operation);
    return { status: 200, xml: buildResponseEnvelope(handler(ctx), version), operation };
  } catch (err) {
    if (err instanceof SimFault) {
      const located = locateSchemaFault(err, body.toString('utf8'));
      return { status: located.httpStatus, xml: faultEnvelope(located, version), operation };
    }
    throw err;
  }
}
