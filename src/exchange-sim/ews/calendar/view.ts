import type { ItemPage } from '../../../ews/operations/find-item.ts';
import type { ItemView } from '../../../ews/types/shapes.ts';
import type { Folder, StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { writeItem } from '../item-write.ts';
import type { Shape } from '../shape.ts';
import { seriesOf, writeOccurrence } from './occurrences.ts';
import { instantOf } from './local-time.ts';

type CalendarView = Extract<ItemView, { type: 'Calendar' }>;

interface Hit {
  readonly start: number;
  readonly xml: () => string;
}

/**
 * FindItem CalendarView: single items, occurrences and exceptions overlapping [StartDate, EndDate), in start
 * order; recurring masters themselves are not returned (D: EWS-PROTOCOL.md section 11).
 */
export function calendarView(ctx: OpContext, folder: Folder, view: CalendarView, shape: Shape): ItemPage {
  // The shared parser has checked both dates; unqualified ones are in the TimeZoneContext zone.
  const from = instantOf(view.startDate, ctx.timeZoneId);
  const to = instantOf(view.endDate, ctx.timeZoneId);
  const max = view.maxEntriesReturned ?? Infinity;
  const hits: Hit[] = [];
  const consider = (item: StoredItem): void => {
    const series = seriesOf(item);
    if (!series) {
      const s = Date.parse(item.props.get('Start')?.text ?? '');
      const e = Date.parse(item.props.get('End')?.text ?? '');
      if (s < to && e > from) hits.push({ start: s, xml: () => writeItem(ctx.mailbox, item, shape, 'find') });
      return;
    }
    series.starts.forEach((original, i) => {
      const index = i + 1;
      if (item.occurrences?.deleted.has(index)) return;
      const o = item.occurrences?.modified.get(index);
      const s = o?.start ?? original;
      const e = o?.end ?? original + series.duration;
      if (s < to && e > from)
        hits.push({ start: s, xml: () => writeOccurrence(ctx.mailbox, item, series, index, shape) });
    });
  };
  for (const item of folder.items.values()) if (item.kind === 'CalendarItem') consider(item);
  hits.sort((a, b) => a.start - b.start);
  const page = hits.slice(0, max);
  return {
    items: [],
    itemsXml: page.map((h) => h.xml()).join(''),
    totalItemsInView: page.length,
    includesLastItemInRange: page.length === hits.length,
  };
}
