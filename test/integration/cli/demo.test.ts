// `voxsync demo` in-process: simulator + API on free ports over a temporary data directory; an
// administrator logs in over HTTP, sees the demo mailboxes and the endpoint test passes; a second
// start on the same data directory creates nothing twice and keeps the generated password.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../src/logging/logger.ts';
import { describeDemo, startDemo, type Demo } from '../../../src/cli/demo.ts';
import { DEMO_CREDENTIALS_FILE } from '../../../src/cli/demo-setup.ts';

const quiet = () => createLogger('silent', new PassThrough());

async function login(demo: Demo): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${demo.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demo.admin.username, password: demo.admin.password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
}

async function call(
  demo: Demo,
  s: { cookie: string; csrf: string },
  method: string,
  path: string,
  json?: unknown,
) {
  const res = await fetch(demo.url + path, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('voxsync demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxsync-demo-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  async function runOnce(): Promise<{ password: string; counts: number[]; fingerprint: string }> {
    const demo = await startDemo({ dataDir, port: 0, logger: quiet() });
    try {
      assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(demo.simulatorUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
      const text = describeDemo(demo);
      assert.ok(text.includes(demo.url) && text.includes(demo.admin.password));
      const s = await login(demo);
      const mailboxes = await call(demo, s, 'GET', '/api/v1/mailboxes');
      assert.equal(mailboxes.status, 200, mailboxes.text);
      const list = mailboxes.json.mailboxes as { number: string; displayName: string; demo: boolean }[];
      assert.deepEqual(
        list.map((m) => m.number),
        ['4001', '4002', '4003'],
      );
      assert.ok(list.every((m) => m.demo && m.displayName.startsWith('Demo ')));
      const endpoints = (await call(demo, s, 'GET', '/api/v1/endpoints')).json.endpoints as {
        id: string;
        demo: boolean;
        trustedCertificates: { fingerprint: string }[];
      }[];
      const groups = (await call(demo, s, 'GET', '/api/v1/feature-groups')).json.featureGroups as {
        demo: boolean;
      }[];
      assert.equal(endpoints.length, 1);
      assert.ok(endpoints[0]!.demo && groups.every((g) => g.demo));
      const test = await call(demo, s, 'POST', `/api/v1/endpoints/${endpoints[0]!.id}/test`, {
        impersonate: 'bob@demo.example.com',
      });
      assert.equal(test.status, 200, test.text);
      const steps = test.json.steps as { status: string }[];
      assert.deepEqual(
        steps.map((x) => x.status),
        ['ok', 'ok', 'ok', 'ok', 'ok'],
        test.text,
      );
      return {
        password: demo.admin.password,
        counts: [endpoints.length, groups.length, list.length],
        fingerprint: endpoints[0]!.trustedCertificates[0]!.fingerprint,
      };
    } finally {
      await demo.close();
    }
  }

  it('starts, configures the demo and passes the endpoint test; a restart adds nothing', async () => {
    const first = await runOnce();
    const mode = statSync(join(dataDir, DEMO_CREDENTIALS_FILE)).mode & 0o777;
    assert.equal(mode, 0o600);
    const second = await runOnce();
    assert.equal(second.password, first.password);
    assert.deepEqual(second.counts, [1, 1, 3]);
    assert.equal(second.fingerprint, first.fingerprint);
  });
});
