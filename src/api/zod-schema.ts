import type {} from '@fastify/swagger';
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { ValidationError, issuesFromZod } from './errors.ts';

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

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (!isZod(schema)) throw new Error(`route schema for ${httpPart ?? 'input'} must be a zod schema`);
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new ValidationError(issuesFromZod(result.error, httpPart)) };
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
