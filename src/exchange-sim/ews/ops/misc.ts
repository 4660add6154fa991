// Attachments, ResolveNames and ConvertId: parameters from the shared ServerOperation parsers, responses
// from the shared builders.
import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import { convertId as sharedConvertId, type AlternateId } from '../../../ews/operations/convert-id.ts';
import {
  createAttachment as sharedCreateAttachment,
  type CreatedAttachment,
} from '../../../ews/operations/create-attachment.ts';
import { deleteAttachment as sharedDeleteAttachment } from '../../../ews/operations/delete-attachment.ts';
import { getAttachment as sharedGetAttachment } from '../../../ews/operations/get-attachment.ts';
import {
  resolveNames as sharedResolveNames,
  type ResolutionSet,
} from '../../../ews/operations/resolve-names.ts';
import { decodeId } from '../../mailbox/ids.ts';
import type { Attachment, StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { resolveAttachment, resolveItem } from '../context.ts';
import { ItemError, idMalformed, itemNotFound } from '../errors.ts';
import { attachmentId, wireAttachment } from '../item-write.ts';
import { parseAttachments } from '../item-parse.ts';
import { attempt, messageError, perInput, requestOf } from '../request.ts';
import { attachmentShape } from '../shape.ts';

function findAttachment(ctx: OpContext, id: string): { item: StoredItem; a: Attachment } {
  const { item, attachment } = resolveAttachment(ctx, id);
  return { item, a: attachment };
}

export function getAttachment(ctx: OpContext): string {
  const req = requestOf(sharedGetAttachment, ctx);
  const shape = attachmentShape(req.shape);
  const results = perInput(req.attachmentIds, (id) => {
    const { item, a } = findAttachment(ctx, id);
    return wireAttachment(ctx.mailbox, item, a, { shape });
  });
  return sharedGetAttachment.buildResponseBody(results);
}

export function createAttachment(ctx: OpContext): string {
  const req = requestOf(sharedCreateAttachment, ctx);
  const parsed = parseAttachments(child(ctx.body, NS_MESSAGES, 'Attachments')!);
  let item: StoredItem;
  try {
    item = resolveItem(ctx, req.parentItemId);
  } catch (err) {
    if (err instanceof ItemError)
      return sharedCreateAttachment.buildResponseBody([{ ok: false, error: messageError(err) }]);
    throw err;
  }
  const results = parsed.map((p) =>
    attempt((): CreatedAttachment => {
      const a = { ...p, no: item.nextAttachmentNo++ } as Attachment;
      item.attachments.push(a);
      ctx.mailbox.touchItem(item, false);
      const ids = ctx.mailbox.itemId(item);
      return {
        id: attachmentId(ctx.mailbox, item, a.no),
        rootItemId: ids.id,
        rootItemChangeKey: ids.changeKey,
        kind: a.kind,
      };
    }),
  );
  return sharedCreateAttachment.buildResponseBody(results);
}

export function deleteAttachment(ctx: OpContext): string {
  const req = requestOf(sharedDeleteAttachment, ctx);
  const results = perInput(req.attachmentIds, (id) => {
    const { item, a } = findAttachment(ctx, id);
    item.attachments.splice(item.attachments.indexOf(a), 1);
    ctx.mailbox.touchItem(item, false);
    const ids = ctx.mailbox.itemId(item);
    return { id: ids.id, changeKey: ids.changeKey };
  });
  return sharedDeleteAttachment.buildResponseBody(results);
}

/** ResolveNames against the directory: SMTP address, display name or alias prefix. */
export function resolveNames(ctx: OpContext): string {
  const req = requestOf(sharedResolveNames, ctx);
  const q = req.unresolvedEntry
    .trim()
    .replace(/^(smtp|SMTP):/, '')
    .toLowerCase();
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
  if (hits.length === 0) {
    const none = new ItemError('ErrorNameResolutionNoResults', 'No results were found.');
    return sharedResolveNames.buildResponseBody([{ ok: false, error: messageError(none) }]);
  }
  const set: ResolutionSet = {
    resolutions: hits.map((a) => ({
      mailbox: { name: a.displayName, emailAddress: a.smtp!, routingType: 'SMTP', mailboxType: 'Mailbox' },
    })),
    totalItemsInView: hits.length,
    includesLastItemInRange: true,
  };
  // Several matches are still results, flagged with a Warning (D: resolvenames-operation.md).
  const warning =
    hits.length > 1
      ? messageError(new ItemError('ErrorNameResolutionMultipleResults', 'Multiple results were found.'))
      : undefined;
  return sharedResolveNames.buildResponseBody([
    warning ? { ok: true, value: set, warning } : { ok: true, value: set },
  ]);
}

/** ConvertId between EwsId/EwsLegacyId/EntryId/OwaId: our ids are the same bytes in every format. */
export function convertId(ctx: OpContext): string {
  const req = requestOf(sharedConvertId, ctx);
  const dest = req.destinationFormat;
  const results = perInput(req.sourceIds, (source): AlternateId => {
    const raw = source.id;
    const asBase64 = source.format === 'HexEntryId' ? Buffer.from(raw, 'hex').toString('base64') : raw;
    const d = decodeId(asBase64);
    if (!d) throw idMalformed();
    if (d.kind === 'item' && !ctx.mailbox.items.has(d.entry)) throw itemNotFound();
    const id =
      dest === 'HexEntryId' ? Buffer.from(asBase64, 'base64').toString('hex').toUpperCase() : asBase64;
    return { format: dest, id, mailbox: ctx.mailbox.smtp };
  });
  return sharedConvertId.buildResponseBody(results);
}
