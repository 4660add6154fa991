import { child, type XmlElement } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES, NS_TYPES } from '../../../ews/soap/namespaces.ts';
import type { Mailbox } from '../../mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder, resolveItem } from '../context.ts';
import { ItemError, schemaFault } from '../errors.ts';
import { parseNewItem } from '../item-parse.ts';
import { perItem, wrap } from '../response.ts';
import { shapeOf } from '../shape.ts';
import { typesElement } from '../../xml/write-element.ts';
import { resolveAnyItem } from '../calendar/occurrences.ts';

function required(ctx: OpContext, name: string): XmlElement {
  const el = child(ctx.body, NS_MESSAGES, name);
  if (!el)
    throw schemaFault(
      `The element '${ctx.body.local}' has incomplete content. List of possible elements expected: '${name}'.`,
    );
  return el;
}

function enumAttr(
  ctx: OpContext,
  name: string,
  allowed: readonly string[],
  dflt?: string,
): string | undefined {
  const v = ctx.body.attrs[name] ?? dflt;
  if (v !== undefined && !allowed.includes(v)) {
    throw schemaFault(
      `The '${name}' attribute is invalid - The value '${v}' is invalid according to its datatype - The Enumeration constraint failed.`,
    );
  }
  return v;
}

export function idOnly(mailbox: Mailbox, item: StoredItem): string {
  const ids = mailbox.itemId(item);
  return `<t:${item.kind}><t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/></t:${item.kind}>`;
}

export function getItem(ctx: OpContext): string {
  const shape = shapeOf(ctx.body, 'ItemShape');
  const ids = required(ctx, 'ItemIds').children;
  return wrap(
    'GetItem',
    perItem(
      ids,
      'GetItemResponseMessage',
      (el) => {
        const r = resolveAnyItem(ctx, el);
        return `<m:Items>${r.write(shape)}</m:Items>`;
      },
      '<m:Items/>',
    ),
  );
}

const DEFAULT_FOLDER: Record<string, string> = {
  Message: 'drafts',
  Contact: 'contacts',
  CalendarItem: 'calendar',
  Task: 'tasks',
  Item: 'drafts',
};

export function createItem(ctx: OpContext): string {
  const disposition = enumAttr(ctx, 'MessageDisposition', ['SaveOnly', 'SendOnly', 'SendAndSaveCopy']);
  enumAttr(ctx, 'SendMeetingInvitations', ['SendToNone', 'SendOnlyToAll', 'SendToAllAndSaveCopy']);
  const savedEl = child(ctx.body, NS_MESSAGES, 'SavedItemFolderId')?.children[0];
  const items = required(ctx, 'Items').children;
  return wrap(
    'CreateItem',
    perItem(
      items,
      'CreateItemResponseMessage',
      (el) => {
        const parsed = parseNewItem(el, ctx.timeZoneId);
        const kind = parsed.init.kind;
        if (kind === 'Message' && disposition === undefined) {
          throw new ItemError('ErrorMessageDispositionRequired', 'MessageDisposition attribute is required.');
        }
        const sending = kind === 'Message' && disposition !== 'SaveOnly';
        let folder: Folder;
        if (sending) folder = ctx.mailbox.distinguished('sentitems')!;
        else
          folder = savedEl
            ? resolveFolder(ctx, savedEl)
            : ctx.mailbox.distinguished(DEFAULT_FOLDER[kind] ?? 'drafts')!;
        if (sending) {
          deliver(ctx, parsed.init.props, el);
          parsed.init.messageFlags = 1;
          parsed.init.isRead = true;
          if (disposition === 'SendOnly') return '<m:Items/>';
        }
        const item = ctx.mailbox.createItem(folder, parsed.init);
        for (const a of parsed.attachments) item.attachments.push({ ...a, no: item.nextAttachmentNo++ });
        return `<m:Items>${idOnly(ctx.mailbox, item)}</m:Items>`;
      },
      '<m:Items/>',
    ),
  );
}

