// FindItem: items of folders with an IndexedPageItemView (paging) or a CalendarView (expanded
// occurrences; no restriction or offset allowed with it), an optional restriction (e.g. IsEqualTo on an
// extended property) and sort order.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { boolAttr, enumAttr } from '../types/codec.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import {
  readItemShape,
  readView,
  writeItemShape,
  writeView,
  type ItemShape,
  type ItemView,
} from '../types/shapes.ts';
import { readRestriction, writeRestriction, type SearchExpression } from '../types/restrictions.ts';
import { readPath, writePath, type PropertyPath } from '../types/paths.ts';
import { readItems, writeItem, type Item } from '../types/items.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export const ITEM_TRAVERSALS = ['Shallow', 'SoftDeleted', 'Associated'] as const;
export type ItemTraversal = (typeof ITEM_TRAVERSALS)[number];

export interface SortField {
  path: PropertyPath;
  order: 'Ascending' | 'Descending';
}

export interface FindItemInput {
  parentFolderIds: BaseFolderId[];
  shape: ItemShape;
  traversal?: ItemTraversal;
  view?: ItemView;
  restriction?: SearchExpression;
  sortOrder?: SortField[];
}

export interface ItemPage {
  items: Item[];
  /** Server side: the page's items already serialized, written in place of `items` (the Exchange simulator
   * keeps item content as sent, so it does not go through the typed item codecs). */
  itemsXml?: string;
  indexedPagingOffset?: number;
  totalItemsInView?: number;
  includesLastItemInRange?: boolean;
}
export type FindItemOutput = BatchResult<ItemPage>[];

export const findItem: Operation<FindItemInput, FindItemOutput> &
  ServerOperation<FindItemInput, FindItemOutput> = {
  name: 'FindItem',
  buildBody(input) {
    if (input.view?.type === 'Calendar' && input.restriction !== undefined) {
      throw new EwsRequestError('A CalendarView cannot be combined with a restriction.');
    }
    const w = new XmlWriter().start('m:FindItem', { Traversal: input.traversal ?? 'Shallow' });
    writeItemShape(w, 'm:ItemShape', input.shape);
    if (input.view !== undefined) writeView(w, input.view, 'Item');
    if (input.restriction !== undefined) writeRestriction(w, input.restriction);
    if (input.sortOrder !== undefined && input.sortOrder.length > 0) {
      w.start('m:SortOrder');
      for (const s of input.sortOrder) {
        w.start('t:FieldOrder', { Order: s.order });
        writePath(w, s.path);
        w.end();
      }
      w.end();
    }
    writeFolderIds(w, 'm:ParentFolderIds', input.parentFolderIds);
    return w.end().toString();
  },
  parseBody(body) {
    return parseBatch(body, 'FindItemResponse', (msg) => {
      const root = child(msg, NS_MESSAGES, 'RootFolder');
      const page: ItemPage = { items: [] };
      if (root === undefined) return page;
      const items = child(root, NS_TYPES, 'Items');
      if (items !== undefined) page.items = readItems(items);
      const groups = child(root, NS_TYPES, 'Groups');
      if (groups !== undefined) {
        for (const g of groups.children) {
          const gi = child(g, NS_TYPES, 'Items');
          if (gi !== undefined) page.items.push(...readItems(gi));
        }
      }
      const a = root.attrs;
      if (a['IndexedPagingOffset'] !== undefined) page.indexedPagingOffset = Number(a['IndexedPagingOffset']);
      if (a['TotalItemsInView'] !== undefined) page.totalItemsInView = Number(a['TotalItemsInView']);
      const last = boolAttr(a['IncludesLastItemInRange']);
      if (last !== undefined) page.includesLastItemInRange = last;
      return page;
    });
  },
  parseRequest(body: XmlElement) {
    const input: FindItemInput = {
      shape: readItemShape(requireChild(body, NS_MESSAGES, 'ItemShape')),
      parentFolderIds: readFolderIds(requireChild(body, NS_MESSAGES, 'ParentFolderIds')),
      traversal: enumAttr(body, 'Traversal', ITEM_TRAVERSALS) ?? 'Shallow',
    };
    for (const c of body.children) {
      if (c.ns !== NS_MESSAGES) continue;
      const view = readView(c);
      if (view !== undefined) input.view = view;
      else if (c.local === 'Restriction') input.restriction = readRestriction(c);
      else if (c.local === 'SortOrder') {
        input.sortOrder = c.children
          .filter((f) => f.local === 'FieldOrder')
          .flatMap((f) => {
            const path = f.children.map(readPath).find((p) => p !== undefined);
            return path === undefined
              ? []
              : [{ path, order: (f.attrs['Order'] ?? 'Ascending') as SortField['order'] }];
          });
      }
    }
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('FindItemResponse', 'FindItemResponseMessage', output, (w, page) => {
      w.start('m:RootFolder', {
        IndexedPagingOffset: page.indexedPagingOffset,
        TotalItemsInView: page.totalItemsInView ?? page.items.length,
        IncludesLastItemInRange: page.includesLastItemInRange ?? true,
      });
      w.start('t:Items');
      if (page.itemsXml !== undefined) w.raw(page.itemsXml);
      else for (const i of page.items) writeItem(w, i);
      w.end().end();
    }),
};

/** Pages an IndexedPageItemView FindItem until IncludesLastItemInRange, advancing by the server's
 * IndexedPagingOffset. `send` performs one call (transport-independent). */
export async function* findItemPages(
  send: (input: FindItemInput) => Promise<ItemPage>,
  input: FindItemInput & { view: Extract<ItemView, { type: 'IndexedPage' }> },
  maxPages = 10_000,
): AsyncGenerator<ItemPage, void, undefined> {
  let view = input.view;
  for (let n = 0; n < maxPages; n++) {
    const page = await send({ ...input, view });
    yield page;
    if (page.includesLastItemInRange !== false) return;
    const next = page.indexedPagingOffset ?? view.offset + page.items.length;
    if (next <= view.offset) throw new EwsProtocolError('FindItem paging made no progress.');
    view = { ...view, offset: next };
  }
}
