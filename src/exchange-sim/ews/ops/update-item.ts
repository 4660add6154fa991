// UpdateItem with Exchange's ChangeKey and ConflictResolution rules (D: updateitem.md, responsecode.md).
import { child, type XmlElement } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES } from '../../../ews/soap/namespaces.ts';
import type { StoredItem } from '../../mailbox/model.ts';
import { decodeChangeKey } from '../../mailbox/ids.ts';
import type { OpContext } from '../context.ts';
import { ItemError, schemaFaultAt } from '../errors.ts';
import {
  extendedKey,
  isMessageFlags,
  parseExtendedProperty,
  PR_MESSAGE_FLAGS,
  readUri,
} from '../extended.ts';
import { readPath, type PropertyPath } from '../../../ews/types/paths.ts';
import { EwsProtocolError } from '../../../ews/errors.ts';
import { DICTIONARIES, checkProperty, deleteFromDictionary, mergeDictionary } from '../item-parse.ts';
import { parsedWith, perInput } from '../request.ts';
import { readBaseItemId } from '../../../ews/types/ids.ts';
import {
  readUpdateItemOptions,
  updateItem as sharedUpdateItem,
  type ConflictResolution,
  type UpdatedItem,
} from '../../../ews/operations/update-item.ts';
import { pathElement } from '../shape.ts';
import { occurrenceId, resolveAnyItem, updateOccurrence } from '../calendar/occurrences.ts';
import { canonicalProperty } from '../canonical.ts';

type Resolution = ConflictResolution;

interface FieldChange {
  readonly op: 'Set' | 'Append' | 'Delete';
  /** Element name, or the extended key. */
  readonly field: string;
  /** Read by the shared path reader. */
  readonly path: PropertyPath;
  /** The property element as sent: it is stored as is (item content is a property bag, see item-parse.ts). */
  readonly value: XmlElement | undefined;
}

const OPS: Record<string, FieldChange['op']> = {
  SetItemField: 'Set',
  AppendToItemField: 'Append',
  DeleteItemField: 'Delete',
};

function readPathOrFault(el: XmlElement): PropertyPath | undefined {
  try {
    const p = readPath(el);
    if (p !== undefined && 'extended' in p) readUri(el);
    return p;
  } catch (err) {
    if (err instanceof EwsProtocolError) throw schemaFaultAt(err.message, el.local);
    throw err;
  }
}

function parseChanges(updates: XmlElement, timeZoneId: string | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  for (const u of updates.children) {
    // The schema validator has checked the change's shape: one of the three change elements, a t:Path
    // (FieldURI, IndexedFieldURI or ExtendedFieldURI) first and, for Set/Append, the item element holding
    // the value second.
    const op = OPS[u.local]!;
    const path = readPathOrFault(u.children[0]!)!;
    const holder = op === 'Delete' ? undefined : u.children[1];
    let field: string;
    let value: XmlElement | undefined;
    if ('extended' in path) {
      field = extendedKey(path.extended);
      value = holder ? child(holder, NS_TYPES, 'ExtendedProperty') : undefined;
    } else {
      field = pathElement(path)!;
      const given = holder ? child(holder, NS_TYPES, field) : undefined;
      value = given && canonicalProperty(holder!.local, given, timeZoneId);
    }
    if (op !== 'Delete' && !value) {
      throw new ItemError(
        'ErrorIncorrectUpdatePropertyCount',
        'An object within a change description must contain one and only one property to modify.',
      );
    }
    if (value && !('extended' in path)) checkProperty(value);
    out.push({ op, field, path, value });
  }
  return out;
}

/** Applies ChangeKey rules; throws the error Exchange would give. */
function checkChangeKey(
  item: StoredItem,
  ck: string | undefined,
  resolution: Resolution,
  changes: FieldChange[],
): void {
  if (ck === undefined) {
    if (resolution === 'NeverOverwrite') {
      throw new ItemError(
        'ErrorChangeKeyRequiredForWriteOperations',
        'When making a request that uses NeverOverwrite, a change key is required.',
      );
    }
    return;
  }
  const decoded = decodeChangeKey(ck);
  if (!decoded || decoded.entry !== item.uid)
    throw new ItemError('ErrorInvalidChangeKey', 'The change key is invalid.');
  if (decoded.version > item.version)
    throw new ItemError('ErrorInvalidChangeKey', 'The change key is invalid.');
  if (decoded.version === item.version || resolution === 'AlwaysOverwrite') return;
  if (resolution === 'NeverOverwrite') {
    throw new ItemError(
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    );
  }
  // AutoResolve: property-level merge; fails only when one of our properties changed after the client's version.
  for (const c of changes) {
    if ((item.fieldVersions.get(c.field) ?? 0) > decoded.version) {
      throw new ItemError(
        'ErrorIrresolvableConflict',
        'The update could not be performed because a property being updated was changed by another client.',
      );
    }
  }
}

