// Administrator accounts over the API, on SQLite and PostgreSQL.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { adminUserSchema } from '../../../src/api/routes/admin-users.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { auditList, startApi, type ApiHarness, withId } from './harness.ts';

const adminList = z.object({ adminUsers: z.array(adminUserSchema) });
const PASSWORD = 'Second-Admin-Pass-1!';
const NEW_PASSWORD = 'Reset-Admin-Pass-2?';

await eachDatabase('admin users over the API', (db) => {
  let api: ApiHarness;
  let t: string;
  before(async () => {
    api = await startApi(db.store);
    t = api.adminToken;
  });
  after(() => api.close());

  const list = async () =>
    (await api.request('GET', '/api/v1/admin-users', { token: t })).jsonAs(adminList).adminUsers;
  const create = (username: string, password = PASSWORD) =>
    api.request('POST', '/api/v1/admin-users', { token: t, json: { username, password } });
  const loginStatus = async (username: string, password: string) =>
    (await api.request('POST', '/api/v1/auth/login', { json: { username, password } })).status;

  it('creates administrators; the password is checked, write-only and never logged', async () => {
    const created = await create('ops-anna');
    assert.equal(created.status, 201, created.text);
    const anna = created.jsonAs(adminUserSchema);
    assert.equal(anna.username, 'ops-anna');
    assert.equal(anna.disabledAt, null);
    assert.ok((await list()).some((u) => u.id === anna.id));
    assert.equal(await loginStatus('ops-anna', PASSWORD), 200);

    const short = await create('ops-bert', 'short');
    assert.equal(short.status, 400, short.text);
    assert.deepEqual(
      [short.firstIssue().field, short.firstIssue().rule],
      ['password', 'admin.password_too_short'],
    );
    const badName = await create('ops bert');
    assert.equal(badName.status, 400, badName.text);
    assert.deepEqual(
      [badName.firstIssue().field, badName.firstIssue().rule],
      ['username', 'admin.username_invalid'],
    );
    const dup = await create('ops-anna');
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.firstIssue().field, 'username');

    const listed = await api.request('GET', '/api/v1/admin-users', { token: t });
    for (const text of [listed.text, created.text, api.logs.join('\n')]) {
      assert.ok(!text.includes(PASSWORD));
      assert.ok(!text.includes('scrypt$'));
    }
    const audit = await api.request('GET', `/api/v1/audit?targetId=${anna.id}`, { token: t });
    const [entry] = audit.jsonAs(auditList).entries;
    assert.equal(entry?.action, 'admin_user.create');
    assert.match(entry?.actor ?? '', /^token:/);
  });

  it("resets a password and ends that administrator's sessions", async () => {
    const id = (await create('ops-carl')).jsonAs(withId).id;
    const session = await api.login('ops-carl', PASSWORD);
    const res = await api.request('POST', `/api/v1/admin-users/${id}/reset-password`, {
      token: t,
      json: { password: NEW_PASSWORD },
    });
    assert.equal(res.status, 204, res.text);
    assert.equal((await api.request('GET', '/api/v1/endpoints', { session })).status, 401);
    assert.equal(await loginStatus('ops-carl', PASSWORD), 401);
    assert.equal(await loginStatus('ops-carl', NEW_PASSWORD), 200);
    const short = await api.request('POST', `/api/v1/admin-users/${id}/reset-password`, {
      token: t,
      json: { password: 'short' },
    });
    assert.equal(short.firstIssue().rule, 'admin.password_too_short');
    const unknown = await api.request('POST', '/api/v1/admin-users/no-such-id/reset-password', {
      token: t,
      json: { password: NEW_PASSWORD },
    });
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(unknown.error().code, 'admin.not_found');
    const audit = await api.request('GET', `/api/v1/audit?targetId=${id}`, { token: t });
    const reset = audit.jsonAs(auditList).entries.find((e) => e.action === 'admin_user.reset_password');
    assert.deepEqual(reset?.details.credentialsChanged, ['password']);
    assert.ok(!audit.text.includes(NEW_PASSWORD));
  });

  it('disables an administrator: sessions end, login is refused, audit-logged', async () => {
    const id = (await create('ops-dora')).jsonAs(withId).id;
    const session = await api.login('ops-dora', PASSWORD);
    const res = await api.request('POST', `/api/v1/admin-users/${id}/disable`, { token: t });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.jsonAs(adminUserSchema).disabledAt);
    assert.equal((await api.request('GET', '/api/v1/endpoints', { session })).status, 401);
    assert.equal(await loginStatus('ops-dora', PASSWORD), 401);
    assert.ok((await list()).find((u) => u.id === id)?.disabledAt);
    const again = await api.request('POST', `/api/v1/admin-users/${id}/disable`, { token: t });
    assert.equal(again.status, 409);
    assert.equal(again.error().code, 'admin.already_disabled');
    const audit = await api.request('GET', `/api/v1/audit?targetId=${id}`, { token: t });
    assert.equal(audit.jsonAs(auditList).entries[0]?.action, 'admin_user.disable');
  });

  it('the last active administrator cannot be disabled, not even by two concurrent requests', async () => {
    const active = (await list()).filter((u) => u.disabledAt === null);
    const [keep, ...others] = active;
    assert.ok(keep);
    for (const u of others) {
      assert.equal(
        (await api.request('POST', `/api/v1/admin-users/${u.id}/disable`, { token: t })).status,
        200,
      );
    }
    const last = await api.request('POST', `/api/v1/admin-users/${keep.id}/disable`, { token: t });
    assert.equal(last.status, 409, last.text);
    assert.equal(last.error().code, 'admin.last_active');

    const extra = (await create('ops-emil')).jsonAs(withId).id;
    const both = await Promise.all(
      [keep.id, extra].map((id) => api.request('POST', `/api/v1/admin-users/${id}/disable`, { token: t })),
    );
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], both.map((r) => r.text).join('\n'));
    assert.equal((await list()).filter((u) => u.disabledAt === null).length, 1);
  });

  it('only administrators reach these routes', async () => {
    const fg = await api.request('POST', '/api/v1/feature-groups', {
      token: t,
      json: { name: 'Admin users FG' },
    });
    await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: { number: '8301', displayName: 'U', featureGroupId: fg.jsonAs(withId).id, pin: '2468' },
    });
    const user = await api.mailboxLogin('8301', '2468');
    assert.equal((await api.request('GET', '/api/v1/admin-users', { session: user })).status, 403);
    const asUser = await api.request('POST', '/api/v1/admin-users', {
      session: user,
      json: { username: 'sneaky', password: PASSWORD },
    });
    assert.equal(asUser.status, 403);
    assert.equal((await api.request('GET', '/api/v1/admin-users')).status, 401);
  });
});
