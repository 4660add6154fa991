// Restrictions (types.xsd RestrictionType / SearchExpression substitution group), both directions.
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { readPath, writePath, type PropertyPath } from './paths.ts';

export type ComparisonOp =
  | 'IsEqualTo'
  | 'IsNotEqualTo'
  | 'IsGreaterThan'
  | 'IsGreaterThanOrEqualTo'
  | 'IsLessThan'
  | 'IsLessThanOrEqualTo';
const COMPARISONS: ReadonlySet<string> = new Set([
  'IsEqualTo',
  'IsNotEqualTo',
  'IsGreaterThan',
  'IsGreaterThanOrEqualTo',
  'IsLessThan',
  'IsLessThanOrEqualTo',
]);

export type ContainmentMode = 'FullString' | 'Prefixed' | 'Substring' | 'PrefixOnWords' | 'ExactPhrase';
export type ContainmentComparison =
  | 'Exact'
  | 'IgnoreCase'
  | 'IgnoreNonSpacingCharacters'
  | 'Loose'
  | 'IgnoreCaseAndNonSpacingCharacters'
  | 'LooseAndIgnoreCase'
  | 'LooseAndIgnoreNonSpace'
  | 'LooseAndIgnoreCaseAndIgnoreNonSpace';

export type SearchExpression =
  /** Compare a property with a constant (`value`) or with another property (`otherPath`). */
  | { op: ComparisonOp; path: PropertyPath; value: string }
  | { op: ComparisonOp; path: PropertyPath; otherPath: PropertyPath }
  | { op: 'Exists'; path: PropertyPath }
  /** True when the property ANDed with the bitmask (decimal or 0x hex) is zero. */
  | { op: 'Excludes'; path: PropertyPath; bitmask: string }
  | {
      op: 'Contains';
      path: PropertyPath;
      value: string;
      containmentMode?: ContainmentMode;
      containmentComparison?: ContainmentComparison;
    }
  | { op: 'Not'; operand: SearchExpression }
  | { op: 'And' | 'Or'; operands: SearchExpression[] };

export function writeSearchExpression(w: XmlWriter, e: SearchExpression): void {
  switch (e.op) {
    case 'Exists':
      w.start('t:Exists');
      writePath(w, e.path);
      w.end();
      return;
    case 'Excludes':
      w.start('t:Excludes');
      writePath(w, e.path);
      w.empty('t:Bitmask', { Value: e.bitmask });
      w.end();
      return;
    case 'Contains':
      w.start('t:Contains', {
        ContainmentMode: e.containmentMode,
        ContainmentComparison: e.containmentComparison,
      });
      writePath(w, e.path);
      w.empty('t:Constant', { Value: e.value });
      w.end();
      return;
    case 'Not':
      w.start('t:Not');
      writeSearchExpression(w, e.operand);
      w.end();
      return;
    case 'And':
    case 'Or':
      if (e.operands.length === 0) throw new EwsRequestError(`${e.op} needs at least one operand.`);
      w.start(`t:${e.op}`);
      for (const o of e.operands) writeSearchExpression(w, o);
      w.end();
      return;
    default:
      w.start(`t:${e.op}`);
      writePath(w, e.path);
      w.start('t:FieldURIOrConstant');
      if ('value' in e) w.empty('t:Constant', { Value: e.value });
      else writePath(w, e.otherPath);
      w.end().end();
  }
}

/** `<m:Restriction>` wrapper around one expression. */
export function writeRestriction(w: XmlWriter, e: SearchExpression): void {
  w.start('m:Restriction');
  writeSearchExpression(w, e);
  w.end();
}

function firstPath(el: XmlElement): PropertyPath {
  for (const c of el.children) {
    const p = readPath(c);
    if (p !== undefined) return p;
  }
  throw new EwsProtocolError(`${el.local} has no property path.`);
}

export function readSearchExpression(el: XmlElement): SearchExpression {
  if (COMPARISONS.has(el.local)) {
    const op = el.local as ComparisonOp;
    const path = firstPath(el);
    const operand = child(el, NS_TYPES, 'FieldURIOrConstant');
    const constant = operand === undefined ? undefined : child(operand, NS_TYPES, 'Constant');
    if (constant !== undefined) return { op, path, value: constant.attrs['Value'] ?? '' };
    if (operand === undefined) throw new EwsProtocolError(`${op} has no FieldURIOrConstant.`);
    return { op, path, otherPath: firstPath(operand) };
  }
  switch (el.local) {
    case 'Exists':
      return { op: 'Exists', path: firstPath(el) };
    case 'Excludes': {
      const mask = child(el, NS_TYPES, 'Bitmask')?.attrs['Value'];
      if (mask === undefined) throw new EwsProtocolError('Excludes has no Bitmask.');
      return { op: 'Excludes', path: firstPath(el), bitmask: mask };
    }
    case 'Contains': {
      const e: SearchExpression = {
        op: 'Contains',
        path: firstPath(el),
        value: child(el, NS_TYPES, 'Constant')?.attrs['Value'] ?? '',
      };
      if (el.attrs['ContainmentMode'] !== undefined)
        e.containmentMode = el.attrs['ContainmentMode'] as ContainmentMode;
      if (el.attrs['ContainmentComparison'] !== undefined) {
        e.containmentComparison = el.attrs['ContainmentComparison'] as ContainmentComparison;
      }
      return e;
    }
    case 'Not': {
      const inner = el.children.find((c) => c.ns === NS_TYPES);
      if (inner === undefined) throw new EwsProtocolError('Not has no operand.');
      return { op: 'Not', operand: readSearchExpression(inner) };
    }
    case 'And':
    case 'Or':
      return {
        op: el.local,
        operands: el.children.filter((c) => c.ns === NS_TYPES).map(readSearchExpression),
      };
    default:
      throw new EwsProtocolError(`Unsupported search expression ${el.local}.`);
  }
}

/** Reads the expression inside an `m:Restriction` element. */
export function readRestriction(el: XmlElement): SearchExpression {
  const inner = el.children.find((c) => c.ns === NS_TYPES);
  if (inner === undefined) throw new EwsProtocolError('Restriction is empty.');
  return readSearchExpression(inner);
}
