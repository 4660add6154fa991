import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import { isDistinguished, type BaseFolderId, type BaseItemId, type ItemId } from '../../ews/types/ids.ts';
import type { Account } from '../directory.ts';
import { KNOWN_DISTINGUISHED_NAMES, type Mailbox } from '../mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../mailbox/model.ts';
import { attachmentOf, decodeChangeKey, decodeId, type DecodedId } from '../mailbox/ids.ts';
import type { SimState } from '../state.ts';
import { folderNotFound, idMalformed, ItemError, itemNotFound } from './errors.ts';

/** Everything an operation handler needs for one request. */
export interface OpContext {
  readonly sim: SimState;
  readonly account: Account;
  readonly mailbox: Mailbox;
  readonly requestVersion: string;
  readonly timeZoneId: string | undefined;
  readonly body: XmlElement;
}

// What Exchange answers for an id that cannot name the object asked for (D: responsecode.md; message texts
// as Exchange words them where public transcripts show them: "Id must be non-empty." for an empty Id,
// "Expected an item Id but received a folder Id." for a folder id given as an ItemId).
const idEmpty = (): ItemError => new ItemError('ErrorInvalidIdEmpty', 'Id must be non-empty.');
const folderIdForItemId = (): ItemError =>
  new ItemError('ErrorCannotUseFolderIdForItemId', 'Expected an item Id but received a folder Id.');
const itemIdForFolderId = (): ItemError =>
  new ItemError('ErrorCannotUseItemIdForFolderId', 'Expected a folder Id but received an item Id.');
const notAnAttachmentId = (): ItemError =>
  new ItemError('ErrorInvalidIdNotAnItemAttachmentId', 'The Id is not an attachment Id.');

export type IdUse = 'item' | 'folder' | 'attachment';

/**
 * Decodes the Id attribute of a request element for one use, with Exchange's error for each way it can fail:
 * empty → ErrorInvalidIdEmpty; not one of our ids (bad base64, foreign, truncated) → ErrorInvalidIdMalformed;
 * a folder id where an item id belongs and the reverse → ErrorCannotUse…; an item or folder id where an
 * attachment id belongs → ErrorInvalidIdNotAnItemAttachmentId.
 */
export function decodeRequestId(raw: string, use: IdUse): DecodedId {
  if (raw === '') throw idEmpty();
  const d = decodeId(raw);
  if (!d) throw idMalformed();
  if (use === 'attachment') {
    if (!attachmentOf(d)) throw notAnAttachmentId();
    return d;
  }
  if (attachmentOf(d)) throw idMalformed();
  if (use === 'item' && d.kind === 'folder') throw folderIdForItemId();
  if (use === 'folder' && d.kind !== 'folder') throw itemIdForFolderId();
  return d;
}

/**
 * Checks a ChangeKey's form (not its freshness): present but unparseable or empty → ErrorInvalidChangeKey
 * (D: responsecode.md: "a change key that cannot be parsed, e.g. invalid base64 or an empty string").
 * Returns the decoded version, or undefined when the id has none.
 */
export function parseChangeKey(ck: string | undefined): { entry: number; version: number } | undefined {
  if (ck === undefined) return undefined;
  const decoded = decodeChangeKey(ck);
  if (!decoded) throw new ItemError('ErrorInvalidChangeKey', 'The change key is invalid.');
  return decoded;
}

function mailboxOf(ctx: OpContext, d: DecodedId): Mailbox {
  if (d.mailbox === ctx.mailbox.no) return ctx.mailbox;
  // An id of another mailbox: Exchange answers as if it did not exist for this caller.
  throw new ItemError('ErrorItemNotFound', 'The specified object was not found in the store.');
}

/** Resolves a t:FolderId or t:DistinguishedFolderId as read by the shared parsers. */
export function resolveFolder(ctx: OpContext, id: BaseFolderId): Folder {
  if (isDistinguished(id)) {
    // The request passed schema validation: Id is a DistinguishedFolderIdNameType value. Those this
    // mailbox does not create (archive, public folders...) are not found.
    const smtp = id.mailbox?.emailAddress?.trim();
    if (smtp && smtp.toLowerCase() !== ctx.mailbox.smtp.toLowerCase()) {
      throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const f = ctx.mailbox.distinguished(id.distinguished);
    if (!f && !KNOWN_DISTINGUISHED_NAMES.has(id.distinguished))
      throw new ItemError('ErrorInvalidOperation', 'The distinguished folder name is unrecognized.');
    if (!f) throw folderNotFound();
    return f;
  }
  const d = decodeRequestId(id.id, 'folder');
  if (d.mailbox !== ctx.mailbox.no) throw folderNotFound();
  const f = ctx.mailbox.folders.get(d.entry);
  if (!f) throw folderNotFound();
  return f;
}

/**
 * The plain t:ItemId an operation that takes no occurrence ids (MoveItem, CopyItem, SendItem...) needs;
 * an OccurrenceItemId or RecurringMasterItemId there is ErrorInvalidIdMalformed.
 */
export function plainItemId(id: BaseItemId): ItemId {
  if ('kind' in id) throw idMalformed();
  return id;
}

/** Resolves t:ItemId (item ids only; occurrence ids are handled by the calendar code). */
export function resolveItem(ctx: OpContext, id: ItemId): StoredItem {
  const d = decodeRequestId(id.id, 'item');
  // Occurrence ids name calendar occurrences; only the calendar code (resolveAnyItem) takes them.
  if (d.kind !== 'item') throw idMalformed();
  const item = mailboxOf(ctx, d).items.get(d.entry);
  if (!item) throw itemNotFound();
  return item;
}

/**
 * Resolves the t:AttachmentId of a GetAttachment/DeleteAttachment request: the holding item must still exist
 * (ErrorItemNotFound otherwise, as for any id of a gone item) and still hold the attachment
 * (ErrorInvalidAttachmentId: "returned by GetAttachment or DeleteAttachment when an attachment that
 * corresponds to the specified ID is not found", D: responsecode.md).
 */
export function resolveAttachment(
  ctx: OpContext,
  id: string,
): { item: StoredItem; attachment: StoredItem['attachments'][number] } {
  const d = decodeRequestId(id, 'attachment');
  const ref = attachmentOf(d)!;
  if (ref.mailbox !== ctx.mailbox.no) throw itemNotFound();
  for (const item of ctx.mailbox.items.values()) {
    if (item.uid !== ref.itemUid) continue;
    const attachment = item.attachments.find((a) => a.no === ref.attachmentNo);
    if (!attachment)
      throw new ItemError(
        'ErrorInvalidAttachmentId',
        'The attachment with the specified Id could not be found.',
      );
    return { item, attachment };
  }
  throw itemNotFound();
}
