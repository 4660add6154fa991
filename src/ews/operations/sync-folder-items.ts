// SyncFolderItems: the changes of one folder since a SyncState (none = from the start), at most
// MaxChangesReturned (1..512, XSD MaxSyncChangesReturnedType) per call.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { parseBool } from '../types/codec.ts';
import {
  readBaseFolderId,
  readItemId,
  readItemIds,
  writeFolderIds,
  writeItemIds,
  type BaseFolderId,
  type BaseItemId,
  type ItemId,
} from '../types/ids.ts';
import { isItemElement, readItem, writeItem, type Item } from '../types/items.ts';
import { readItemShape, writeItemShape, type ItemShape } from '../types/shapes.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, emptySyncPage, parseBatch } from './response-messages.ts';

export const MAX_SYNC_CHANGES = 512;

export interface SyncFolderItemsInput {
  /** IdOnly + AdditionalProperties is best: SyncFolderItems never returns bodies or attachments. */
  shape: ItemShape;
  folderId: BaseFolderId;
  /** Omit for the first synchronization. */
  syncState?: string;
  /** Items whose changes should not be reported (e.g. our own writes). */
  ignore?: BaseItemId[];
  maxChangesReturned: number;
  syncScope?: 'NormalItems' | 'NormalAndAssociatedItems';
}

/** `itemXml` (server side): the item already serialized, written in place of `item` (the Exchange
 * simulator keeps item content as sent, so it does not go through the typed item codecs). */
export type ItemChangeEvent =
  | { type: 'create'; item: Item; itemXml?: string }
  | { type: 'update'; item: Item; itemXml?: string }
  | { type: 'delete'; itemId: ItemId }
  | { type: 'readFlagChange'; itemId: ItemId; isRead: boolean };

export interface SyncFolderItemsPage {
  syncState: string;
  includesLastItemInRange: boolean;
  changes: ItemChangeEvent[];
}
export type SyncFolderItemsOutput = BatchResult<SyncFolderItemsPage>[];

export function validateMaxChanges(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SYNC_CHANGES) {
    throw new EwsRequestError(
      `MaxChangesReturned must be an integer from 1 to ${MAX_SYNC_CHANGES}, got ${n}.`,
    );
  }
}

/** MaxSyncChangesReturnedType: xs:int 1..512; anything else is a body the schema refuses. */
function readMaxChanges(el: XmlElement): number {
  const text = el.text.trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (n >= 1 && n <= MAX_SYNC_CHANGES) return n;
  const why = Number.isNaN(n)
    ? "The string '" + text + "' is not a valid Int32 value."
    : n < 1
      ? 'The MinInclusive constraint failed.'
      : 'The MaxInclusive constraint failed.';
  throw new EwsProtocolError(
    `The 'http://schemas.microsoft.com/exchange/services/2006/messages:MaxChangesReturned' element is invalid - The value '${text}' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:MaxSyncChangesReturnedType' - ${why}`,
  );
}

const SYNC_SCOPES = ['NormalItems', 'NormalAndAssociatedItems'] as const;

function readSyncScope(text: string): (typeof SYNC_SCOPES)[number] {
  const t = text.trim();
  if (!(SYNC_SCOPES as readonly string[]).includes(t)) {
    throw new EwsProtocolError(
      `The 'SyncScope' element is invalid - The value '${t}' is invalid according to its datatype 'SyncFolderItemsScopeType' - The Enumeration constraint failed.`,
    );
  }
  return t as (typeof SYNC_SCOPES)[number];
}

function readChange(el: XmlElement): ItemChangeEvent | undefined {
  if (el.ns !== NS_TYPES) return undefined;
  switch (el.local) {
    case 'Create':
    case 'Update': {
      const itemEl = el.children.find(isItemElement);
      if (itemEl === undefined) throw new EwsProtocolError(`${el.local} change without an item.`);
      return { type: el.local === 'Create' ? 'create' : 'update', item: readItem(itemEl) };
    }
    case 'Delete':
      return { type: 'delete', itemId: readItemId(requireChild(el, NS_TYPES, 'ItemId')) };
    case 'ReadFlagChange':
      return {
        type: 'readFlagChange',
        itemId: readItemId(requireChild(el, NS_TYPES, 'ItemId')),
        isRead: parseBool(requireChild(el, NS_TYPES, 'IsRead').text),
      };
    default:
      return undefined;
  }
}

