// A mailbox user changes their own PIN over HTTP, on SQLite and PostgreSQL.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachDatabase } from '../../helpers/databases.ts';
import { auditList, startApi, type ApiHarness, withId } from './harness.ts';

const OLD_PIN = '50719';
const NEW_PIN = '86420975';

await eachDatabase('mailbox PIN change by its user', (db) => {
  let api: ApiHarness;
  let a: string;
  let b: string;
  before(async () => {
    api = await startApi(db.store);
    const t = api.adminToken;
    const fg = await api.request('POST', '/api/v1/feature-groups', { token: t, json: { name: 'PIN FG' } });
    const mk = async (number: string) =>
      (
        await api.request('POST', '/api/v1/mailboxes', {
          token: t,
          json: { number, displayName: number, featureGroupId: fg.jsonAs(withId).id, pin: OLD_PIN },
        })
      ).jsonAs(withId).id;
    a = await mk('8201');
    b = await mk('8202');
  });
  after(() => api.close());

  it('needs the current PIN, checks the new one against the PIN rules, then ends the other sessions', async () => {
    const user = await api.mailboxLogin('8201', OLD_PIN);
    const otherDevice = await api.mailboxLogin('8201', OLD_PIN);
    const path = `/api/v1/mailboxes/${a}/pin`;

    const wrong = await api.request('PUT', path, {
      session: user,
      json: { currentPin: '99999', newPin: NEW_PIN },
    });
    assert.equal(wrong.status, 400, wrong.text);
    assert.equal(wrong.firstIssue().field, 'currentPin');
    assert.equal(wrong.firstIssue().rule, 'mailbox.current_pin_wrong');

    for (const bad of ['12a4', '123', '1'.repeat(17)]) {
      const res = await api.request('PUT', path, {
        session: user,
        json: { currentPin: OLD_PIN, newPin: bad },
      });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.firstIssue().field, 'newPin');
      assert.equal(res.firstIssue().rule, 'mailbox.pin_invalid');
    }
    // Refused attempts changed nothing.
    await api.mailboxLogin('8201', OLD_PIN);

    const ok = await api.request('PUT', path, {
      session: user,
      json: { currentPin: OLD_PIN, newPin: NEW_PIN },
    });
    assert.equal(ok.status, 204, ok.text);
    assert.equal(ok.text, '');

    const oldLogin = await api.request('POST', '/api/v1/auth/mailbox-login', {
      json: { mailbox: '8201', pin: OLD_PIN },
    });
    assert.equal(oldLogin.status, 401);
    await api.mailboxLogin('8201', NEW_PIN);
    assert.equal((await api.request('GET', `/api/v1/mailboxes/${a}`, { session: user })).status, 200);
    assert.equal((await api.request('GET', `/api/v1/mailboxes/${a}`, { session: otherDevice })).status, 401);

    const audit = await api.request('GET', `/api/v1/audit?targetId=${a}`, { token: api.adminToken });
    const change = audit.jsonAs(auditList).entries.find((e) => e.action === 'mailbox.pin.change');
    assert.ok(change, audit.text);
    assert.equal(change.actor, `mailbox:${a}`);
    assert.deepEqual(change.details.credentialsChanged, ['pin']);
    assert.equal(change.details.number, '8201');

    for (const [where, text] of [
      ['audit log', audit.text],
      ['server log', api.logs.join('\n')],
      ['responses', api.responses.join('\n')],
    ] as const) {
      assert.ok(!text.includes(NEW_PIN), `the new PIN appears in the ${where}`);
    }
  });

  it("a user cannot change another mailbox's PIN; repeated attempts are rate limited", async () => {
    const userB = await api.mailboxLogin('8202', OLD_PIN);
    const other = await api.request('PUT', `/api/v1/mailboxes/${a}/pin`, {
      session: userB,
      json: { currentPin: NEW_PIN, newPin: '2468' },
    });
    assert.equal(other.status, 403, other.text);

    const path = `/api/v1/mailboxes/${b}/pin`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.request('PUT', path, {
        session: userB,
        json: { currentPin: `1111${i}`, newPin: '2468' },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [400, 400, 400, 400, 400]);
    const limited = await api.request('PUT', path, {
      session: userB,
      json: { currentPin: OLD_PIN, newPin: '2468' },
    });
    assert.equal(limited.status, 429, limited.text);
    assert.equal(limited.error().code, 'auth.rate_limited');
    assert.ok(limited.headers.get('retry-after'));
    await api.mailboxLogin('8202', OLD_PIN);
  });
});
