import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import { escapeText } from '../../../ews/soap/xml-writer.ts';
import { decodeId } from '../../mailbox/ids.ts';
import type { OpContext } from '../context.ts';
import { ItemError, idMalformed, itemNotFound, schemaFault } from '../errors.ts';
import { attachmentId } from '../item-write.ts';
import { parseFileAttachments } from '../item-parse.ts';
import { perItem, success, failure, wrap } from '../response.ts';
import { resolveAttachment, resolveItem } from '../context.ts';

function findAttachment(ctx: OpContext, id: string) {
  const { item, attachment } = resolveAttachment(ctx, id);
  return { item, a: attachment };
}

export function getAttachment(ctx: OpContext): string {
  const ids = child(ctx.body, NS_MESSAGES, 'AttachmentIds')?.children ?? [];
  return wrap(
    'GetAttachment',
    perItem(
      ids,
      'GetAttachmentResponseMessage',
      (el) => {
        const { item, a } = findAttachment(ctx, el.attrs['Id'] ?? '');
        const cid = a.contentId === undefined ? '' : `<t:ContentId>${escapeText(a.contentId)}</t:ContentId>`;
        return `<m:Attachments><t:FileAttachment><t:AttachmentId Id="${attachmentId(ctx.mailbox, item, a.no)}"/><t:Name>${escapeText(a.name)}</t:Name><t:ContentType>${escapeText(a.contentType)}</t:ContentType>${cid}<t:Size>${a.content.length}</t:Size><t:IsInline>${a.isInline}</t:IsInline><t:Content>${a.content.toString('base64')}</t:Content></t:FileAttachment></m:Attachments>`;
      },
      '<m:Attachments/>',
    ),
  );
}

export function createAttachment(ctx: OpContext): string {
  const parentEl = child(ctx.body, NS_MESSAGES, 'ParentItemId');
  const atts = child(ctx.body, NS_MESSAGES, 'Attachments');
  if (!parentEl || !atts) throw schemaFault("The element 'CreateAttachment' has incomplete content.");
  let item;
  try {
    item = resolveItem(ctx, parentEl);
  } catch (err) {
    if (err instanceof ItemError)
      return wrap('CreateAttachment', failure('CreateAttachmentResponseMessage', err, '<m:Attachments/>'));
    throw err;
  }
  const parsed = parseFileAttachments(atts);
  let out = '';
  for (const p of parsed) {
    const a = { ...p, no: item.nextAttachmentNo++ };
    item.attachments.push(a);
    ctx.mailbox.touchItem(item, false);
    const ids = ctx.mailbox.itemId(item);
    out += success(
      'CreateAttachmentResponseMessage',
      `<m:Attachments><t:FileAttachment><t:AttachmentId Id="${attachmentId(ctx.mailbox, item, a.no)}" RootItemId="${ids.id}" RootItemChangeKey="${ids.changeKey}"/></t:FileAttachment></m:Attachments>`,
    );
  }
  return wrap('CreateAttachment', out);
}

export function deleteAttachment(ctx: OpContext): string {
  const ids = child(ctx.body, NS_MESSAGES, 'AttachmentIds')?.children ?? [];
  return wrap(
    'DeleteAttachment',
    perItem(ids, 'DeleteAttachmentResponseMessage', (el) => {
      const { item, a } = findAttachment(ctx, el.attrs['Id'] ?? '');
      item.attachments.splice(item.attachments.indexOf(a), 1);
      ctx.mailbox.touchItem(item, false);
      const ids2 = ctx.mailbox.itemId(item);
      return `<m:RootItemId RootItemId="${ids2.id}" RootItemChangeKey="${ids2.changeKey}"/>`;
    }),
  );
}

/** ResolveNames against the directory: SMTP address, display name or alias prefix. */
export function resolveNames(ctx: OpContext): string {
  const entry = child(ctx.body, NS_MESSAGES, 'UnresolvedEntry')?.text.trim() ?? '';
  const q = entry.replace(/^(smtp|SMTP):/, '').toLowerCase();
  const hits =
    q === ''
      ? []
      : ctx.sim.directory
          .mailboxes()
          .filter(
            (a) =>
              a.smtp!.toLowerCase().startsWith(q) ||
              a.displayName.toLowerCase().startsWith(q) ||
              a.userName.toLowerCase() === q,
          );
  const name = 'ResolveNamesResponseMessage';
  if (hits.length === 0) {
    return wrap(
      'ResolveNames',
      failure(name, new ItemError('ErrorNameResolutionNoResults', 'No results were found.')),
    );
  }
  const list = hits
    .map(
      (a) =>
        `<t:Resolution><t:Mailbox><t:Name>${escapeText(a.displayName)}</t:Name><t:EmailAddress>${escapeText(a.smtp!)}</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:Resolution>`,
    )
    .join('');
  const body = `<m:ResolutionSet TotalItemsInView="${hits.length}" IncludesLastItemInRange="true">${list}</m:ResolutionSet>`;
  if (hits.length > 1) {
    return wrap(
      'ResolveNames',
      `<m:${name} ResponseClass="Warning"><m:MessageText>Multiple results were found.</m:MessageText><m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>${body}</m:${name}>`,
    );
  }
  return wrap('ResolveNames', success(name, body));
}

/** ConvertId between EwsId/EwsLegacyId/EntryId/OwaId: our ids are the same bytes in every format. */
export function convertId(ctx: OpContext): string {
  const dest = ctx.body.attrs['DestinationFormat'] ?? '';
  const formats = ['EwsLegacyId', 'EwsId', 'EntryId', 'HexEntryId', 'StoreId', 'OwaId'];
  if (!formats.includes(dest))
    throw schemaFault(
      `The 'DestinationFormat' attribute is invalid - The value '${dest}' is invalid according to its datatype 'IdFormatType' - The Enumeration constraint failed.`,
    );
  const ids = child(ctx.body, NS_MESSAGES, 'SourceIds')?.children ?? [];
  return wrap(
    'ConvertId',
    perItem(ids, 'ConvertIdResponseMessage', (el) => {
      const raw = el.attrs['Id'] ?? '';
      const asBase64 = el.attrs['Format'] === 'HexEntryId' ? Buffer.from(raw, 'hex').toString('base64') : raw;
      const d = decodeId(asBase64);
      if (!d) throw idMalformed();
      if (d.kind === 'item' && !ctx.mailbox.items.has(d.entry)) throw itemNotFound();
      const out =
        dest === 'HexEntryId' ? Buffer.from(asBase64, 'base64').toString('hex').toUpperCase() : asBase64;
      return `<m:AlternateId xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="t:AlternateIdType" Format="${dest}" Id="${out}" Mailbox="${escapeText(ctx.mailbox.smtp)}"/>`;
    }),
  );
}
