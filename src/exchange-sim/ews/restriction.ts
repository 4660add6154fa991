// FindItem restrictions, read by the shared parser (src/ews/types/restrictions.ts) and evaluated here
// against stored items.
import type { PropertyPath } from '../../ews/types/paths.ts';
import type { SearchExpression } from '../../ews/types/restrictions.ts';
import type { StoredItem } from '../mailbox/model.ts';
import { extendedKey, PR_MESSAGE_FLAGS } from './extended.ts';
import { ItemError } from './errors.ts';
import { fieldElement } from './shape.ts';
import { DEFAULT_CLASS } from './item-write.ts';

export type Predicate = (item: StoredItem) => boolean;

function fieldValue(item: StoredItem, path: PropertyPath): string | string[] | undefined {
  if ('extended' in path) {
    if (path.extended.propertyTag === PR_MESSAGE_FLAGS) return String(item.messageFlags);
    return item.extended.get(extendedKey(path.extended))?.value;
  }
  if ('indexedFieldUri' in path) {
    const dict = item.props.get(fieldElement(path.indexedFieldUri));
    const entry = dict?.children.find((e) => e.attrs['Key'] === path.fieldIndex);
    return entry?.text;
  }
  const name = fieldElement(path.fieldUri);
  switch (name) {
    case 'IsRead':
      return String(item.isRead);
    case 'ItemClass':
      return item.props.get('ItemClass')?.text ?? DEFAULT_CLASS[item.kind];
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

function bits(text: string): bigint | undefined {
  const t = text.trim();
  return /^(0x[0-9a-f]+|\d+)$/i.test(t) ? BigInt(t) : undefined;
}

export function predicateOf(e: SearchExpression): Predicate {
  switch (e.op) {
    case 'And': {
      const parts = e.operands.map(predicateOf);
      return (i) => parts.every((p) => p(i));
    }
    case 'Or': {
      const parts = e.operands.map(predicateOf);
      return (i) => parts.some((p) => p(i));
    }
    case 'Not': {
      const inner = predicateOf(e.operand);
      return (i) => !inner(i);
    }
    case 'Exists':
      return (i) => fieldValue(i, e.path) !== undefined;
    case 'Excludes': {
      const mask = bits(e.bitmask);
      if (mask === undefined)
        throw new ItemError('ErrorInvalidRestriction', `The bitmask '${e.bitmask}' is not a number.`);
      return (i) => {
        const v = fieldValue(i, e.path);
        const n = typeof v === 'string' ? bits(v) : undefined;
        return n === undefined || (n & mask) === 0n;
      };
    }
    case 'Contains': {
      const needle = e.value;
      const mode = e.containmentMode ?? 'Substring';
      const ignoreCase = (e.containmentComparison ?? 'Exact').includes('IgnoreCase');
      return (i) => {
        const v = fieldValue(i, e.path);
        const hay = Array.isArray(v) ? v.join('\n') : (v ?? '');
        const [h, n] = ignoreCase ? [hay.toLowerCase(), needle.toLowerCase()] : [hay, needle];
        return mode === 'FullString' ? h === n : mode === 'Prefixed' ? h.startsWith(n) : h.includes(n);
      };
    }
    default: {
      if (!('value' in e))
        throw new ItemError('ErrorUnsupportedQueryFilter', 'Only comparisons with a constant are supported.');
      const cmp = COMPARISONS[e.op]!;
      const constant = e.value;
      return (item) => {
        const v = fieldValue(item, e.path);
        if (v === undefined) return e.op === 'IsNotEqualTo';
        const values = Array.isArray(v) ? v : [v];
        return values.some((x) => cmp(compare(x, constant)));
      };
    }
  }
}
