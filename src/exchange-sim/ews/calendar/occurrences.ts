// Occurrences of recurring masters: OccurrenceItemId / RecurringMasterItemId / occurrence ItemIds, their
// XML (CalendarItemType Occurrence or Exception), deletion and modification, and the master's summary fields.
import type { XmlElement } from '../../../ews/soap/xml-tree.ts';
import type { Mailbox } from '../../mailbox/mailbox.ts';
import type { OccurrenceOverride, StoredItem } from '../../mailbox/model.ts';
import { decodeId, encodeChangeKey, encodeId } from '../../mailbox/ids.ts';
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
import { timeZoneDefinitionCodec } from '../../../ews/types/calendar.ts';

/** An addressed item: a plain item or master, or one occurrence of a recurring master. */
export interface ResolvedItem {
  readonly item: StoredItem;
  /** 1-based InstanceIndex when the id names one occurrence. */
  readonly occurrence?: number;
  write(shape: Shape): string;
  /** Set for occurrences: deleting one records a deleted occurrence on the master. */
  readonly deleteOccurrence?: () => void;
}

function iso(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A stored Recurrence through the shared codec (it was checked the same way when stored). */
function readRecurrence(el: XmlElement): Recurrence {
  try {
    return recurrenceCodec.read(el);
  } catch (err) {
    if (err instanceof EwsProtocolError) throw new ItemError('ErrorInvalidRecurrence', err.message);
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
    return `<t:CalendarItem><t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/></t:CalendarItem>`;
  const order = ITEM_ORDER.CalendarItem;
  const parts: { pos: number; xml: string }[] = [];
  const put = (name: string, xml: string): void => {
    if (shape.base === 'IdOnly' && !shape.fields.has(name) && name !== 'ItemId') return;
    parts.push({ pos: order.get(name) ?? 9999, xml });
  };
  const parent = mailbox.folderId(master.folder);
  put('ItemId', `<t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/>`);
  put('ParentFolderId', `<t:ParentFolderId Id="${parent.id}" ChangeKey="${parent.changeKey}"/>`);
  put('ItemClass', '<t:ItemClass>IPM.Appointment</t:ItemClass>');
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
  put('Start', `<t:Start>${iso(start)}</t:Start>`);
  put('End', `<t:End>${iso(end)}</t:End>`);
  put('OriginalStart', `<t:OriginalStart>${iso(original)}</t:OriginalStart>`);
  put('RecurrenceId', `<t:RecurrenceId>${iso(original)}</t:RecurrenceId>`);
  put('IsRecurring', '<t:IsRecurring>true</t:IsRecurring>');
  put(
    'CalendarItemType',
    `<t:CalendarItemType>${override ? 'Exception' : 'Occurrence'}</t:CalendarItemType>`,
  );
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
  const info = (tag: string, i: number): string => {
    const { start, end, original } = occurrenceTimes(master, series, i);
    const ids = occurrenceId(mailbox, master, i);
    return `<t:${tag}><t:ItemId Id="${ids.id}" ChangeKey="${ids.changeKey}"/><t:Start>${iso(start)}</t:Start><t:End>${iso(end)}</t:End><t:OriginalStart>${iso(original)}</t:OriginalStart></t:${tag}>`;
  };
  if (live.length > 0) {
    out.set('FirstOccurrence', info('FirstOccurrence', live[0]!));
    out.set('LastOccurrence', info('LastOccurrence', live[live.length - 1]!));
  }
  const modified = [...(master.occurrences?.modified.keys() ?? [])].sort((a, b) => a - b);
  if (modified.length > 0)
    out.set(
      'ModifiedOccurrences',
      `<t:ModifiedOccurrences>${modified.map((i) => info('Occurrence', i)).join('')}</t:ModifiedOccurrences>`,
    );
  const deleted = [...(master.occurrences?.deleted ?? [])].sort((a, b) => a - b);
  if (deleted.length > 0) {
    out.set(
      'DeletedOccurrences',
      `<t:DeletedOccurrences>${deleted.map((i) => `<t:DeletedOccurrence><t:Start>${iso(series.starts[i - 1]!)}</t:Start></t:DeletedOccurrence>`).join('')}</t:DeletedOccurrences>`,
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

export function resolveAnyItem(ctx: OpContext, el: XmlElement): ResolvedItem {
  if (el.local === 'OccurrenceItemId') {
    const master = masterById(ctx, el.attrs['RecurringMasterId'] ?? '');
    const index = Number(el.attrs['InstanceIndex'] ?? NaN);
    if (!Number.isInteger(index)) throw idMalformed();
    return occurrence(ctx, master, index);
  }
  if (el.local === 'RecurringMasterItemId') {
    const d = decodeId(el.attrs['OccurrenceId'] ?? '');
    if (!d || (d.kind !== 'occurrence' && d.kind !== 'item') || d.mailbox !== ctx.mailbox.no)
      throw idMalformed();
    const master = ctx.mailbox.items.get(d.entry);
    if (!master) throw itemNotFound();
    return { item: master, write: (shape) => writeItem(ctx.mailbox, master, shape, 'get') };
  }
  if (el.local === 'ItemId') {
    const d = decodeId(el.attrs['Id'] ?? '');
    if (d?.kind === 'occurrence' && d.instance > 0 && d.instance < 0x10000 && d.mailbox === ctx.mailbox.no) {
      const master = ctx.mailbox.items.get(d.entry);
      if (!master) throw itemNotFound();
      return occurrence(ctx, master, d.instance);
    }
    const item = resolveItem(ctx, el);
    return { item, write: (shape) => writeItem(ctx.mailbox, item, shape, 'get') };
  }
  throw idMalformed();
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
