import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { eachDatabase } from '../../helpers/databases.ts';
import { ADMIN_PASSWORD, depositForm, makeWav, startApi, type ApiHarness, withId } from './harness.ts';

/** Every credential the session below uses; none may appear in a log line or a response body. */
const SECRETS = {
  servicePassword: 'Svc-Pa55word-Alpha',
  servicePassword2: 'Svc-Pa55word-Bravo',
  mismatch: 'Svc-Pa55word-Charlie',
  exchangePassword: 'Exch-Pa55word-Delta',
  exchangePassword2: 'Exch-Pa55word-Echo',
  userExchangePassword: 'Exch-Pa55word-Foxtrot',
  wrongAdminPassword: 'Wrong-Admin-Golf-77',
  pin: '90817263',
  pin2: '11235813',
  wrongPin: '55550000',
  webhookSecret: 'whsec-Hotel-0123456789',
  jsonFragment: 'Frag-Pa55word-India',
  admin: ADMIN_PASSWORD,
};

await eachDatabase('credential leak: a whole admin session never logs or returns a password', (db) => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi(db.store);
  });
  after(() => api.close());

  it('runs the session and finds no password in any log line, response or stored row', async () => {
    const adminName = (await api.composed.repos.adminUsers.list())[0]!.username;
    const wrong = await api.request('POST', '/api/v1/auth/login', {
      json: { username: adminName, password: SECRETS.wrongAdminPassword },
    });
    assert.equal(wrong.status, 401);
    const s = await api.login(adminName, SECRETS.admin);
    const call = (method: string, path: string, json?: unknown) =>
      api.request(method, path, { session: s, json });

    const ep = await call('POST', '/api/v1/endpoints', { name: 'Leak EP', address: 'ews:mail.example.com' });
    assert.equal(ep.status, 201, ep.text);

    const fgBody = {
      name: 'Leak FG',
      sync: {
        serviceAccount: 'svc@example.com',
        password: SECRETS.servicePassword,
        passwordConfirmation: SECRETS.servicePassword,
        endpointId: ep.jsonAs(withId).id,
      },
    };
    const fg = await call('POST', '/api/v1/feature-groups', fgBody);
    assert.equal(fg.status, 201, fg.text);
    const mismatch = await call('POST', '/api/v1/feature-groups', {
      ...fgBody,
      name: 'Leak FG 2',
      sync: { ...fgBody.sync, passwordConfirmation: SECRETS.mismatch },
    });
    assert.equal(mismatch.status, 400);
    const badAccount = await call('POST', '/api/v1/feature-groups', {
      name: 'Leak FG 3',
      sync: { serviceAccount: `svc ${SECRETS.servicePassword}`, password: 'x', passwordConfirmation: 'x' },
    });
    assert.equal(badAccount.status, 400);
    const upd = await call('PATCH', `/api/v1/feature-groups/${fg.jsonAs(withId).id}`, {
      sync: { password: SECRETS.servicePassword2, passwordConfirmation: SECRETS.servicePassword2 },
    });
    assert.equal(upd.status, 200, upd.text);

    const mbBody = {
      number: '8001',
      displayName: 'Leak User',
      featureGroupId: fg.jsonAs(withId).id,
      license: 'messaging',
      useFeatureGroupSettings: false,
      exchangeUserName: 'leak.user@example.com',
      exchangeAddress: 'leak.user@example.com',
      exchangePassword: SECRETS.exchangePassword,
      exchangePasswordConfirmation: SECRETS.exchangePassword,
      storageMode: 'synchronization',
      pin: SECRETS.pin,
    };
    const mb = await call('POST', '/api/v1/mailboxes', mbBody);
    assert.equal(mb.status, 201, mb.text);
    const badPin = await call('POST', '/api/v1/mailboxes', {
      ...mbBody,
      number: '8002',
      pin: `${SECRETS.pin}x`,
    });
    assert.equal(badPin.status, 400);
    const basic = await call('POST', '/api/v1/mailboxes', {
      ...mbBody,
      number: '8003',
      exchangeAddress: 'other@example.com',
      license: 'basic',
    });
    assert.ok(basic.status >= 400 && basic.status < 500, basic.text);
    const mbUpd = await call('PATCH', `/api/v1/mailboxes/${mb.jsonAs(withId).id}`, {
      exchangePassword: SECRETS.exchangePassword2,
      exchangePasswordConfirmation: SECRETS.exchangePassword2,
      pin: SECRETS.pin2,
    });
    assert.equal(mbUpd.status, 200, mbUpd.text);
    const mbMismatch = await call('PATCH', `/api/v1/mailboxes/${mb.jsonAs(withId).id}`, {
      exchangePassword: SECRETS.exchangePassword,
      exchangePasswordConfirmation: SECRETS.mismatch,
    });
    assert.equal(mbMismatch.status, 400);

    const broken = await api.request('POST', '/api/v1/feature-groups', {
      session: s,
      headers: { 'content-type': 'application/json' },
      json: undefined,
    });
    assert.equal(broken.status, 400);
    const raw = await fetch(`${api.baseUrl}/api/v1/feature-groups`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
      body: `{"name":"x","sync":{"password":"${SECRETS.jsonFragment}"`,
    });
    const rawText = await raw.text();
    api.responses.push(rawText);
    assert.equal(raw.status, 400);

    const wh = await call('POST', '/api/v1/webhooks', {
      name: 'leak hook',
      url: 'http://127.0.0.1:9/never',
      secret: SECRETS.webhookSecret,
      enabled: false,
    });
    assert.equal(wh.status, 201, wh.text);

    const wrongPin = await api.request('POST', '/api/v1/auth/mailbox-login', {
      json: { mailbox: '8001', pin: SECRETS.wrongPin },
    });
    assert.equal(wrongPin.status, 401);
    const user = await api.mailboxLogin('8001', SECRETS.pin2);
    const own = await api.request('PUT', `/api/v1/mailboxes/${mb.jsonAs(withId).id}/exchange-credentials`, {
      session: user,
      json: {
        exchangeUserName: 'leak.user@example.com',
        exchangePassword: SECRETS.userExchangePassword,
        exchangePasswordConfirmation: SECRETS.userExchangePassword,
      },
    });
    assert.equal(own.status, 200, own.text);
    await api.request('POST', `/api/v1/mailboxes/${mb.jsonAs(withId).id}/messages`, {
      token: api.adminToken,
      form: depositForm(makeWav(0.2)),
    });

    for (const path of [
      '/api/v1/feature-groups',
      `/api/v1/feature-groups/${fg.jsonAs(withId).id}`,
      '/api/v1/mailboxes',
      `/api/v1/mailboxes/${mb.jsonAs(withId).id}`,
      '/api/v1/webhooks',
      '/api/v1/audit?limit=1000',
      '/api/openapi.json',
    ]) {
      assert.equal((await call('GET', path)).status, 200, path);
    }

    // The stored credentials are real (decrypt to what was set) yet never in clear in the database.
    const creds = await db.store.mailboxes.exchangeCredentials(mb.jsonAs(withId).id);
    assert.equal(creds?.password.reveal(), SECRETS.userExchangePassword);
    const rows: string[] = [];
    for (const table of ['feature_groups', 'mailboxes', 'webhooks', 'audit_log', 'sessions', 'admin_users']) {
      const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db.store.db);
      rows.push(JSON.stringify(r.rows));
    }

    assert.ok(api.logs.length > 50, `only ${api.logs.length} log lines captured`);
    assert.ok(api.responses.length > 20);
    const haystacks = { log: api.logs, response: api.responses, 'database row': rows };
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const [kind, texts] of Object.entries(haystacks)) {
        // A secret made of digits (a PIN) must stand alone: inside a longer number (a log line's
        // responseTime 1.0855550000001) it is a coincidence, not a leak.
        const alone = new RegExp(`(?<![0-9.])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9])`);
        const hit = texts.find((text) =>
          /^[0-9]+$/.test(secret) ? alone.test(text) : text.includes(secret),
        );
        assert.equal(hit, undefined, `${name} found in a ${kind}: ${hit?.slice(0, 300)}`);
      }
    }
    // Logs carry no cookies or tokens either.
    const sessionValue = s.cookie.split('=')[1]!;
    const tokenLine = api.logs.find((l) => l.includes(sessionValue) || l.includes(api.adminToken));
    assert.equal(
      tokenLine,
      undefined,
      `a session cookie or token in a log line: ${tokenLine?.slice(0, 400)}`,
    );
  });
});
