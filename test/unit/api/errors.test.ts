import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { toHttpError } from '../../../src/api/error-handler.ts';
import {
  ApiConflictError,
  ResourceNotFoundError,
  RuleViolationError,
  issuesFromZod,
} from '../../../src/api/errors.ts';

test('zod failures become 400 naming the field and the rule, without the submitted value', () => {
  const schema = z.object({ port: z.number().int().min(1), nested: z.object({ name: z.string() }) });
  const r = schema.safeParse({ port: 0, nested: { name: 5 } });
  assert.equal(r.success, false);
  const { status, body } = toHttpError(r.error);
  assert.equal(status, 400);
  assert.equal(body.error.code, 'request.invalid');
  assert.deepEqual(
    body.error.issues?.map((i) => [i.field, i.rule]),
    [
      ['port', 'too_small'],
      ['nested.name', 'invalid_type'],
    ],
  );
});

test('custom zod issues carry the stable code given in params', () => {
  const schema = z.string().superRefine((_v, ctx) => {
    ctx.addIssue({ code: 'custom', params: { code: 'endpoint.address_scheme_missing' }, message: 'm' });
  });
  const r = schema.safeParse('x');
  assert.equal(r.success, false);
  assert.equal(issuesFromZod(r.error, 'querystring')[0]?.rule, 'endpoint.address_scheme_missing');
  assert.equal(issuesFromZod(r.error, 'querystring')[0]?.field, 'querystring');
});

test('typed API errors map to their status and code; unknown errors to an opaque 500', () => {
  assert.equal(toHttpError(new ResourceNotFoundError('The mailbox')).status, 404);
  assert.equal(toHttpError(new ApiConflictError('taken')).status, 409);
  assert.equal(toHttpError(new RuleViolationError('no')).status, 422);
  const internal = toHttpError(new Error('database password is hunter2'));
  assert.equal(internal.status, 500);
  assert.doesNotMatch(JSON.stringify(internal.body), /hunter2/);
});