function applyChange(item: StoredItem, c: FieldChange): void {
  if ('extended' in c.path) {
    if (c.op === 'Delete') {
      item.extended.delete(c.field);
      return;
    }
    const { key, prop } = parseExtendedProperty(c.value!);
    if (isMessageFlags(prop.uri)) {
      const flags = Number.parseInt(String(prop.value), 10);
      if (!Number.isFinite(flags))
        throw new ItemError('ErrorInvalidExtendedPropertyValue', 'The extended property value is invalid.');
      item.messageFlags = flags;
      item.isRead = (flags & 1) === 1;
    } else item.extended.set(key, prop);
    return;
  }
  if (c.field === 'IsRead') {
    if (c.op === 'Delete')
      throw new ItemError('ErrorInvalidPropertyDelete', 'This property cannot be deleted.');
    // An xs:boolean: the schema validator has refused any other value.
    const v = c.value!.text.trim();
    item.isRead = v === 'true' || v === '1';
    item.messageFlags = item.isRead ? item.messageFlags | 1 : item.messageFlags & ~1;
    return;
  }
  if (c.field === 'Attachments')
    throw new ItemError('ErrorInvalidPropertySet', 'Use CreateAttachment to add attachments.');
  if ('indexedFieldUri' in c.path) {
    const existing = item.props.get(c.field);
    if (c.op === 'Delete') {
      if (!existing) return;
      const uri = c.path.indexedFieldUri;
      const part = uri.startsWith('contacts:PhysicalAddress:') ? uri.split(':')[2] : undefined;
      const left = deleteFromDictionary(existing, c.path.fieldIndex, part);
      if (left) item.props.set(c.field, left);
      else item.props.delete(c.field);
      return;
    }
    item.props.set(c.field, mergeDictionary(existing, c.value!));
    return;
  }
  if (c.op === 'Delete') item.props.delete(c.field);
  else if (c.op === 'Append' && item.props.has(c.field)) {
    const prev = item.props.get(c.field)!;
    item.props.set(c.field, {
      ...prev,
      text: prev.text + c.value!.text,
      children: [...prev.children, ...c.value!.children],
    });
  } else if (DICTIONARIES.has(c.field) && item.props.has(c.field)) {
    item.props.set(c.field, mergeDictionary(item.props.get(c.field), c.value!));
  } else item.props.set(c.field, c.value!);
}

export function updateItem(ctx: OpContext): string {
  const options = parsedWith(readUpdateItemOptions, ctx);
  const resolution = options.conflictResolution;
  // The changes hold item content, which is stored as sent: read from the request elements (item-parse.ts).
  // ItemChanges, and in each ItemChange an item id then Updates, are required by the schema (validated).
  const changes = child(ctx.body, NS_MESSAGES, 'ItemChanges')!;
  const results = perInput(changes.children, (change): UpdatedItem => {
    const id = parsedWith(() => readBaseItemId(change.children[0]!), ctx)!;
    const updates = child(change, NS_TYPES, 'Updates')!;
    const resolved = resolveAnyItem(ctx, id);
    const item = resolved.item;
    if (item.kind === 'CalendarItem' && options.sendMeetingInvitationsOrCancellations === undefined) {
      throw new ItemError(
        'ErrorSendMeetingInvitationsOrCancellationsRequired',
        'SendMeetingInvitationsOrCancellations attribute is required for Calendar items.',
      );
    }
    const list = parseChanges(updates, ctx.timeZoneId);
    checkChangeKey(item, id.changeKey, resolution, list);
    if (resolved.occurrence !== undefined) {
      for (const c of list) updateOccurrence(item, resolved.occurrence, c.field, c.value);
      ctx.mailbox.touchItem(item, false);
      const ids = occurrenceId(ctx.mailbox, item, resolved.occurrence);
      return {
        itemId: { id: ids.id, changeKey: ids.changeKey },
        element: 'CalendarItem',
        conflictResults: 0,
      };
    }
    for (const c of list) applyChange(item, c);
    const readOnly = list.every(
      (c) =>
        c.field === 'IsRead' || ('extended' in c.path && c.path.extended.propertyTag === PR_MESSAGE_FLAGS),
    );
    ctx.mailbox.touchItem(item, readOnly);
    for (const c of list) item.fieldVersions.set(c.field, item.version);
    const ids = ctx.mailbox.itemId(item);
    return { itemId: { id: ids.id, changeKey: ids.changeKey }, element: item.kind, conflictResults: 0 };
  });
  return sharedUpdateItem.buildResponseBody(results);
}
