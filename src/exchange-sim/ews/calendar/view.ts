import type { XmlElement } from '../../../ews/soap/xml-tree.ts';
import type { Folder } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { schemaFault } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import type { Shape } from '../shape.ts';

/** FindItem CalendarView: single items overlapping [StartDate, EndDate). Recurrence expansion comes with occurrences. */
export function calendarView(ctx: OpContext, folder: Folder, view: XmlElement, shape: Shape): string {
  const start = Date.parse(view.attrs['StartDate'] ?? '');
  const end = Date.parse(view.attrs['EndDate'] ?? '');
  if (Number.isNaN(start) || Number.isNaN(end))
    throw schemaFault("The 'StartDate' or 'EndDate' attribute of 'CalendarView' is not a valid dateTime.");
  const max = view.attrs['MaxEntriesReturned'] ? Number(view.attrs['MaxEntriesReturned']) : Infinity;
  const hits = [...folder.items.values()]
    .filter((i) => i.kind === 'CalendarItem')
    .map((i) => ({
      i,
      s: Date.parse(i.props.get('Start')?.text ?? ''),
      e: Date.parse(i.props.get('End')?.text ?? ''),
    }))
    .filter((x) => x.s < end && x.e > start)
    .sort((a, b) => a.s - b.s);
  const page = hits.slice(0, max);
  return `<m:RootFolder TotalItemsInView="${page.length}" IncludesLastItemInRange="${page.length === hits.length}"><t:Items>${page.map((x) => writeItem(ctx.mailbox, x.i, shape, 'find')).join('')}</t:Items></m:RootFolder>`;
}
