// Lexical checks of the XSD built-ins the EWS schema uses, and facet checks, worded like .NET's
// XmlSchemaValidator (Exchange's validator): a failing value yields the sentence that follows
// "The value 'v' is invalid according to its datatype 'T' - ".
import type { Builtin } from './model.ts';
import type { SimpleType } from './load.ts';

const INTEGER = /^[+-]?[0-9]+$/;
const DOUBLE = /^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)$/;
const TZ = '(Z|[+-](\\d{2}):(\\d{2}))?';
const DATE_TIME = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?${TZ}$`);
const DATE = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${TZ}$`);
const TIME = new RegExp(`^(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?${TZ}$`);
const DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const NCNAME = /^[A-Za-z_\u00C0-\uFFFD][\w.\-\u00B7\u00C0-\uFFFD]*$/u;
const BASE64 =
  /^(([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?$/;

const RANGES: Partial<Record<Builtin, [bigint, bigint, string]>> = {
  int: [-2147483648n, 2147483647n, 'Int32'],
  long: [-9223372036854775808n, 9223372036854775807n, 'Int64'],
  short: [-32768n, 32767n, 'Int16'],
  unsignedInt: [0n, 4294967295n, 'UInt32'],
  unsignedShort: [0n, 65535n, 'UInt16'],
  nonNegativeInteger: [0n, 2n ** 128n, 'Decimal'],
};

/** Collapses whitespace the way xs:token-like types see their value (XSD whiteSpace="collapse"). */
export function collapse(v: string): string {
  return /^\S*$/.test(v) ? v : v.replace(/[\t\n\r ]+/g, ' ').trim();
}

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = Number(y);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days && y !== '0000';
}

function validTime(h: string, mi: string, s: string, frac: string | undefined): boolean {
  if (Number(mi) > 59 || Number(s) > 59) return false;
  if (h === '24') return mi === '00' && s === '00' && (frac === undefined || /^\.0+$/.test(frac));
  return Number(h) <= 23;
}

function validZone(zh: string | undefined, zm: string | undefined): boolean {
  if (zh === undefined) return true;
  const h = Number(zh);
  const m = Number(zm);
  return m <= 59 && (h < 14 || (h === 14 && m === 0));
}

/** undefined when `v` (whitespace already normalized) is in the lexical space of the built-in. */
export function checkBuiltin(b: Builtin, v: string): string | undefined {
  switch (b) {
    case 'anySimpleType':
    case 'string':
    case 'anyURI':
      return undefined;
    case 'boolean':
      return v === 'true' || v === 'false' || v === '1' || v === '0'
        ? undefined
        : `The string '${v}' is not a valid Boolean value.`;
    case 'integer':
      return INTEGER.test(v) ? undefined : `The string '${v}' is not a valid Integer value.`;
    case 'int':
    case 'long':
    case 'short':
    case 'unsignedInt':
    case 'unsignedShort':
    case 'nonNegativeInteger': {
      const [lo, hi, clr] = RANGES[b]!;
      if (!INTEGER.test(v)) return `The string '${v}' is not a valid ${clr} value.`;
      const n = BigInt(v);
      return n < lo || n > hi
        ? `Value was either too large or too small for ${/^[AEIOU]/.test(clr) ? 'an' : 'a'} ${clr}.`
        : undefined;
    }
    case 'double':
      return DOUBLE.test(v) ? undefined : `The string '${v}' is not a valid Double value.`;
    case 'dateTime': {
      const m = DATE_TIME.exec(v);
      return m &&
        validDate(m[1]!, m[2]!, m[3]!) &&
        validTime(m[4]!, m[5]!, m[6]!, m[7]) &&
        validZone(m[9], m[10])
        ? undefined
        : `The string '${v}' is not a valid AllXsd value.`;
    }
    case 'date': {
      const m = DATE.exec(v);
      return m && validDate(m[1]!, m[2]!, m[3]!) && validZone(m[5], m[6])
        ? undefined
        : `The string '${v}' is not a valid AllXsd value.`;
    }
    case 'time': {
      const m = TIME.exec(v);
      return m && validTime(m[1]!, m[2]!, m[3]!, m[4]) && validZone(m[6], m[7])
        ? undefined
        : `The string '${v}' is not a valid AllXsd value.`;
    }
    case 'duration':
      return DURATION.test(v) ? undefined : `The string '${v}' is not a valid TimeSpan value.`;
    case 'language':
      return LANGUAGE.test(v) ? undefined : `The '${v}' language is not valid.`;
    case 'QName': {
      const parts = v.split(':');
      return parts.length <= 2 && parts.every((p) => NCNAME.test(p))
        ? undefined
        : `The '${v}' character, hexadecimal value, cannot be included in a name.`;
    }
    case 'NCName':
    case 'ID':
      return NCNAME.test(v) ? undefined : `Invalid NCName: '${v}'.`;
    case 'base64Binary':
      return BASE64.test(v) ? undefined : `The string '${v}' is not a valid Base64 value.`;
  }
}

function charLength(v: string): number {
  return /[\uD800-\uDBFF]/.test(v) ? Array.from(v).length : v.length;
}

/**
 * undefined when `raw` is a valid value of `t`; else the reason. Checks the base first (its lexical space
 * and facets), then this step's facets, as each restriction step narrows its base.
 */
export function checkSimple(t: SimpleType, raw: string): string | undefined {
  const v = t.collapse ? collapse(raw) : raw;
  if (t.union) {
    for (const m of t.union) if (checkSimple(m, v) === undefined) return facets(t, v);
    return `The value '${v}' is not valid according to any of the memberTypes of the union.`;
  }
  if (t.item) {
    const items = v === '' ? [] : v.split(' ');
    for (const it of items) {
      const bad = checkSimple(t.item, it);
      if (bad !== undefined) return bad;
    }
    return facets(t, v, items.length);
  }
  if (t.base) {
    const bad = checkSimple(t.base, v);
    if (bad !== undefined) return bad;
  } else if (t.builtin) {
    const bad = checkBuiltin(t.builtin, v);
    if (bad !== undefined) return bad;
  }
  return facets(t, v);
}

function facets(t: SimpleType, v: string, listLength?: number): string | undefined {
  if (t.enumeration && !t.enumeration.has(v)) return 'The Enumeration constraint failed.';
  if (t.patterns && !t.patterns.some((p) => p.test(v))) return 'The Pattern constraint failed.';
  if (t.length !== undefined || t.minLength !== undefined || t.maxLength !== undefined) {
    const n = listLength ?? charLength(v);
    if (t.length !== undefined && n !== t.length)
      return 'The actual length is not equal to the specified length.';
    if (t.minLength !== undefined && n < t.minLength)
      return 'The actual length is less than the MinLength value.';
    if (t.maxLength !== undefined && n > t.maxLength)
      return 'The actual length is greater than the MaxLength value.';
  }
  if (
    t.minInclusive !== undefined ||
    t.maxInclusive !== undefined ||
    t.minExclusive !== undefined ||
    t.maxExclusive !== undefined
  ) {
    const n = Number(v);
    if (t.minInclusive !== undefined && n < t.minInclusive) return 'The MinInclusive constraint failed.';
    if (t.maxInclusive !== undefined && n > t.maxInclusive) return 'The MaxInclusive constraint failed.';
    if (t.minExclusive !== undefined && n <= t.minExclusive) return 'The MinExclusive constraint failed.';
    if (t.maxExclusive !== undefined && n >= t.maxExclusive) return 'The MaxExclusive constraint failed.';
  }
  return undefined;
}
