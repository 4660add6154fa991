import type { NumberedEvent } from './hub.ts';
import { watermarkText } from './hub.ts';

const NAME = {
  NewMail: 'NewMailEvent',
  Created: 'CreatedEvent',
  Deleted: 'DeletedEvent',
  Modified: 'ModifiedEvent',
  Moved: 'MovedEvent',
  Copied: 'CopiedEvent',
} as const;

const id = (tag: string, v: { id: string; changeKey: string }): string =>
  `<t:${tag} Id="${v.id}" ChangeKey="${v.changeKey}"/>`;

/** One event in XSD order: Watermark, TimeStamp, ItemId|FolderId, ParentFolderId, then OldItemId|OldFolderId, OldParentFolderId. */
export function eventXml(subId: string, n: NumberedEvent): string {
  const e = n.event;
  const tag = NAME[e.type];
  let x = `<t:${tag}><t:Watermark>${watermarkText(subId, n.watermark)}</t:Watermark><t:TimeStamp>${e.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z')}</t:TimeStamp>`;
  x += e.itemId ? id('ItemId', e.itemId) : id('FolderId', e.folderId!);
  x += id('ParentFolderId', e.parentFolderId);
  if (e.type === 'Moved' || e.type === 'Copied') {
    if (e.oldItemId) x += id('OldItemId', e.oldItemId);
    if (e.oldParentFolderId) x += id('OldParentFolderId', e.oldParentFolderId);
  }
  return `${x}</t:${tag}>`;
}

export function statusEventXml(subId: string, watermark: number): string {
  return `<t:StatusEvent><t:Watermark>${watermarkText(subId, watermark)}</t:Watermark></t:StatusEvent>`;
}
