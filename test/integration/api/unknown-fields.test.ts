// Every JSON request body refuses a field it does not name (400, rule request.unknown_field, the field's
// path), instead of dropping it silently; the routes are read from the OpenAPI document, so a new route is
// covered without listing it here.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { eachDatabase } from '../../helpers/databases.ts';
import { startApi, type ApiHarness } from './harness.ts';

const operation = z.object({
  requestBody: z.object({ content: z.record(z.string(), z.unknown()) }).optional(),
});
const document = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

await eachDatabase(
  'unknown request fields',
  (db) => {
    let api: ApiHarness;
    before(async () => {
      api = await startApi(db.store);
    });
    after(() => api.close());

    it('every route with a JSON body refuses {"bogus": 1} naming the field', async () => {
      const doc = (await api.request('GET', '/api/openapi.json')).jsonAs(document);
      const checked: string[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, raw] of Object.entries(methods)) {
          const op = operation.safeParse(raw);
          if (!op.success || !op.data.requestBody?.content['application/json']) continue;
          const url = path.replace(/\{[^}]+\}/g, 'no-such-id');
          const res = await api.request(method.toUpperCase(), url, {
            token: api.adminToken,
            json: { bogus: 1 },
          });
          assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
          const issue = res.error().issues.find((i) => i.field === 'bogus');
          assert.ok(issue, `${method} ${path}: ${res.text}`);
          assert.equal(issue.rule, 'request.unknown_field');
          assert.match(issue.message, /Unknown field "bogus"/);
          checked.push(`${method} ${path}`);
        }
      }
      assert.ok(checked.length >= 20, checked.join('\n'));
    });

    it('a nested unknown field is named with its path; a valid body still succeeds', async () => {
      const nested = await api.request('POST', '/api/v1/feature-groups', {
        token: api.adminToken,
        json: { name: 'Sales', sync: { calendarmode: 'busy' } },
      });
      assert.equal(nested.status, 400, nested.text);
      assert.equal(nested.firstIssue().field, 'sync.calendarmode');
      assert.equal(nested.firstIssue().rule, 'request.unknown_field');
      const ok = await api.request('POST', '/api/v1/feature-groups', {
        token: api.adminToken,
        json: { name: 'Sales', sync: { calendarMode: 'none' } },
      });
      assert.equal(ok.status, 201, ok.text);
    });
  },
  { dialects: ['sqlite'] },
);
