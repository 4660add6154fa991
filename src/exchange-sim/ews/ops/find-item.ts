import { child } from '../../../ews/soap/xml-tree.ts';
import { NS_MESSAGES } from '../../../ews/soap/namespaces.ts';
import type { StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { resolveFolder } from '../context.ts';
import { ItemError, schemaFault } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import { parseRestriction } from '../restriction.ts';
import { perItem, wrap } from '../response.ts';
import { shapeOf } from '../shape.ts';
import { calendarView } from '../calendar/view.ts';

function intAttr(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v))
    throw schemaFault(
      `The '${name}' attribute is invalid - The value '${v}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:int'.`,
    );
  return Number(v);
}

export function findItem(ctx: OpContext): string {
  const shape = shapeOf(ctx.body, 'ItemShape');
  const traversal = ctx.body.attrs['Traversal'] ?? 'Shallow';
  if (!['Shallow', 'SoftDeleted', 'Associated'].includes(traversal)) {
    throw schemaFault(
      `The 'Traversal' attribute is invalid - The value '${traversal}' is invalid according to its datatype 'ItemQueryTraversalType' - The Enumeration constraint failed.`,
    );
  }
  const paged = child(ctx.body, NS_MESSAGES, 'IndexedPageItemView');
  const calView = child(ctx.body, NS_MESSAGES, 'CalendarView');
  const restrictionEl = child(ctx.body, NS_MESSAGES, 'Restriction');
  const predicate = restrictionEl?.children[0] ? parseRestriction(restrictionEl.children[0]) : undefined;
  const parents = child(ctx.body, NS_MESSAGES, 'ParentFolderIds')?.children ?? [];
  const limit = ctx.sim.policy.ewsFindCountLimit;
  return wrap(
    'FindItem',
    perItem(parents, 'FindItemResponseMessage', (el) => {
      const folder = resolveFolder(ctx, el);
      if (calView) {
        if (predicate)
          throw new ItemError(
            'ErrorInvalidRestriction',
            'Restrictions are not supported with a CalendarView.',
          );
        return calendarView(ctx, folder, calView, shape);
      }
      let items: StoredItem[] = traversal === 'Shallow' ? [...folder.items.values()] : [];
      if (predicate) items = items.filter(predicate);
      items.sort((a, b) => b.received.getTime() - a.received.getTime() || b.uid - a.uid);
      const max = Math.min(intAttr(paged?.attrs['MaxEntriesReturned'], 'MaxEntriesReturned', limit), limit);
      const offset = intAttr(paged?.attrs['Offset'], 'Offset', 0);
      const from = paged?.attrs['BasePoint'] === 'End' ? Math.max(0, items.length - offset - max) : offset;
      const page = items.slice(from, from + max);
      const last = from + page.length >= items.length;
      return `<m:RootFolder IndexedPagingOffset="${from + page.length}" TotalItemsInView="${items.length}" IncludesLastItemInRange="${last}"><t:Items>${page.map((i) => writeItem(ctx.mailbox, i, shape, 'find')).join('')}</t:Items></m:RootFolder>`;
    }),
  );
}
