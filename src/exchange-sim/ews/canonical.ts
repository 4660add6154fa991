// Stored property values in the canonical lexical forms Exchange answers with. xs:boolean accepts "1"/"0",
// xs:int "+007", xs:dateTime any offset; Exchange keeps the value, not the text, and writes it back as
// "true"/"false", "7" and a UTC instant. A client that reads only the canonical forms (exchangelib reads
// an IsAllDayEvent of "1" as no value) would otherwise not get back what it wrote. The simple type of each
// element comes from the EWS schema the request validator uses, so nested values (Recurrence's Interval,
// Flag's dates, an attendee's flags…) are covered too.
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import {
  ewsSchema,
  type ComplexType,
  type ElementNode,
  type ParticleNode,
  type SimpleType,
} from '../schema/load.ts';
import type { Builtin } from '../schema/model.ts';
import { checkSimple } from '../schema/datatypes.ts';
import { instantOf } from './calendar/local-time.ts';

/** Item element → its schema type (the elements CreateItem and UpdateItem carry). */
const ITEM_TYPES: Readonly<Record<string, string>> = {
  Item: 'ItemType',
  Message: 'MessageType',
  Contact: 'ContactItemType',
  CalendarItem: 'CalendarItemType',
  Task: 'TaskType',
  PostItem: 'PostItemType',
  MeetingMessage: 'MeetingMessageType',
  MeetingRequest: 'MeetingRequestMessageType',
  MeetingResponse: 'MeetingResponseMessageType',
  MeetingCancellation: 'MeetingCancellationMessageType',
  DistributionList: 'DistributionListType',
};

const INTEGERS: ReadonlySet<Builtin> = new Set([
  'int',
  'long',
  'short',
  'integer',
  'nonNegativeInteger',
  'unsignedInt',
  'unsignedShort',
]);

const childCache = new WeakMap<ComplexType, Map<string, ElementNode | null>>();

function findChild(p: ParticleNode | undefined, local: string): ElementNode | undefined {
  if (!p) return undefined;
  if (p.kind === 'e') return p.element?.matches.get(NS_TYPES)?.get(local);
  for (const c of p.items) {
    const found = findChild(c, local);
    if (found) return found;
  }
  return undefined;
}

/** The declaration of `local` among a complex type's children (its own and inherited ones). */
function childDecl(t: ComplexType, local: string): ElementNode | undefined {
  let m = childCache.get(t);
  if (!m) childCache.set(t, (m = new Map()));
  if (!m.has(local)) m.set(local, findChild(t.content, local) ?? null);
  return m.get(local) ?? undefined;
}

const isoSeconds = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

function canonicalText(b: Builtin | undefined, text: string, timeZoneId: string | undefined): string {
  const v = text.trim();
  if (b === 'boolean') return v === '1' || v === 'true' ? 'true' : 'false';
  if (b !== undefined && INTEGERS.has(b) && /^[+-]?\d+$/.test(v)) return BigInt(v).toString();
  if (b === 'dateTime') {
    const t = instantOf(v, timeZoneId);
    return Number.isNaN(t) ? text : isoSeconds(t);
  }
  return text;
}

/** The built-in a value is read as: a union's first member type that accepts it (ReminderMinutesBeforeStart). */
function builtinOf(t: SimpleType, text: string): Builtin | undefined {
  if (!t.union) return t.builtin;
  const m = t.union.find((u) => checkSimple(u, text) === undefined);
  return m && builtinOf(m, text);
}

function canonicalElement(el: XmlElement, decl: ElementNode, timeZoneId: string | undefined): XmlElement {
  const t = decl.type;
  if (t.kind === 'simple') {
    const text = canonicalText(builtinOf(t, el.text), el.text, timeZoneId);
    return text === el.text ? el : { ...el, text };
  }
  if (t.simple) {
    const text = canonicalText(builtinOf(t.simple, el.text), el.text, timeZoneId);
    return text === el.text ? el : { ...el, text };
  }
  if (el.children.length === 0) return el;
  let changed = false;
  const children = el.children.map((c) => {
    const d = c.ns === NS_TYPES ? childDecl(t, c.local) : undefined;
    const out = d ? canonicalElement(c, d, timeZoneId) : c;
    if (out !== c) changed = true;
    return out;
  });
  return changed ? { ...el, children } : el;
}

/**
 * A property of an item element (`itemElement`: Message, CalendarItem…) as it is stored: booleans, integers
 * and dateTimes in canonical form, dateTimes without an offset read in the request's time zone and kept
 * as UTC instants. Properties the schema does not declare for the element come back unchanged.
 */
export function canonicalProperty(
  itemElement: string,
  prop: XmlElement,
  timeZoneId: string | undefined,
): XmlElement {
  const typeName = ITEM_TYPES[itemElement];
  const t = typeName ? ewsSchema().typesByName.get(`${NS_TYPES}:${typeName}`) : undefined;
  if (!t || t.kind !== 'complex') return prop;
  const decl = childDecl(t, prop.local);
  return decl ? canonicalElement(prop, decl, timeZoneId) : prop;
}