/** Sending delivers an unread, received copy to every recipient that has a mailbox on this server. */
function deliver(ctx: OpContext, props: Map<string, XmlElement>, original: XmlElement): void {
  for (const list of ['ToRecipients', 'CcRecipients', 'BccRecipients']) {
    for (const m of props.get(list)?.children ?? []) {
      const addr = child(m, NS_TYPES, 'EmailAddress')?.text.trim();
      const target = addr ? ctx.sim.mailbox(addr) : undefined;
      if (!target) continue;
      const copy = parseNewItem(original).init;
      copy.messageFlags = 0;
      copy.isRead = false;
      if (!copy.props.has('From')) copy.props.set('From', senderElement(ctx.mailbox));
      target.createItem(target.distinguished('inbox')!, copy);
    }
  }
}

export function deleteItem(ctx: OpContext): string {
  const type = enumAttr(ctx, 'DeleteType', ['HardDelete', 'SoftDelete', 'MoveToDeletedItems']);
  if (type === undefined) throw schemaFault("The required attribute 'DeleteType' is missing.");
  const cancellations = enumAttr(ctx, 'SendMeetingCancellations', [
    'SendToNone',
    'SendOnlyToAll',
    'SendToAllAndSaveCopy',
  ]);
  const affected = enumAttr(ctx, 'AffectedTaskOccurrences', ['AllOccurrences', 'SpecifiedOccurrenceOnly']);
  const ids = required(ctx, 'ItemIds').children;
  return wrap(
    'DeleteItem',
    perItem(ids, 'DeleteItemResponseMessage', (el) => {
      const r = resolveAnyItem(ctx, el);
      if (r.item.kind === 'CalendarItem' && cancellations === undefined) {
        throw new ItemError(
          'ErrorSendMeetingCancellationsRequired',
          'SendMeetingCancellations attribute is required for Calendar items.',
        );
      }
      if (r.item.kind === 'Task' && affected === undefined) {
        throw new ItemError(
          'ErrorAffectedTaskOccurrencesRequired',
          'AffectedTaskOccurrences attribute is required for Task items.',
        );
      }
      if (r.deleteOccurrence) {
        r.deleteOccurrence();
        return '';
      }
      const deleted = ctx.mailbox.distinguished('deleteditems')!;
      if (type === 'MoveToDeletedItems' && r.item.folder !== deleted) ctx.mailbox.moveItem(r.item, deleted);
      else ctx.mailbox.deleteItem(r.item);
      return '';
    }),
  );
}

function moveOrCopy(ctx: OpContext, op: 'MoveItem' | 'CopyItem'): string {
  const target = required(ctx, 'ToFolderId').children[0];
  if (!target) throw schemaFault("The element 'ToFolderId' has incomplete content.");
  const ids = required(ctx, 'ItemIds').children;
  const returnIds = (ctx.body.attrs['ReturnNewItemIds'] ?? 'true') === 'true';
  return wrap(
    op,
    perItem(
      ids,
      `${op}ResponseMessage`,
      (el) => {
        const item = resolveItem(ctx, el);
        const folder = resolveFolder(ctx, target);
        const result =
          op === 'MoveItem' ? ctx.mailbox.moveItem(item, folder) : ctx.mailbox.copyItem(item, folder);
        return returnIds ? `<m:Items>${idOnly(ctx.mailbox, result)}</m:Items>` : '<m:Items/>';
      },
      '<m:Items/>',
    ),
  );
}

export const moveItem = (ctx: OpContext): string => moveOrCopy(ctx, 'MoveItem');
export const copyItem = (ctx: OpContext): string => moveOrCopy(ctx, 'CopyItem');

function senderElement(mb: Mailbox): XmlElement {
  return typesElement('From', '', {}, [
    typesElement('Mailbox', '', {}, [
      typesElement('Name', mb.displayName),
      typesElement('EmailAddress', mb.smtp),
      typesElement('RoutingType', 'SMTP'),
    ]),
  ]);
}
