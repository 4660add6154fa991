// Occurrences of recurring masters: OccurrenceItemId / RecurringMasterItemId / occurrence ItemIds, their
// XML (CalendarItemType Occurrence or Exception), deletion and modification, and the master's summary fields.
import type { XmlElement } from '../../../ews/soap/xml-tree.ts';
import type { Mailbox } from '../../mailbox/mailbox.ts';
import type { OccurrenceOverride, StoredItem } from '../../mailbox/model.ts';
import { decodeId, encodeChangeKey, encodeId } from '../../mailbox/ids.ts';
import type { BaseItemId, ItemId } from '../../../ews/types/ids.ts';
import type { OpContext } from '../context.ts';
import { resolveItem } from '../context.ts';
import { ItemError, idMalformed, itemNotFound } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import type { Shape } from '../shape.ts';
import { ITEM_ORDER } from '../../mailbox/schema-order.ts';
import { elementXml } from '../../xml/write-element.ts';
import { expand, type Series } from './recurrence.ts';
import { EwsProtocolError } from '../../../ews/errors.ts';
import { recurrenceCodec, type Recurrence } from '../../../ews/types/recurrence.ts';
import { timeZoneDefinitionCodec, type OccurrenceInfo } from '../../../ews/types/calendar.ts';
import { computedXml, isoSeconds } from '../computed.ts';

/** An addressed item: a plain item or master, or one occurrence of a recurring master. */
export interface ResolvedItem {
  readonly item: StoredItem;
  /** 1-based InstanceIndex when the id names one occurrence. */
  readonly occurrence?: number;
  write(shape: Shape): string;
  /** Set for occurrences: deleting one records a deleted occurrence on the master. */
  readonly deleteOccurrence?: () => void;
}

const iso = isoSeconds;

/** A stored Recurrence through the shared codec (it was checked the same way when stored). */
function readRecurrence(el: XmlElement): Recurrence {
  try {
    return recurrenceCodec.read(el);
  } catch (err) {
    if (err instanceof EwsProtocolError) throw new ItemError('ErrorCalendarInvalidRecurrence', err.message);
    throw err;
  }
}

export function seriesOf(item: StoredItem): Series | undefined {
  const rec = item.props.get('Recurrence');
  if (item.kind !== 'CalendarItem' || !rec) return undefined;
  const start = Date.parse(item.props.get('Start')?.text ?? '');
  const end = Date.parse(item.props.get('End')?.text ?? '');
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  const zoneEl = item.props.get('StartTimeZone');
  const tz = zoneEl ? timeZoneDefinitionCodec.read(zoneEl).id : item.props.get('StartTimeZoneId')?.text;
  return expand(readRecurrence(rec), start, end, tz);
}

export function occurrenceId(
  mailbox: Mailbox,
  master: StoredItem,
  index: number,
): { id: string; changeKey: string } {
  return {
    id: encodeId('occurrence', mailbox.no, master.entry, index),
    changeKey: encodeChangeKey(master.uid, master.version),
  };
}

function occurrenceTimes(
  master: StoredItem,
  series: Series,
  index: number,
): { start: number; end: number; original: number; override?: OccurrenceOverride } {
  const original = series.starts[index - 1]!;
  const override = master.occurrences?.modified.get(index);
  if (override) return { start: override.start, end: override.end, original, override };
  return { start: original, end: original + series.duration, original };
}

function checkIndex(master: StoredItem, series: Series | undefined, index: number): Series {
  if (!series)
    throw new ItemError(
      'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
      'The occurrence index is out of the recurrence range.',
    );
  if (index < 1 || index > series.starts.length) {
    throw new ItemError(
      'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
      'The occurrence index is out of the recurrence range.',
    );
  }
  if (master.occurrences?.deleted.has(index)) {
    throw new ItemError(
      'ErrorCalendarOccurrenceIsDeletedFromRecurrence',
      'The occurrence was deleted from the recurrence.',
    );
  }
  return series;
}

/** Writes one occurrence as a CalendarItem of type Occurrence (or Exception when modified). */
export function writeOccurrence(
  mailbox: Mailbox,
  master: StoredItem,
  series: Series,
  index: number,
  shape: Shape,
): string {
  const { start, end, original, override } = occurrenceTimes(master, series, index);
  const ids = occurrenceId(mailbox, master, index);
  if (shape.base === 'IdOnly' && shape.fields.size === 0)
    return `<t:CalendarItem>${computedXml('CalendarItem', 'ItemId', ids)}</t:CalendarItem>`;
  const order = ITEM_ORDER.CalendarItem;
  const parts: { pos: number; xml: string }[] = [];
  const put = (name: string, xml: string): void => {
    if (shape.base === 'IdOnly' && !shape.fields.has(name) && name !== 'ItemId') return;
    parts.push({ pos: order.get(name) ?? 9999, xml });
  };
  const compute = (name: string, value: unknown): void => put(name, computedXml('CalendarItem', name, value));
  compute('ItemId', ids);
  compute('ParentFolderId', mailbox.folderId(master.folder));
  compute('ItemClass', 'IPM.Appointment');
  const skip = new Set([
    'Recurrence',
    'Start',
    'End',
    'ItemClass',
    'StartTimeZone',
    'EndTimeZone',
    'StartTimeZoneId',
    'EndTimeZoneId',
    'Body',
  ]);
  const props = new Map(master.props);
  for (const [k, v] of override?.props ?? []) props.set(k, v);
  for (const [name, el] of props) if (!skip.has(name)) put(name, elementXml(el, `t:${name}`));
  compute('Start', iso(start));
  compute('End', iso(end));
  compute('OriginalStart', iso(original));
  compute('RecurrenceId', iso(original));
  compute('IsRecurring', true);
  compute('CalendarItemType', override ? 'Exception' : 'Occurrence');
  parts.sort((a, b) => a.pos - b.pos);
  return `<t:CalendarItem>${parts.map((p) => p.xml).join('')}</t:CalendarItem>`;
}

