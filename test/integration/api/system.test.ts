import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../../src/cli/serve.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { z } from 'zod';
import { startApi, type ApiHarness } from './harness.ts';

/** The parts of an OpenAPI 3 document this test reads. */
interface JsonSchemaNode {
  readonly properties?: Record<string, JsonSchemaNode> | undefined;
}
const jsonSchemaNode: z.ZodType<JsonSchemaNode> = z.lazy(() =>
  z.object({ properties: z.record(z.string(), jsonSchemaNode).optional() }),
);
const content = z.record(z.string(), z.object({ schema: jsonSchemaNode }));
const operation = z.object({
  requestBody: z.object({ content }).optional(),
  responses: z.record(z.string(), z.object({ content: content.default({}) })).optional(),
});
const openApiDocument = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.object({ get: operation.optional(), post: operation.optional() })),
});

await eachDatabase('health, readiness, metrics and the API documents', (db) => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi(db.store, { app: { metricsScrapeToken: 'scrape-token-for-prometheus' } });
  });
  after(() => api.close());

  it('/healthz and /readyz answer without credentials', async () => {
    const health = await api.request('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'ok' });
    const ready = await api.request('GET', '/readyz');
    assert.equal(ready.status, 200, ready.text);
    assert.deepEqual(ready.json, { status: 'ok' });
  });

  it('/metrics needs the scrape token or an admin, and exposes request counters', async () => {
    assert.equal((await api.request('GET', '/metrics')).status, 401);
    assert.equal((await api.request('GET', '/metrics', { token: 'wrong-scrape-token' })).status, 401);
    const scraped = await api.request('GET', '/metrics', { token: 'scrape-token-for-prometheus' });
    assert.equal(scraped.status, 200);
    assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(
      scraped.text,
      /voxsync_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    const admin = await api.request('GET', '/metrics', { token: api.adminToken });
    assert.equal(admin.status, 200);
    assert.match(admin.text, /voxsync_sse_clients 0/);
    await api.request('POST', '/api/v1/auth/mailbox-login', { json: { mailbox: '1', pin: '0000' } });
    const after = await api.request('GET', '/metrics', { token: api.adminToken });
    assert.match(after.text, /voxsync_login_failures_total\{kind="mailbox"\} 1/);
  });

  it('the OpenAPI document lists every resource with its schemas; the docs UI is served', async () => {
    const doc = await api.request('GET', '/api/openapi.json');
    assert.equal(doc.status, 200);
    const openapi = doc.jsonAs(openApiDocument);
    assert.equal(openapi.openapi, '3.0.3');
    for (const path of [
      '/api/v1/endpoints',
      '/api/v1/feature-groups',
      '/api/v1/mailboxes/{mailboxId}',
      '/api/v1/mailboxes/{mailboxId}/messages',
      '/api/v1/mailboxes/{mailboxId}/messages/{messageId}/audio',
      '/api/v1/mailboxes/{mailboxId}/mwi',
      '/api/v1/webhooks/{id}/deliveries',
      '/api/v1/auth/login',
    ]) {
      assert.ok(openapi.paths[path], `missing ${path}`);
    }
    const bodySchema =
      openapi.paths['/api/v1/endpoints']?.post?.requestBody?.content['application/json']?.schema;
    assert.ok(bodySchema?.properties?.address, 'the endpoint body documents address');
    const fgResponse =
      openapi.paths['/api/v1/feature-groups/{id}']?.get?.responses?.['200']?.content['application/json']
        ?.schema;
    const syncProps = fgResponse?.properties?.sync?.properties;
    assert.ok(syncProps?.hasServicePassword);
    assert.ok(!('password' in syncProps), 'passwords are not in responses');
    const ui = await api.request('GET', '/api/docs/');
    assert.equal(ui.status, 200);
    assert.match(ui.text, /swagger/i);
  });

  it('unknown routes are 404 with the error shape', async () => {
    const res = await api.request('GET', '/api/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.error().code, 'request.not_found');
  });
});

it('`voxsync serve` opens and migrates the store, listens, prints the URL and stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxsync-serve-'));
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ctx: CliContext = {
    stdout,
    stderr: new PassThrough(),
    env: { VOXSYNC_LOG_LEVEL: 'silent' },
    exitCode: 0,
  };
  const stop = new AbortController();
  const running = serve({ port: '0', data: dataDir }, ctx, stop.signal);
  try {
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = /voxsync listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(url, out);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.match(out, /created the credential key/);
  } finally {
    stop.abort();
    await running;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
