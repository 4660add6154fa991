// What the OpenAPI document says about answers: a description for every success answer (never fastify-swagger's
// "Default Response") and the error answers a route can give, each with the error envelope, so a generated
// client knows them and Swagger UI shows them. Which errors a route declares follows from what it is: its role
// (401/403), whether it reads input (400), names a record (404), changes something (409/422), takes an upload
// (413/415) or is a login (429).
import type { RouteRole } from './roles.ts';

const SUCCESS: Record<string, string> = {
  '200': 'Done; the body holds the result.',
  '201': 'Created; the body holds the new record.',
  '204': 'Done; there is no body.',
  '206': 'Part of the content, for a Range request.',
};

const ERRORS: Record<string, string> = {
  '400':
    'Invalid input: `error.issues` names each refused field with its rule (`request.unknown_field` for a field the route does not accept).',
  '401': 'Not logged in: send a bearer token or the session cookie.',
  '403': 'Refused: the caller lacks the role, or a cookie session sent no matching X-CSRF-Token header.',
  '404': 'No record has the id in the path.',
  '409': 'A unique value is taken, or the record is still in use.',
  '413': 'The upload is larger than the server accepts.',
  '415': 'Wrong content type; the message names the one the route accepts.',
  '422': 'A rule of the model is broken (the message and `error.code` say which).',
  '429': 'Too many attempts; retry after the `Retry-After` seconds.',
};

/** The JSON Schema of the error envelope every failing answer carries. */
function errorEnvelope(description: string): Record<string, unknown> {
  return {
    description,
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description: 'Stable code, `<area>.<rule>` or a generic one such as `validation_failed`.',
          },
          message: { type: 'string', description: 'A sentence for people.' },
          issues: {
            type: 'array',
            description: 'For invalid input: one entry per refused field.',
            items: {
              type: 'object',
              required: ['field', 'rule', 'message'],
              properties: {
                field: {
                  type: 'string',
                  description: 'The field, as a dotted path (`sync.serviceAccount`).',
                },
                rule: { type: 'string', description: 'The rule it breaks (stable code).' },
                message: { type: 'string', description: 'What is wrong, for people.' },
              },
            },
          },
        },
      },
    },
  };
}

export interface RouteFacts {
  readonly method: string;
  readonly url: string;
  readonly role: RouteRole | undefined;
  readonly readsInput: boolean;
  readonly hasParams: boolean;
  readonly consumes: readonly string[];
}

/** The documented answers of a route: its success answers with descriptions, plus the errors it can give. */
export function documentedResponses(
  responses: Record<string, unknown>,
  route: RouteFacts,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [code, schema] of Object.entries(responses)) {
    const s = (schema ?? {}) as Record<string, unknown>;
    out[code] = typeof s.description === 'string' ? s : { ...s, description: SUCCESS[code] ?? 'Success.' };
  }
  const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
  const codes: string[] = [];
  if (route.readsInput || route.hasParams) codes.push('400');
  if (route.role !== 'public') codes.push('401', '403');
  if (route.hasParams) codes.push('404');
  if (writes && route.role !== 'public') codes.push('409', '422');
  if (route.consumes.length > 0) codes.push('413', '415');
  if (route.url.includes('login') || route.url.endsWith('/pin')) codes.push('429');
  for (const code of codes) if (!(code in out)) out[code] = errorEnvelope(ERRORS[code]!);
  return out;
}
