import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { enforceRouteRoles } from '../../../src/api/roles.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { depositForm, makeWav, startApi, type ApiHarness, type Session, withId } from './harness.ts';

it('an app with a route that declares no role refuses to start', async () => {
  const app = Fastify();
  enforceRouteRoles(app);
  assert.throws(() => app.get('/forgotten', async () => 'x'), /route GET \/forgotten declares no role/);
  const nested = Fastify();
  enforceRouteRoles(nested);
  await assert.rejects(async () => {
    await nested.register(async (child) => {
      child.post('/also-forgotten', async () => 'x');
    });
    await nested.ready();
  }, /route POST \/also-forgotten declares no role/);
  await nested.close().catch(() => undefined);
});

await eachDatabase('every route enforces its role', (db) => {
  let api: ApiHarness;
  let own: { id: string; number: string };
  let other: { id: string; messageId: string };
  let userA: Session;

  before(async () => {
    api = await startApi(db.store);
    const t = api.adminToken;
    const fg = await api.request('POST', '/api/v1/feature-groups', { token: t, json: { name: 'Roles FG' } });
    assert.equal(fg.status, 201, fg.text);
    const mk = async (number: string) => {
      const r = await api.request('POST', '/api/v1/mailboxes', {
        token: t,
        json: { number, displayName: `User ${number}`, featureGroupId: fg.jsonAs(withId).id, pin: '2468' },
      });
      assert.equal(r.status, 201, r.text);
      return r.json as { id: string; number: string };
    };
    own = await mk('5001');
    const b = await mk('5002');
    const msg = await api.request('POST', `/api/v1/mailboxes/${b.id}/messages`, {
      token: t,
      form: depositForm(makeWav(), { callerNumber: '+15550100' }),
    });
    assert.equal(msg.status, 201, msg.text);
    other = { id: b.id, messageId: msg.jsonAs(withId).id };
    userA = await api.mailboxLogin(own.number, '2468');
  });
  after(() => api.close());

  function routes() {
    return api.composed.app.routeTable.filter(
      (r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs') && r.url !== '/api/v1/events',
    );
  }
  function fill(url: string, mailboxId: string): string {
    return url
      .replace(':mailboxId', mailboxId)
      .replace(':messageId', other.messageId)
      .replace(':contactId', '00000000-0000-0000-0000-000000000001')
      .replace(':eventId', '00000000-0000-0000-0000-000000000002')
      .replace(':id', '00000000-0000-0000-0000-000000000000')
      .replace('*', 'x');
  }

  it('the route table is complete and every route has a role', () => {
    const table = api.composed.app.routeTable;
    assert.ok(table.length >= 40, `only ${table.length} routes`);
    for (const r of table) assert.ok(r.role, `${r.method} ${r.url}`);
    const urls = new Set(table.map((r) => r.url));
    for (const expected of [
      '/api/v1/endpoints',
      '/api/v1/feature-groups',
      '/api/v1/mailboxes',
      '/api/v1/mailboxes/:mailboxId/messages',
      '/api/v1/mailboxes/:mailboxId/mwi',
      '/api/v1/mailboxes/:mailboxId/contacts',
      '/api/v1/mailboxes/:mailboxId/calendar',
      '/api/v1/mailboxes/:mailboxId/location',
      '/api/v1/webhooks',
      '/api/v1/events',
      '/healthz',
      '/readyz',
      '/metrics',
      '/api/openapi.json',
    ]) {
      assert.ok(urls.has(expected), expected);
    }
  });

  it('without credentials every non-public route answers 401', async () => {
    for (const r of routes().filter((x) => x.role !== 'public')) {
      const res = await api.request(r.method, fill(r.url, other.id));
      assert.equal(res.status, 401, `${r.method} ${r.url}: ${res.status} ${res.text}`);
      assert.equal(res.error().code, 'auth.required');
    }
  });

  it('a mailbox user gets 403 on admin routes and on every route of another mailbox', async () => {
    for (const r of routes().filter(
      (x) => x.role === 'admin' || x.role === 'mailbox' || x.role === 'metrics',
    )) {
      const res = await api.request(r.method, fill(r.url, other.id), {
        session: userA,
        json: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      assert.equal(res.status, 403, `${r.method} ${r.url}: ${res.status} ${res.text}`);
    }
  });

  it("a mailbox user passes the role check on their own mailbox's routes", async () => {
    for (const r of routes().filter((x) => x.role === 'mailbox')) {
      const res = await api.request(r.method, fill(r.url, own.id), {
        session: userA,
        json: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      assert.ok(res.status !== 401 && res.status !== 403, `${r.method} ${r.url}: ${res.status} ${res.text}`);
    }
  });

  it('an invalid bearer token is 401, not anonymous access', async () => {
    const res = await api.request('GET', '/api/v1/mailboxes', { token: 'vxa_not-a-real-token' });
    assert.equal(res.status, 401);
  });
});
