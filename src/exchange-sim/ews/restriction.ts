// FindItem restrictions (XSD SearchExpressionType) evaluated against stored items.
import { child, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { StoredItem } from '../mailbox/model.ts';
import { extendedKey, PR_MESSAGE_FLAGS, uriAttrs } from './extended.ts';
import { ItemError, schemaFault } from './errors.ts';
import { fieldElement } from './shape.ts';

export type Predicate = (item: StoredItem) => boolean;

function fieldValue(item: StoredItem, path: XmlElement): string | string[] | undefined {
  if (path.local === 'ExtendedFieldURI') {
    const key = extendedKey(uriAttrs(path));
    if (key.startsWith(`tag:${PR_MESSAGE_FLAGS}:`)) return String(item.messageFlags);
    return item.extended.get(key)?.value;
  }
  if (path.local === 'IndexedFieldURI') {
    const dict = item.props.get(fieldElement(path.attrs['FieldURI'] ?? ''));
    const entry = dict?.children.find((e) => e.attrs['Key'] === path.attrs['FieldIndex']);
    return entry?.text;
  }
  const name = fieldElement(path.attrs['FieldURI'] ?? '');
  switch (name) {
    case 'IsRead':
      return String(item.isRead);
    case 'ItemClass':
      return (
        item.props.get('ItemClass')?.text ??
        {
          Message: 'IPM.Note',
          Contact: 'IPM.Contact',
          CalendarItem: 'IPM.Appointment',
          Task: 'IPM.Task',
          Item: 'IPM',
        }[item.kind]
      );
    case 'DateTimeReceived':
      return item.received.toISOString();
    case 'DateTimeCreated':
      return item.created.toISOString();
    case 'LastModifiedTime':
      return item.modified.toISOString();
    case 'HasAttachments':
      return String(item.attachments.length > 0);
  }
  return item.props.get(name)?.text;
}

function constantOf(el: XmlElement): string {
  const c = child(el, NS_TYPES, 'FieldURIOrConstant');
  const k = c ? child(c, NS_TYPES, 'Constant') : undefined;
  if (!k)
    throw new ItemError('ErrorUnsupportedQueryFilter', 'Only comparisons with a constant are supported.');
  return k.attrs['Value'] ?? '';
}

function compare(a: string, b: string): number {
  const da = Date.parse(a);
  const db = Date.parse(b);
  if (/^\d{4}-\d\d-\d\d/.test(a) && !Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

const COMPARISONS: Record<string, (c: number) => boolean> = {
  IsEqualTo: (c) => c === 0,
  IsNotEqualTo: (c) => c !== 0,
  IsGreaterThan: (c) => c > 0,
  IsGreaterThanOrEqualTo: (c) => c >= 0,
  IsLessThan: (c) => c < 0,
  IsLessThanOrEqualTo: (c) => c <= 0,
};

export function parseRestriction(el: XmlElement): Predicate {
  const cmp = COMPARISONS[el.local];
  if (cmp) {
    const path = el.children[0];
    if (!path) throw schemaFault(`The element '${el.local}' has incomplete content.`);
    const constant = constantOf(el);
    return (item) => {
      const v = fieldValue(item, path);
      if (v === undefined) return el.local === 'IsNotEqualTo';
      const values = Array.isArray(v) ? v : [v];
      return values.some((x) => cmp(compare(x, constant)));
    };
  }
  switch (el.local) {
    case 'And': {
      const parts = el.children.map(parseRestriction);
      return (i) => parts.every((p) => p(i));
    }
    case 'Or': {
      const parts = el.children.map(parseRestriction);
      return (i) => parts.some((p) => p(i));
    }
    case 'Not': {
      const inner = parseRestriction(el.children[0]!);
      return (i) => !inner(i);
    }
    case 'Exists': {
      const path = el.children[0]!;
      return (i) => fieldValue(i, path) !== undefined;
    }
    case 'Contains': {
      const path = el.children[0]!;
      const needle = child(el, NS_TYPES, 'Constant')?.attrs['Value'] ?? '';
      const mode = el.attrs['ContainmentMode'] ?? 'Substring';
      const ignoreCase = (el.attrs['ContainmentComparison'] ?? 'Exact').includes('IgnoreCase');
      return (i) => {
        const v = fieldValue(i, path);
        const hay = Array.isArray(v) ? v.join('\n') : (v ?? '');
        const [h, n] = ignoreCase ? [hay.toLowerCase(), needle.toLowerCase()] : [hay, needle];
        return mode === 'FullString' ? h === n : mode === 'Prefixed' ? h.startsWith(n) : h.includes(n);
      };
    }
  }
  throw new ItemError(
    'ErrorUnsupportedQueryFilter',
    `The restriction ${el.local} is not supported by this server.`,
  );
}
