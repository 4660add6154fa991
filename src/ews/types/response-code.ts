// EWS ResponseCode values as a type, so callers branch on `ErrorInvalidSyncStateData` with the compiler
// checking the spelling. The list is the schema's (response-code.generated.ts); real servers also send
// codes the schema does not list (newer Exchange builds, non-Microsoft servers), which are read as
// UnlistedResponseCode with the text kept, never refused.
import { SCHEMA_RESPONSE_CODES, type SchemaResponseCode } from './response-code.generated.ts';

export { SCHEMA_RESPONSE_CODES, type SchemaResponseCode };

/** What a code the schema does not list (or an empty one) reads as; the text itself stays available. */
export const UNLISTED_RESPONSE_CODE = 'UnlistedResponseCode';
export type UnlistedResponseCode = typeof UNLISTED_RESPONSE_CODE;

/** The code an error carries: one the schema lists, or UnlistedResponseCode. */
export type ResponseCode = SchemaResponseCode | UnlistedResponseCode;

const LISTED: ReadonlySet<string> = new Set(SCHEMA_RESPONSE_CODES);

export function isSchemaResponseCode(text: string): text is SchemaResponseCode {
  return LISTED.has(text);
}

/** Reads a ResponseCode leniently: surrounding whitespace ignored, anything unlisted → UnlistedResponseCode. */
export function toResponseCode(text: string): ResponseCode {
  const t = text.trim();
  return isSchemaResponseCode(t) ? t : UNLISTED_RESPONSE_CODE;
}
