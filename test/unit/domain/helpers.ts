import assert from 'node:assert/strict';
import { DomainError } from '../../../src/domain/index.ts';

/** Asserts that `fn` throws a DomainError with one issue carrying this code and field. */
export function assertRefused(fn: () => unknown, code: string, field: string | undefined): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof DomainError, `expected a DomainError, got ${String(caught)}`);
  const match = caught.issues.find((i) => i.code === code && i.field === field);
  assert.ok(match, `expected issue ${code} on ${String(field)}, got ${JSON.stringify(caught.issues)}`);
  assert.ok(match.message.length > 10 && /[.!]$/.test(match.message), `not a sentence: ${match.message}`);
  return caught;
}
