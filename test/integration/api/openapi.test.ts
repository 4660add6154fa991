// The OpenAPI document drives the API from Swagger UI and generates clients: it validates as OpenAPI 3 (an
// independent validator, @apidevtools/swagger-parser), declares the CSRF header cookie sessions need, carries
// the upload bodies of deposit (multipart) and import (tar), describes every request field and parameter, and
// describes every answer, errors included, instead of "Default Response".
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { eachDatabase } from '../../helpers/databases.ts';
import { startApi, type ApiHarness } from './harness.ts';

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operations(doc: OpenAPIV3.Document): [string, OpenAPIV3.OperationObject][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) =>
      item?.[m] ? [[`${m.toUpperCase()} ${path}`, item[m]] as [string, OpenAPIV3.OperationObject]] : [],
    ),
  );
}

/** Request fields without a description, as `<operation> body.<dotted path>`. */
function undescribed(schema: Schema | undefined, where: string): string[] {
  if (!schema || '$ref' in schema) return [];
  const out: string[] = [];
  for (const list of [schema.anyOf, schema.oneOf, schema.allOf])
    for (const s of list ?? []) out.push(...undescribed(s, where));
  if (schema.type === 'array') out.push(...undescribed(schema.items, `${where}[]`));
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const own = '$ref' in prop ? undefined : prop;
    const text =
      own?.description ??
      own?.anyOf?.find((s): s is OpenAPIV3.SchemaObject => !('$ref' in s) && !!s.description)?.description;
    if (!text || text.trim().length < 5) out.push(`${where}.${name}`);
    out.push(...undescribed(prop, `${where}.${name}`));
  }
  return out;
}

await eachDatabase(
  'the OpenAPI document',
  (db) => {
    let api: ApiHarness;
    let doc: OpenAPIV3.Document;
    before(async () => {
      api = await startApi(db.store);
      doc = (await api.request('GET', '/api/openapi.json')).json as OpenAPIV3.Document;
    });
    after(() => api.close());

    it('is a valid OpenAPI 3 document', async () => {
      await SwaggerParser.validate(structuredClone(doc) as OpenAPIV3.Document);
    });

    it('declares the CSRF header beside the session cookie', () => {
      const schemes = doc.components?.securitySchemes ?? {};
      assert.deepEqual(schemes.csrf, {
        type: 'apiKey',
        in: 'header',
        name: 'X-CSRF-Token',
        description: (schemes.csrf as OpenAPIV3.ApiKeySecurityScheme).description,
      });
      assert.deepEqual(doc.security, [{ bearer: [] }, { session: [], csrf: [] }]);
    });

    it('carries the upload bodies of deposit and import', () => {
      const deposit = doc.paths['/api/v1/mailboxes/{mailboxId}/messages']?.post
        ?.requestBody as OpenAPIV3.RequestBodyObject;
      const form = deposit.content['multipart/form-data']?.schema as OpenAPIV3.SchemaObject;
      assert.deepEqual((form.properties?.audio as OpenAPIV3.SchemaObject).format, 'binary');
      assert.ok(form.required?.includes('audio'));
      const imp = doc.paths['/api/v1/mailboxes/{mailboxId}/import']?.post
        ?.requestBody as OpenAPIV3.RequestBodyObject;
      assert.equal((imp.content['application/x-tar']?.schema as OpenAPIV3.SchemaObject).format, 'binary');
    });

    it('describes every request field and parameter', () => {
      const missing: string[] = [];
      let fields = 0;
      for (const [name, op] of operations(doc)) {
        for (const p of op.parameters ?? []) {
          fields++;
          if ('$ref' in p || !p.description)
            missing.push(`${name} ${'$ref' in p ? '?' : `${p.in}:${p.name}`}`);
        }
        const body = op.requestBody && !('$ref' in op.requestBody) ? op.requestBody : undefined;
        for (const [type, media] of Object.entries(body?.content ?? {})) {
          const found = undescribed(media.schema, `${name} ${type}`);
          missing.push(...found);
          fields += JSON.stringify(media.schema).split('"description"').length - 1 + found.length;
        }
      }
      assert.deepEqual(missing, []);
      assert.ok(fields > 150, `only ${fields} fields counted`);
    });

    it('describes every answer and declares the errors', () => {
      for (const [name, op] of operations(doc)) {
        for (const [code, res] of Object.entries(op.responses)) {
          const text = '$ref' in res ? '' : res.description;
          assert.ok(text && text !== 'Default Response', `${name} ${code}: "${text}"`);
        }
      }
      const patch = doc.paths['/api/v1/feature-groups/{id}']?.patch?.responses ?? {};
      for (const code of ['200', '400', '401', '403', '404', '409', '422']) assert.ok(code in patch, code);
      const error = patch['400'] as OpenAPIV3.ResponseObject;
      const body = error.content?.['application/json']?.schema as OpenAPIV3.SchemaObject;
      assert.ok(body.properties?.error, JSON.stringify(error));
    });
  },
  { dialects: ['sqlite'] },
);
