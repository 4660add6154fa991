import { child, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { Account } from '../directory.ts';
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../mailbox/model.ts';
import { decodeId, type DecodedId } from '../mailbox/ids.ts';
import type { SimState } from '../state.ts';
import { folderNotFound, idMalformed, ItemError, itemNotFound, schemaFault } from './errors.ts';

/** Everything an operation handler needs for one request. */
export interface OpContext {
  readonly sim: SimState;
  readonly account: Account;
  readonly mailbox: Mailbox;
  readonly requestVersion: string;
  readonly timeZoneId: string | undefined;
  readonly body: XmlElement;
}

function mailboxOf(ctx: OpContext, d: DecodedId): Mailbox {
  if (d.mailbox === ctx.mailbox.no) return ctx.mailbox;
  // An id of another mailbox: Exchange answers as if it did not exist for this caller.
  throw new ItemError('ErrorItemNotFound', 'The specified object was not found in the store.');
}

/** Resolves t:FolderId or t:DistinguishedFolderId. */
export function resolveFolder(ctx: OpContext, el: XmlElement): Folder {
  if (el.local === 'DistinguishedFolderId') {
    // The request passed schema validation: Id is a DistinguishedFolderIdNameType value. Those this
    // mailbox does not create (archive, public folders...) are not found.
    const name = el.attrs['Id'] ?? '';
    const mbEl = child(el, NS_TYPES, 'Mailbox');
    const smtp = mbEl ? child(mbEl, NS_TYPES, 'EmailAddress')?.text.trim() : undefined;
    if (smtp && smtp.toLowerCase() !== ctx.mailbox.smtp.toLowerCase()) {
      throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const f = ctx.mailbox.distinguished(name);
    if (!f) throw folderNotFound();
    return f;
  }
  if (el.local !== 'FolderId') throw schemaFault(`The element '${el.local}' is unexpected here.`);
  const d = decodeId(el.attrs['Id'] ?? '');
  if (!d || d.kind !== 'folder') throw idMalformed();
  const f = mailboxOf(ctx, d).folders.get(d.entry);
  if (!f) throw folderNotFound();
  return f;
}

/** Resolves t:ItemId (item ids only; occurrence ids are handled by the calendar code). */
export function resolveItem(ctx: OpContext, el: XmlElement): StoredItem {
  const d = decodeId(el.attrs['Id'] ?? '');
  if (!d || d.kind !== 'item') throw idMalformed();
  const item = mailboxOf(ctx, d).items.get(d.entry);
  if (!item) throw itemNotFound();
  return item;
}
