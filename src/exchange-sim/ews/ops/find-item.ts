// FindItem: parameters (shape, traversal, view, restriction) from the shared parser; the page of stored
// items is written here and handed to the shared response builder.
import type { StoredItem } from '../../mailbox/model.ts';
import { findItem as sharedFindItem, type ItemPage } from '../../../ews/operations/find-item.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import { predicateOf } from '../restriction.ts';
import { perInput, requestOf } from '../request.ts';
import { itemShape } from '../shape.ts';
import { calendarView } from '../calendar/view.ts';

export function findItem(ctx: OpContext): string {
  const req = requestOf(sharedFindItem, ctx);
  const shape = itemShape(req.shape);
  const view = req.view;
  const limit = ctx.sim.policy.ewsFindCountLimit;
  const results = perInput(req.parentFolderIds, (id): ItemPage => {
    const folder = resolveFolder(ctx, id);
    if (view?.type === 'Calendar') {
      if (req.restriction)
        throw new ItemError('ErrorInvalidRestriction', 'Restrictions are not supported with a CalendarView.');
      return calendarView(ctx, folder, view, shape);
    }
    const predicate = req.restriction ? predicateOf(req.restriction) : undefined;
    let items: StoredItem[] = req.traversal === 'Shallow' ? [...folder.items.values()] : [];
    if (predicate) items = items.filter(predicate);
    items.sort((a, b) => b.received.getTime() - a.received.getTime() || b.uid - a.uid);
    const max = Math.min(view?.maxEntriesReturned ?? limit, limit);
    const offset = view?.offset ?? 0;
    const from = view?.basePoint === 'End' ? Math.max(0, items.length - offset - max) : offset;
    const page = items.slice(from, from + max);
    return {
      items: [],
      itemsXml: page.map((i) => writeItem(ctx.mailbox, i, shape, 'find')).join(''),
      indexedPagingOffset: from + page.length,
      totalItemsInView: items.length,
      includesLastItemInRange: from + page.length >= items.length,
    };
  });
  return sharedFindItem.buildResponseBody(results);
}
