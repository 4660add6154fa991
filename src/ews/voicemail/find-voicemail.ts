// Finding a deposited voice message again by voxsync's message id (idempotent retries after a crash
// between CreateItem and the local commit).
import type { SearchExpression } from '../types/restrictions.ts';
import type { FindItemInput } from '../operations/find-item.ts';
import type { BaseFolderId } from '../types/ids.ts';
import { findExtendedProperty } from '../types/extended-properties.ts';
import type { ItemFields } from '../types/item.ts';
import { VOXSYNC_MESSAGE_ID } from './properties.ts';

export function voxsyncMessageIdRestriction(voxsyncMessageId: string): SearchExpression {
  return { op: 'IsEqualTo', path: { extended: VOXSYNC_MESSAGE_ID }, value: voxsyncMessageId };
}

/** FindItem input that returns the item(s) carrying this voxsync id, with the id property itself. */
export function findVoicemailInput(
  voxsyncMessageId: string,
  folder: BaseFolderId = { distinguished: 'inbox' },
): FindItemInput {
  return {
    parentFolderIds: [folder],
    shape: { baseShape: 'IdOnly', additionalProperties: [{ extended: VOXSYNC_MESSAGE_ID }] },
    traversal: 'Shallow',
    view: { type: 'IndexedPage', offset: 0, maxEntriesReturned: 10 },
    restriction: voxsyncMessageIdRestriction(voxsyncMessageId),
  };
}

/** The voxsync message id stored on a parsed item, if any. */
export function voxsyncMessageIdOf(item: ItemFields): string | undefined {
  const p = findExtendedProperty(item.extendedProperties, VOXSYNC_MESSAGE_ID);
  return p === undefined || Array.isArray(p.value) ? undefined : p.value;
}
