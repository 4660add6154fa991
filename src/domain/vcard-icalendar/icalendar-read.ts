import ICAL from 'ical.js';
import {
  busyStatuses,
  calendarEventInputSchema,
  type BusyStatus,
  type CalendarEventInput,
} from '../calendar.ts';
import { timeZoneKind } from '../time-zone.ts';
import { blocks, childBlocks, contentLines, lineOf, type Block } from './content-lines.ts';
import { ContentFileCodes, ContentFileError } from './errors.ts';
import { CDO_BUSY, CDO_BUSY_PROP, TIME_ZONE_PROP, UC_LOCATION_PROP } from './icalendar-write.ts';
import { zonedToUtc } from './zoned-time.ts';

type Comp = InstanceType<typeof ICAL.Component>;

export interface ImportedEvent {
  readonly uid: string;
  readonly line: number;
  readonly event: CalendarEventInput;
}

interface Ctx {
  readonly file: string;
  readonly zones: Map<string, InstanceType<typeof ICAL.Timezone>>;
}

/**
 * Reads an iCalendar stream into calendar events: a master VEVENT per UID with its RRULE and EXDATEs,
 * and VEVENTs carrying RECURRENCE-ID as its modified occurrences. Every refusal names the line.
 */
export function parseICalendar(text: string, file = 'calendar.ics'): ImportedEvent[] {
  const out: ImportedEvent[] = [];
  for (const block of blocks(contentLines(text, file), 'VCALENDAR', file)) {
    let cal: Comp;
    try {
      cal = new ICAL.Component(ICAL.parse(block.text) as unknown as unknown[]);
    } catch (err) {
      throw new ContentFileError(
        ContentFileCodes.syntax,
        { file, line: block.startLine },
        `ical.js could not read this calendar: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const zones = new Map<string, InstanceType<typeof ICAL.Timezone>>();
    for (const vtz of cal.getAllSubcomponents('vtimezone')) {
      const tzid = vtz.getFirstPropertyValue('tzid');
      if (typeof tzid === 'string') zones.set(tzid, new ICAL.Timezone(vtz));
    }
    const ctx: Ctx = { file, zones };
    decodeAll(cal, block, file);
    const vevents = cal.getAllSubcomponents('vevent');
    const lines = childBlocks(block, 'VEVENT');
    const masters = new Map<string, { comp: Comp; block: Block; event: CalendarEventInput }>();
    const overrides: { comp: Comp; block: Block; uid: string }[] = [];
    vevents.forEach((comp, i) => {
      const b = lines[i] ?? block;
      const uid = comp.getFirstPropertyValue('uid');
      if (typeof uid !== 'string' || uid.trim() === '') {
        throw new ContentFileError(
          ContentFileCodes.property,
          { file, line: b.startLine, property: 'UID' },
          'every VEVENT needs a UID.',
        );
      }
      if (comp.hasProperty('recurrence-id')) overrides.push({ comp, block: b, uid });
      else {
        if (masters.has(uid)) {
          throw new ContentFileError(
            ContentFileCodes.structure,
            { file, line: lineOf(b, 'UID'), property: 'UID' },
            `UID "${uid}" is used by two events without RECURRENCE-ID.`,
          );
        }
        masters.set(uid, { comp, block: b, event: master(comp, b, ctx) });
      }
    });
    for (const o of overrides) {
      const m = masters.get(o.uid);
      if (!m?.event.recurrence) {
        throw new ContentFileError(
          ContentFileCodes.structure,
          { file, line: lineOf(o.block, 'RECURRENCE-ID'), property: 'RECURRENCE-ID' },
          `no recurring event with UID "${o.uid}" precedes or follows this modified occurrence.`,
        );
      }
      m.event.recurrence.exceptions = [
        ...(m.event.recurrence.exceptions ?? []),
        exception(o.comp, o.block, m.event, ctx),
      ];
    }
    for (const [uid, m] of masters) {
      const checked = calendarEventInputSchema.safeParse(m.event);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const property = propertyFor(issue?.path ?? []);
        throw new ContentFileError(
          ContentFileCodes.model,
          { file, line: lineOf(m.block, property), property },
          `the event is refused: ${issue?.message ?? 'invalid'}`,
        );
      }
      out.push({ uid, line: m.block.startLine, event: m.event });
    }
  }
  return out;
}

function propertyFor(path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'recurrence')
    return second === 'deletedOccurrences' ? 'EXDATE' : second === 'exceptions' ? 'RECURRENCE-ID' : 'RRULE';
  const map: Record<string, string> = {
    subject: 'SUMMARY',
    start: 'DTSTART',
    end: 'DTEND',
    timeZone: 'X-VOXSYNC-TIMEZONE',
    location: 'LOCATION',
    reminderMinutes: 'VALARM',
    ucLocation: 'X-VOXSYNC-UC-LOCATION',
    body: 'DESCRIPTION',
  };
  return map[String(first)] ?? 'VEVENT';
}

type Recurrence = { rrule: string; deletedOccurrences: string[]; exceptions: Exception[] };
type Exception = {
  originalStart: string;
  subject: string | null;
  start: string;
  end: string;
  location: string | null;
  busyStatus: BusyStatus | null;
};
type MutableEvent = CalendarEventInput & { recurrence: Recurrence | null };

function master(comp: Comp, block: Block, ctx: Ctx): MutableEvent {
  const start = timeOf(comp, 'dtstart', block, ctx);
  if (!start) {
    throw new ContentFileError(
      ContentFileCodes.property,
      { file: ctx.file, line: block.startLine, property: 'DTSTART' },
      'the event has no DTSTART.',
    );
  }
  const end = timeOf(comp, 'dtend', block, ctx) ?? endFromDuration(comp, start, block, ctx);
  const declared = text(comp, TIME_ZONE_PROP);
  const zone = declared ?? (start.tzid !== null && timeZoneKind(start.tzid) !== null ? start.tzid : 'UTC');
  const rrules = comp.getAllProperties('rrule');
  let recurrence: Recurrence | null = null;
  if (rrules.length > 1) {
    throw new ContentFileError(
      ContentFileCodes.property,
      { file: ctx.file, line: lineOf(block, 'RRULE', 1), property: 'RRULE' },
      'voxsync holds one RRULE per event.',
    );
  }
  const rrule = rrules[0];
  if (rrule) {
    const exdates: string[] = [];
    comp.getAllProperties('exdate').forEach((p, i) => {
      for (const v of p.getValues()) exdates.push(valueOf(v, p, 'EXDATE', i, start.allDay, block, ctx));
    });
    recurrence = {
      rrule: rawRule(block) ?? rrule.getFirstValue()?.toString() ?? '',
      deletedOccurrences: exdates,
      exceptions: [],
    };
  }
  return {
    subject: text(comp, 'summary') ?? '',
    start: start.value,
    end: end.value,
    timeZone: zone,
    allDay: start.allDay,
    location: text(comp, 'location'),
    busyStatus: busyOf(comp) ?? 'busy',
    recurrence,
    reminderMinutes: reminderOf(comp),
    ucLocation: text(comp, UC_LOCATION_PROP) ?? undefined,
    body: text(comp, 'description'),
  };
}

function exception(comp: Comp, block: Block, m: CalendarEventInput, ctx: Ctx): Exception {
  const rid = timeOf(comp, 'recurrence-id', block, ctx);
  const start = timeOf(comp, 'dtstart', block, ctx);
  if (!rid || !start) {
    throw new ContentFileError(
      ContentFileCodes.property,
      { file: ctx.file, line: block.startLine, property: 'DTSTART' },
      'a modified occurrence needs DTSTART.',
    );
  }
  const end = timeOf(comp, 'dtend', block, ctx) ?? endFromDuration(comp, start, block, ctx);
  const subject = text(comp, 'summary');
  const location = text(comp, 'location');
  const busy = busyOf(comp);
  return {
    originalStart: rid.value,
    start: start.value,
    end: end.value,
    subject: subject === null || subject === m.subject ? null : subject,
    location: location === null || location === m.location ? null : location,
    busyStatus: busy === null || busy === m.busyStatus ? null : busy,
  };
}

interface TimeValue {
  readonly value: string;
  readonly allDay: boolean;
  readonly tzid: string | null;
}

function timeOf(comp: Comp, name: string, block: Block, ctx: Ctx): TimeValue | null {
  const p = comp.getFirstProperty(name);
  if (!p) return null;
  const v = p.getFirstValue();
  const tzid = p.getParameter('tzid');
  return {
    value: valueOf(v, p, name.toUpperCase(), 0, null, block, ctx),
    allDay: v instanceof ICAL.Time && v.isDate,
    tzid: typeof tzid === 'string' ? tzid : null,
  };
}

function valueOf(
  v: unknown,
  p: InstanceType<typeof ICAL.Property>,
  property: string,
  nth: number,
  allDay: boolean | null,
  block: Block,
  ctx: Ctx,
): string {
  const fail = (reason: string) =>
    new ContentFileError(
      ContentFileCodes.property,
      { file: ctx.file, line: lineOf(block, property, nth), property },
      reason,
    );
  if (!(v instanceof ICAL.Time)) throw fail('the value is not a DATE or DATE-TIME.');
  if (allDay !== null && v.isDate !== allDay)
    throw fail(`the value must be a ${allDay ? 'DATE' : 'DATE-TIME'} like DTSTART.`);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  if (v.isDate) return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
  const local = {
    year: v.year,
    month: v.month,
    day: v.day,
    hour: v.hour,
    minute: v.minute,
    second: v.second,
  };
  const tzid = p.getParameter('tzid');
  let ms: number;
  if (v.zone === ICAL.Timezone.utcTimezone || tzid === undefined || tzid === null || tzid === 'UTC') {
    // Floating times have no zone: read them as UTC, the zone voxsync writes.
    ms = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
  } else if (typeof tzid === 'string' && ctx.zones.has(tzid)) {
    const zone = ctx.zones.get(tzid);
    const t = v.clone();
    if (zone) t.zone = zone;
    ms = t.toJSDate().getTime();
  } else if (typeof tzid === 'string' && timeZoneKind(tzid) === 'iana') {
    ms = zonedToUtc(local, tzid);
  } else {
    throw fail(`TZID "${String(tzid)}" has no VTIMEZONE in the file and is no IANA zone.`);
  }
  return new Date(ms).toISOString();
}

function endFromDuration(comp: Comp, start: TimeValue, block: Block, ctx: Ctx): TimeValue {
  const d = comp.getFirstPropertyValue('duration');
  if (d instanceof ICAL.Duration) {
    if (start.allDay) {
      const t = ICAL.Time.fromDateString(start.value);
      t.addDuration(d);
      return { ...start, value: t.toString() };
    }
    return { ...start, value: new Date(Date.parse(start.value) + d.toSeconds() * 1000).toISOString() };
  }
  if (start.allDay) {
    const t = ICAL.Time.fromDateString(start.value);
    t.day += 1;
    return { ...start, value: t.toString() };
  }
  if (comp.hasProperty('dtstart')) return start;
  throw new ContentFileError(
    ContentFileCodes.property,
    { file: ctx.file, line: block.startLine, property: 'DTEND' },
    'no DTEND or DURATION.',
  );
}

function busyOf(comp: Comp): BusyStatus | null {
  const cdo = text(comp, CDO_BUSY_PROP)?.toUpperCase();
  const found = busyStatuses.find((s) => CDO_BUSY[s] === cdo);
  if (found) return found;
  const transp = text(comp, 'transp')?.toUpperCase();
  if (transp === 'TRANSPARENT') return 'free';
  if (text(comp, 'status')?.toUpperCase() === 'TENTATIVE') return 'tentative';
  return transp === 'OPAQUE' ? 'busy' : null;
}

/** The first display/audio alarm triggered before the start, in whole minutes. */
function reminderOf(comp: Comp): number | null {
  for (const alarm of comp.getAllSubcomponents('valarm')) {
    const trigger = alarm.getFirstProperty('trigger');
    const related = trigger?.getParameter('related');
    const v = trigger?.getFirstValue();
    if (v instanceof ICAL.Duration && related !== 'END') {
      const seconds = -v.toSeconds();
      if (seconds >= 0) return Math.round(seconds / 60);
    }
  }
  return null;
}

function text(comp: Comp, name: string): string | null {
  const v = comp.getFirstPropertyValue(name);
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : String(v as unknown);
  return s === '' ? null : s;
}

/** ical.js decodes values lazily; decoding them all up front turns a bad value into a located error. */
function decodeAll(cal: Comp, block: Block, file: string): void {
  const events = cal.getAllSubcomponents('vevent');
  const lines = childBlocks(block, 'VEVENT');
  events.forEach((comp, i) => {
    const b = lines[i] ?? block;
    const seen = new Map<string, number>();
    const visit = (c: Comp) => {
      for (const p of c.getAllProperties()) {
        const nth = seen.get(p.name) ?? 0;
        seen.set(p.name, nth + 1);
        try {
          p.getValues();
        } catch (err) {
          const property = p.name.toUpperCase();
          throw new ContentFileError(
            ContentFileCodes.property,
            { file, line: lineOf(b, property, nth), property },
            `the value cannot be read: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
      c.getAllSubcomponents().forEach(visit);
    };
    visit(comp);
  });
}

/** The RRULE text as written (ical.js would reorder its parts). */
function rawRule(block: Block): string | undefined {
  const raw = block.lines.find((l) => l.name === 'RRULE')?.text;
  return raw?.slice(raw.indexOf(':') + 1);
}
