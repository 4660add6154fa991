// /api/docs over plain HTTP by host name: no upgrade-insecure-requests and no HSTS, which would make the
// browser fetch the docs UI's scripts over https:// and leave the page blank. Over HTTPS (a TLS-terminating
// proxy in front, as `publicUrl` configures) both are sent.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachDatabase } from '../../helpers/databases.ts';
import { startApi, type ApiHarness } from './harness.ts';

await eachDatabase(
  'transport security headers',
  (db) => {
    let api: ApiHarness;
    before(async () => {
      api = await startApi(db.store, { app: { trustProxy: true } });
    });
    after(() => api.close());

    for (const path of ['/api/docs/', '/api/openapi.json', '/healthz']) {
      it(`${path} over plain HTTP by host name: no upgrade-insecure-requests, no HSTS`, async () => {
        const res = await api.request('GET', path, { headers: { host: 'voxsync.example.test:8080' } });
        assert.equal(res.status, 200, res.text);
        const csp = res.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'self'/);
        assert.doesNotMatch(csp, /upgrade-insecure-requests/);
        assert.equal(res.headers.get('strict-transport-security'), null);
      });

      it(`${path} over HTTPS: upgrade-insecure-requests and HSTS`, async () => {
        const res = await api.request('GET', path, {
          headers: { host: 'voxsync.example.test', 'x-forwarded-proto': 'https' },
        });
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
        assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      });
    }

    it('the docs page refers to its scripts by relative URLs, so plain HTTP loads them', async () => {
      const page = await api.request('GET', '/api/docs/', { headers: { host: 'voxsync.example.test:8080' } });
      assert.doesNotMatch(page.text, /src="https:/);
      const script = /<script src="([^"]+)"/.exec(page.text)?.[1];
      assert.ok(script, page.text);
      const js = await api.request('GET', new URL(script, `${api.baseUrl}/api/docs/`).pathname);
      assert.equal(js.status, 200);
    });
  },
  { dialects: ['sqlite'] },
);