/** FirstOccurrence, LastOccurrence, ModifiedOccurrences, DeletedOccurrences of a master, by element name. */
export function masterSummary(mailbox: Mailbox, master: StoredItem): Map<string, string> {
  const out = new Map<string, string>();
  const series = seriesOf(master);
  if (!series) return out;
  const live: number[] = [];
  for (let i = 1; i <= series.starts.length; i++) if (!master.occurrences?.deleted.has(i)) live.push(i);
  const info = (i: number): OccurrenceInfo => {
    const { start, end, original } = occurrenceTimes(master, series, i);
    return {
      itemId: occurrenceId(mailbox, master, i),
      start: iso(start),
      end: iso(end),
      originalStart: iso(original),
    };
  };
  const put = (name: string, value: unknown): void =>
    void out.set(name, computedXml('CalendarItem', name, value));
  if (live.length > 0) {
    put('FirstOccurrence', info(live[0]!));
    put('LastOccurrence', info(live[live.length - 1]!));
  }
  const modified = [...(master.occurrences?.modified.keys() ?? [])].sort((a, b) => a - b);
  if (modified.length > 0) put('ModifiedOccurrences', modified.map(info));
  const deleted = [...(master.occurrences?.deleted ?? [])].sort((a, b) => a - b);
  if (deleted.length > 0) {
    put(
      'DeletedOccurrences',
      deleted.map((i) => ({ start: iso(series.starts[i - 1]!) })),
    );
  }
  return out;
}

function masterById(ctx: OpContext, id: string): StoredItem {
  const d = decodeId(id);
  if (!d || d.kind !== 'item') throw idMalformed();
  if (d.mailbox !== ctx.mailbox.no) throw itemNotFound();
  const item = ctx.mailbox.items.get(d.entry);
  if (!item) throw itemNotFound();
  return item;
}

function occurrence(ctx: OpContext, master: StoredItem, index: number): ResolvedItem {
  const series = checkIndex(master, seriesOf(master), index);
  return {
    item: master,
    occurrence: index,
    write: (shape) => writeOccurrence(ctx.mailbox, master, series, index, shape),
    deleteOccurrence: () => {
      master.occurrences ??= { modified: new Map(), deleted: new Set() };
      master.occurrences.modified.delete(index);
      master.occurrences.deleted.add(index);
      ctx.mailbox.touchItem(master, false);
    },
  };
}

/** Resolves any BaseItemId the shared parsers read: ItemId (of an item or an occurrence), OccurrenceItemId, RecurringMasterItemId. */
export function resolveAnyItem(ctx: OpContext, id: BaseItemId): ResolvedItem {
  if ('kind' in id && id.kind === 'occurrence') {
    return occurrence(ctx, masterById(ctx, id.recurringMasterId), id.instanceIndex);
  }
  if ('kind' in id && id.kind === 'recurringMaster') {
    const d = decodeId(id.occurrenceId);
    if (!d || (d.kind !== 'occurrence' && d.kind !== 'item') || d.mailbox !== ctx.mailbox.no)
      throw idMalformed();
    const master = ctx.mailbox.items.get(d.entry);
    if (!master) throw itemNotFound();
    return { item: master, write: (shape) => writeItem(ctx.mailbox, master, shape, 'get') };
  }
  const plain = id as ItemId;
  const d = decodeId(plain.id);
  if (d?.kind === 'occurrence' && d.instance > 0 && d.instance < 0x10000 && d.mailbox === ctx.mailbox.no) {
    const master = ctx.mailbox.items.get(d.entry);
    if (!master) throw itemNotFound();
    return occurrence(ctx, master, d.instance);
  }
  const item = resolveItem(ctx, plain);
  return { item, write: (shape) => writeItem(ctx.mailbox, item, shape, 'get') };
}

/** Applies an UpdateItem property change to one occurrence (it becomes an exception). */
export function updateOccurrence(
  master: StoredItem,
  index: number,
  field: string,
  value: XmlElement | undefined,
): void {
  const series = seriesOf(master)!;
  master.occurrences ??= { modified: new Map(), deleted: new Set() };
  let o = master.occurrences.modified.get(index);
  if (!o) {
    const original = series.starts[index - 1]!;
    o = { start: original, end: original + series.duration, props: new Map() };
    master.occurrences.modified.set(index, o);
  }
  if (field === 'Start' && value) o.start = Date.parse(value.text);
  else if (field === 'End' && value) o.end = Date.parse(value.text);
  else if (value) o.props.set(field, value);
}
