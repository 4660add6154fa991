import type { z } from 'zod';
import { ValidationError, type Issue } from './errors.ts';

/**
 * Parses input with a zod schema and turns every zod issue into a domain Issue. Schemas attach our
 * stable codes through `params: { code }` on custom issues; the shape errors zod raises by itself get
 * `invalid.<zod code>` and a sentence naming the field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map(toIssue));
}

function toIssue(issue: z.core.$ZodIssue): Issue {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const params = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined) : undefined;
  const code = typeof params?.code === 'string' ? params.code : `invalid.${issue.code}`;
  const message =
    issue.code === 'custom' || field === undefined
      ? issue.message
      : `${field}: ${lowerFirst(issue.message)}.`;
  return { code, field, message };
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Adds a custom issue with a stable code to a zod refinement context. */
export function addIssue(
  ctx: z.core.$RefinementCtx,
  code: string,
  path: readonly (string | number)[],
  message: string,
): void {
  ctx.addIssue({ code: 'custom', params: { code }, path: [...path], message });
}
