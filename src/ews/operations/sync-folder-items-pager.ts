// Pages SyncFolderItems until IncludesLastItemInRange. It yields each page and only asks for the next
// one when the consumer resumes, so the consumer commits a page's changes (and then its SyncState)
// before more arrive (EWS-PROTOCOL.md 3). Transport-independent: `send` performs one call.
import { EwsProtocolError } from '../errors.ts';
import {
  validateMaxChanges,
  type SyncFolderItemsInput,
  type SyncFolderItemsPage,
} from './sync-folder-items.ts';

export type SyncFolderItemsSend = (input: SyncFolderItemsInput) => Promise<SyncFolderItemsPage>;

export interface SyncPagerOptions {
  /** Safety net against a server that never reports the last page. Default 100000. */
  maxPages?: number;
}

export async function* syncFolderItemsPages(
  send: SyncFolderItemsSend,
  input: SyncFolderItemsInput,
  options: SyncPagerOptions = {},
): AsyncGenerator<SyncFolderItemsPage, void, undefined> {
  validateMaxChanges(input.maxChangesReturned);
  const maxPages = options.maxPages ?? 100_000;
  let request = input;
  for (let n = 0; n < maxPages; n++) {
    const page = await send(request);
    yield page;
    if (page.includesLastItemInRange) return;
    if (page.changes.length === 0 && page.syncState === request.syncState) {
      throw new EwsProtocolError(
        'SyncFolderItems made no progress: no changes, same SyncState, not the last page.',
      );
    }
    request = { ...request, syncState: page.syncState };
  }
  throw new EwsProtocolError(`SyncFolderItems did not finish within ${maxPages} pages.`);
}