export function readSyncFolderItemsMessage(msg: XmlElement): SyncFolderItemsPage {
  const changes: ItemChangeEvent[] = [];
  const changesEl = child(msg, NS_MESSAGES, 'Changes');
  if (changesEl !== undefined) {
    for (const c of changesEl.children) {
      const change = readChange(c);
      if (change !== undefined) changes.push(change);
    }
  }
  return {
    syncState: child(msg, NS_MESSAGES, 'SyncState')?.text.trim() ?? '',
    includesLastItemInRange: parseBool(requireChild(msg, NS_MESSAGES, 'IncludesLastItemInRange').text),
    changes,
  };
}

export const syncFolderItems: Operation<SyncFolderItemsInput, SyncFolderItemsOutput> &
  ServerOperation<SyncFolderItemsInput, SyncFolderItemsOutput> = {
  name: 'SyncFolderItems',
  buildBody(input) {
    validateMaxChanges(input.maxChangesReturned);
    const w = new XmlWriter().start('m:SyncFolderItems');
    writeItemShape(w, 'm:ItemShape', input.shape);
    writeFolderIds(w, 'm:SyncFolderId', [input.folderId]);
    if (input.syncState !== undefined && input.syncState !== '') w.leaf('m:SyncState', input.syncState);
    if (input.ignore !== undefined && input.ignore.length > 0) writeItemIds(w, 'm:Ignore', input.ignore);
    w.leaf('m:MaxChangesReturned', input.maxChangesReturned);
    w.leafOpt('m:SyncScope', input.syncScope);
    return w.end().toString();
  },
  parseBody: (body) => parseBatch(body, 'SyncFolderItemsResponse', readSyncFolderItemsMessage),
  parseRequest(body: XmlElement) {
    const folderId = requireChild(body, NS_MESSAGES, 'SyncFolderId')
      .children.map(readBaseFolderId)
      .find((f) => f !== undefined);
    if (folderId === undefined) throw new EwsProtocolError('SyncFolderItems without SyncFolderId.');
    const input: SyncFolderItemsInput = {
      shape: readItemShape(requireChild(body, NS_MESSAGES, 'ItemShape')),
      folderId,
      maxChangesReturned: readMaxChanges(requireChild(body, NS_MESSAGES, 'MaxChangesReturned')),
    };
    const state = child(body, NS_MESSAGES, 'SyncState');
    if (state !== undefined && state.text.trim() !== '') input.syncState = state.text.trim();
    const ignore = child(body, NS_MESSAGES, 'Ignore');
    if (ignore !== undefined) input.ignore = readItemIds(ignore);
    const scope = child(body, NS_MESSAGES, 'SyncScope');
    if (scope !== undefined) input.syncScope = readSyncScope(scope.text);
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages(
      'SyncFolderItemsResponse',
      'SyncFolderItemsResponseMessage',
      output,
      (w, page) => {
        w.leaf('m:SyncState', page.syncState);
        w.leaf('m:IncludesLastItemInRange', page.includesLastItemInRange);
        w.start('m:Changes');
        for (const c of page.changes) {
          if (c.type === 'create' || c.type === 'update') {
            w.start(c.type === 'create' ? 't:Create' : 't:Update');
            if (c.itemXml !== undefined) w.raw(c.itemXml);
            else writeItem(w, c.item);
            w.end();
          } else if (c.type === 'delete') {
            w.start('t:Delete').empty('t:ItemId', { Id: c.itemId.id, ChangeKey: c.itemId.changeKey }).end();
          } else {
            w.start('t:ReadFlagChange')
              .empty('t:ItemId', { Id: c.itemId.id, ChangeKey: c.itemId.changeKey })
              .leaf('t:IsRead', c.isRead)
              .end();
          }
        }
        w.end();
      },
      undefined,
      emptySyncPage('IncludesLastItemInRange'),
    ),
};
