import type {} from '@fastify/swagger';
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { RequestValidationError, issuesFromZod } from './errors.ts';
import { unknownFields } from './unknown-fields.ts';

/**
 * Route schemas are zod schemas (shared with the domain layer); these compilers make fastify validate
 * with zod and serialize through zod, so a response schema also strips every field it does not name —
 * a second guard, after the handlers, that write-only credential fields never leave the server.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? DeepReadonly<z.input<this['schema']>> : unknown;
}

/** Handlers may answer with the store's readonly records. */
type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

function isZod(schema: unknown): schema is z.ZodType {
  return schema instanceof z.ZodType;
}

const validateOnly = new WeakSet<z.ZodType>();

/**
 * Marks a domain input schema (one with transforms, which the repository parses itself) as
 * check-only: the route validates the request with it and documents it, but hands the handler the
 * request as sent, typed as the schema's input.
 */
export function asInput<S extends z.ZodType>(schema: S): z.ZodType<z.input<S>, z.input<S>> {
  validateOnly.add(schema);
  return schema as unknown as z.ZodType<z.input<S>, z.input<S>>;
}

const documentOnly = new WeakSet<z.ZodType>();

/**
 * A body the route reads itself (a multipart upload, a tar archive) described for the OpenAPI document only:
 * the validator passes the request through untouched, and the document gets the shape a client must send.
 */
export function documentedBody(schema: z.ZodType): z.ZodType<unknown, unknown> {
  documentOnly.add(schema);
  return schema as z.ZodType<unknown, unknown>;
}

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (!isZod(schema)) throw new Error(`route schema for ${httpPart ?? 'input'} must be a zod schema`);
  if (documentOnly.has(schema)) return (data: unknown) => ({ value: data });
  const passInput = validateOnly.has(schema);
  return (data: unknown) => {
    const unknown = httpPart === 'body' ? unknownFields(schema, data) : [];
    const result = schema.safeParse(data);
    if (result.success && unknown.length === 0) return { value: passInput ? data : result.data };
    const issues = result.success ? [] : issuesFromZod(result.error, httpPart);
    return { error: new RequestValidationError([...unknown, ...issues]) };
  };
};

export const zodSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  if (!isZod(schema)) return (data: unknown) => JSON.stringify(data);
  return (data: unknown) => JSON.stringify(schema.parse(data));
};

/** Turns route zod schemas into JSON Schema for the OpenAPI document (@fastify/swagger `transform`). */
export function jsonSchemaOf(schema: unknown, io: 'input' | 'output'): unknown {
  if (!isZod(schema)) return schema;
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}
