import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { eachDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { z } from 'zod';
import { sessionResponse } from '../../../src/api/routes/auth.ts';
import { tokenSchema } from '../../../src/api/routes/admin-access.ts';
import { ADMIN_PASSWORD, auditList, startApi, type ApiHarness, withId } from './harness.ts';

async function runCli(db: TestDatabase, args: string[], extraEnv: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const env: Record<string, string> = { ...extraEnv };
  if (db.options.databaseUrl) env.DATABASE_URL = db.options.databaseUrl;
  const ctx: CliContext = { stdout, stderr, env, exitCode: 0 };
  const code = await main(['node', 'voxsync', ...args, '--data', db.dataDir], ctx);
  return { code, out, err };
}

await eachDatabase('authentication: sessions, CSRF, tokens, rate limit', (db) => {
  let api: ApiHarness;
  let adminName: string;
  before(async () => {
    api = await startApi(db.store, { app: { loginRateLimit: { max: 8, timeWindowMs: 60_000 } } });
    adminName = (await api.composed.repos.adminUsers.list())[0]!.username;
  });
  after(() => api.close());

  it('login sets an HttpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
    const res = await api.request('POST', '/api/v1/auth/login', {
      json: { username: adminName, password: ADMIN_PASSWORD },
    });
    assert.equal(res.status, 200, res.text);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^voxsync_session=vxs_/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.match(cookie, /Path=\//);
    const body = res.jsonAs(sessionResponse);
    assert.equal(typeof body.csrfToken, 'string');
    assert.equal(body.principal.kind, 'admin');
  });

  it('cookie sessions need the CSRF header on unsafe methods, not on reads', async () => {
    const s = await api.login(adminName, ADMIN_PASSWORD);
    assert.equal((await api.request('GET', '/api/v1/endpoints', { session: s, omitCsrf: true })).status, 200);
    const noCsrf = await api.request('POST', '/api/v1/feature-groups', {
      session: s,
      omitCsrf: true,
      json: { name: 'CSRF FG' },
    });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.error().code, 'auth.csrf_token_invalid');
    const wrong = await api.request('POST', '/api/v1/feature-groups', {
      session: { ...s, csrfToken: 'forged' },
      json: { name: 'CSRF FG' },
    });
    assert.equal(wrong.status, 403);
    const ok = await api.request('POST', '/api/v1/feature-groups', { session: s, json: { name: 'CSRF FG' } });
    assert.equal(ok.status, 201, ok.text);
    const me = await api.request('GET', '/api/v1/auth/me', { session: s });
    assert.equal(me.jsonAs(sessionResponse).csrfToken, s.csrfToken);
    const audit = await api.request('GET', `/api/v1/audit?targetId=${ok.jsonAs(withId).id}`, { session: s });
    assert.equal(audit.jsonAs(auditList).entries[0]?.actor, `admin:${adminName}`);
  });

  it('logout ends the session', async () => {
    const s = await api.login(adminName, ADMIN_PASSWORD);
    assert.equal((await api.request('POST', '/api/v1/auth/logout', { session: s })).status, 204);
    assert.equal((await api.request('GET', '/api/v1/auth/me', { session: s })).status, 401);
  });

  it('wrong passwords and PINs are 401 with one message; login validation errors name the field', async () => {
    const wrongPw = await api.request('POST', '/api/v1/auth/login', {
      json: { username: adminName, password: 'not-the-password' },
    });
    const noUser = await api.request('POST', '/api/v1/auth/login', {
      json: { username: 'nobody-here', password: 'not-the-password' },
    });
    assert.equal(wrongPw.status, 401);
    assert.equal(noUser.status, 401);
    assert.equal(wrongPw.error().message, noUser.error().message);
    const missing = await api.request('POST', '/api/v1/auth/login', { json: { username: adminName } });
    assert.equal(missing.status, 400);
    assert.equal(missing.firstIssue().field, 'password');
    const badMailbox = await api.request('POST', '/api/v1/auth/mailbox-login', {
      json: { mailbox: 'x1', pin: '1' },
    });
    assert.equal(badMailbox.status, 400);
    assert.equal(badMailbox.firstIssue().field, 'mailbox');
  });

  it('login is rate limited (per client, per login route)', async () => {
    for (const [path, body] of [
      ['/api/v1/auth/mailbox-login', { mailbox: '999', pin: '0000' }],
      ['/api/v1/auth/login', { username: adminName, password: 'wrong-password' }],
    ] as const) {
      const statuses: number[] = [];
      for (let i = 0; i < 12 && statuses.at(-1) !== 429; i++) {
        statuses.push((await api.request('POST', path, { json: body })).status);
      }
      assert.equal(statuses.at(-1), 429, `${path}: ${statuses.join(',')}`);
      assert.ok(statuses.length <= 9, `${path}: more than 8 attempts allowed: ${statuses.join(',')}`);
      assert.ok(
        statuses.slice(0, -1).every((s) => s === 401),
        statuses.join(','),
      );
    }
    const limited = await api.request('POST', '/api/v1/auth/login', {
      json: { username: adminName, password: ADMIN_PASSWORD },
    });
    assert.equal(limited.status, 429, 'even the right password waits out the window');
    assert.equal(limited.error().code, 'auth.rate_limited');
    assert.ok(limited.headers.get('retry-after'));
  });

  it('API tokens: create over the API (value shown once), use, revoke', async () => {
    const created = await api.request('POST', '/api/v1/tokens', {
      token: api.adminToken,
      json: { name: 'pbx' },
    });
    assert.equal(created.status, 201, created.text);
    const token = created.jsonAs(tokenSchema.extend({ token: z.string() })).token;
    assert.equal((await api.request('GET', '/api/v1/endpoints', { token })).status, 200);
    const list = await api.request('GET', '/api/v1/tokens', { token: api.adminToken });
    assert.ok(!list.text.includes(token));
    const listed = list.jsonAs(z.object({ tokens: z.array(tokenSchema) })).tokens;
    assert.ok(listed.find((x) => x.id === created.jsonAs(withId).id)?.lastUsedAt);
    assert.equal(
      (await api.request('DELETE', `/api/v1/tokens/${created.jsonAs(withId).id}`, { token: api.adminToken }))
        .status,
      204,
    );
    assert.equal((await api.request('GET', '/api/v1/endpoints', { token })).status, 401);
  });

  it('`voxsync admin token` prints a working admin token straight from the store', async () => {
    const r = await runCli(db, ['admin', 'token', '--name', 'automation']);
    assert.equal(r.code, 0, r.err);
    const token = r.out.trim();
    assert.match(token, /^vxa_/);
    const res = await api.request('GET', '/api/v1/mailboxes', { token });
    assert.equal(res.status, 200, res.text);
  });

  it('`voxsync admin create-user` and `reset-password` manage administrators', async () => {
    const created = await runCli(db, ['admin', 'create-user', '--username', 'second-admin'], {
      VOXSYNC_ADMIN_PASSWORD: 'first-password-123',
    });
    assert.equal(created.code, 0, created.err);
    const reset = await runCli(db, ['admin', 'reset-password', '--username', 'second-admin'], {
      VOXSYNC_ADMIN_PASSWORD: 'second-password-456',
    });
    assert.equal(reset.code, 0, reset.err);
    const short = await runCli(db, ['admin', 'create-user', '--username', 'third'], {
      VOXSYNC_ADMIN_PASSWORD: 'short',
    });
    assert.equal(short.code, 1);
    assert.match(short.err, /at least 10 characters/);
    const users = await api.composed.repos.adminUsers.list();
    assert.ok(users.some((u) => u.username === 'second-admin'));
    const unknown = await runCli(db, ['admin', 'reset-password', '--username', 'ghost'], {
      VOXSYNC_ADMIN_PASSWORD: 'whatever-password',
    });
    assert.equal(unknown.code, 1);
  });
});
