// Request bodies name every field they accept; a field the schema does not name is refused rather than
// silently dropped (a misspelt `calendarMode` would otherwise be a 201 that changed nothing), as the
// configuration file refuses unknown keys. The route schemas are shared with the domain layer, which strips
// unknown keys when it parses, so the check walks the schema beside the request instead of changing them.
import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';

export const UNKNOWN_FIELD_RULE = 'request.unknown_field';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of `value` that `schema` does not name, as field issues with dotted paths (`sync.bogus`). */
export function unknownFields(schema: z.ZodType, value: unknown, path: readonly string[] = []): FieldIssue[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? unknownFields(def.innerType, value, path) : [];
    case 'pipe':
      return def.in ? unknownFields(def.in, value, path) : [];
    case 'lazy':
      return def.getter ? unknownFields(def.getter(), value, path) : [];
    case 'object':
      return objectFields(def, value, path);
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((v, i) => unknownFields(def.element!, v, [...path, String(i)]))
        : [];
    case 'tuple':
      return Array.isArray(value) && def.items
        ? value.flatMap((v, i) =>
            def.items![i] ? unknownFields(def.items![i]!, v, [...path, String(i)]) : [],
          )
        : [];
    case 'record':
      return isPlainObject(value) && def.valueType
        ? Object.entries(value).flatMap(([k, v]) => unknownFields(def.valueType!, v, [...path, k]))
        : [];
    case 'intersection': {
      // A key is unknown only when neither side names it.
      const left = def.left ? unknownFields(def.left, value, path) : [];
      const right = def.right ? unknownFields(def.right, value, path) : [];
      const inRight = new Set(right.map((i) => i.field));
      return left.filter((i) => inRight.has(i.field));
    }
    case 'union': {
      // The option the value matches decides; when none matches, zod reports the mismatch itself.
      const options = def.options ?? [];
      const match = options.find((o) => o.safeParse(value).success);
      if (match) return unknownFields(match, value, path);
      const candidates = options.map((o) => unknownFields(o, value, path));
      return candidates.reduce((best, c) => (c.length < best.length ? c : best), candidates[0] ?? []);
    }
    default:
      return [];
  }
}

function objectFields(def: Def, value: unknown, path: readonly string[]): FieldIssue[] {
  if (!isPlainObject(value)) return [];
  const shape = def.shape ?? {};
  // passthrough() / catchall(): the schema accepts other keys on purpose.
  const open = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
  const issues: FieldIssue[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = shape[key];
    if (field) issues.push(...unknownFields(field, v, [...path, key]));
    else if (!open) {
      const name = [...path, key].join('.');
      issues.push({
        field: name,
        rule: UNKNOWN_FIELD_RULE,
        message: `Unknown field "${name}": the request does not accept it (check the spelling against the API document).`,
      });
    }
  }
  return issues;
}
