import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachDatabase } from '../../helpers/databases.ts';
import { z } from 'zod';
import {
  endpointResponse,
  featureGroupResponse,
  mailboxResponse,
} from '../../../src/api/schemas/config-model.ts';
import { auditList, startApi, type ApiHarness, type Session, withId } from './harness.ts';

await eachDatabase('configuration model API', (db) => {
  let api: ApiHarness;
  let t: string;
  before(async () => {
    api = await startApi(db.store);
    t = api.adminToken;
  });
  after(() => api.close());

  it('endpoints: create, read, list, update, delete; errors name the field and the rule', async () => {
    const created = await api.request('POST', '/api/v1/endpoints', {
      token: t,
      json: { name: 'Exchange A', address: 'ews:mail.example.com' },
    });
    assert.equal(created.status, 201, created.text);
    const endpoint = created.jsonAs(endpointResponse);
    assert.equal(endpoint.port, 443);
    assert.equal(endpoint.kind, 'ews');
    assert.equal(endpoint.voiceFormat, 'mp3');
    const id = endpoint.id;

    assert.equal(
      (await api.request('GET', `/api/v1/endpoints/${id}`, { token: t })).jsonAs(endpointResponse).name,
      'Exchange A',
    );
    const list = await api.request('GET', '/api/v1/endpoints', { token: t });
    assert.ok(
      list.jsonAs(z.object({ endpoints: z.array(endpointResponse) })).endpoints.some((e) => e.id === id),
    );

    const patched = await api.request('PATCH', `/api/v1/endpoints/${id}`, {
      token: t,
      json: { voiceFormat: 'wav-pcm' },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.jsonAs(endpointResponse).voiceFormat, 'wav-pcm');

    for (const [body, field, rule] of [
      [{ name: 'X', address: 'mail.example.com:993' }, 'address', 'endpoint.address_scheme_missing'],
      [{ name: 'X', address: 'EWS:mail.example.com' }, 'address', 'endpoint.address_scheme_not_lowercase'],
      [{ name: 'X', address: 'ews:mail.example.com', port: 0 }, 'port', 'endpoint.port_out_of_range'],
      [{ address: 'ews:mail.example.com' }, 'name', undefined],
    ] as const) {
      const res = await api.request('POST', '/api/v1/endpoints', { token: t, json: body });
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status} ${res.text}`);
      const issue = res.error().issues.find((i) => i.field === field);
      assert.ok(issue, `${JSON.stringify(body)}: no issue for ${field} in ${res.text}`);
      if (rule) assert.equal(issue.rule, rule);
    }

    const dup = await api.request('POST', '/api/v1/endpoints', {
      token: t,
      json: { name: 'exchange a', address: 'ews:other.example.com' },
    });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.error().code, 'endpoint.name_taken');

    assert.equal((await api.request('GET', '/api/v1/endpoints/nope', { token: t })).status, 404);
    assert.equal((await api.request('DELETE', `/api/v1/endpoints/${id}`, { token: t })).status, 204);
    assert.equal((await api.request('GET', `/api/v1/endpoints/${id}`, { token: t })).status, 404);
  });

  it('feature groups: password write-only, confirmation must match, unknown endpoint refused', async () => {
    const ep = await api.request('POST', '/api/v1/endpoints', {
      token: t,
      json: { name: 'Exchange FG', address: 'ews:https://mail.example.com/EWS/Exchange.asmx' },
    });
    const body = {
      name: 'Sales',
      sync: {
        serviceAccount: 'svc-voxsync@example.com',
        password: 'Svc-Secret-1',
        passwordConfirmation: 'Svc-Secret-1',
        endpointId: ep.jsonAs(withId).id,
        calendarMode: 'sync',
      },
      mailboxOptions: { changeLocation: true },
    };
    const created = await api.request('POST', '/api/v1/feature-groups', { token: t, json: body });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.jsonAs(featureGroupResponse).sync.hasServicePassword, true);
    assert.equal(created.jsonAs(featureGroupResponse).sync.inboxFolder, 'Inbox');
    assert.ok(!created.text.includes('Svc-Secret-1'));

    const mismatch = await api.request('POST', '/api/v1/feature-groups', {
      token: t,
      json: { ...body, name: 'Other', sync: { ...body.sync, passwordConfirmation: 'different' } },
    });
    assert.equal(mismatch.status, 400, mismatch.text);
    assert.equal(mismatch.firstIssue().field, 'sync.passwordConfirmation');
    assert.equal(mismatch.firstIssue().rule, 'credentials.password_confirmation_mismatch');

    const unknownEndpoint = await api.request('POST', '/api/v1/feature-groups', {
      token: t,
      json: { name: 'Ghost', sync: { endpointId: 'no-such-endpoint' } },
    });
    assert.ok([400, 404, 422].includes(unknownEndpoint.status), unknownEndpoint.text);
    assert.match(unknownEndpoint.text, /endpoint/);

    const patched = await api.request('PATCH', `/api/v1/feature-groups/${created.jsonAs(withId).id}`, {
      token: t,
      json: { sync: { contacts: false } },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.jsonAs(featureGroupResponse).sync.contacts, false);
    assert.equal(patched.jsonAs(featureGroupResponse).sync.hasServicePassword, true);

    const inUse = await api.request('DELETE', `/api/v1/endpoints/${ep.jsonAs(withId).id}`, { token: t });
    assert.equal(inUse.status, 409, inUse.text);
  });

  it('mailboxes: CRUD, unknown feature group refused, a user reads only their own, audit log records who', async () => {
    const fg = await api.request('POST', '/api/v1/feature-groups', {
      token: t,
      json: { name: 'Local only' },
    });
    const create = await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: {
        number: '4001',
        displayName: 'Ann Example',
        featureGroupId: fg.jsonAs(withId).id,
        pin: '13579',
      },
    });
    assert.equal(create.status, 201, create.text);
    assert.equal(create.jsonAs(mailboxResponse).hasPin, true);
    assert.ok(!('pin' in create.jsonAs(z.record(z.string(), z.unknown()))));
    const id = create.jsonAs(withId).id;

    const badFg = await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: { number: '4002', displayName: 'B', featureGroupId: 'unknown-group' },
    });
    assert.ok([400, 404, 422].includes(badFg.status), badFg.text);
    assert.match(badFg.error().code + JSON.stringify(badFg.error().issues), /feature_group/);

    const badNumber = await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: { number: '40a1', displayName: 'B', featureGroupId: fg.jsonAs(withId).id },
    });
    assert.equal(badNumber.status, 400);
    assert.equal(badNumber.firstIssue().field, 'number');

    const dup = await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: { number: '4001', displayName: 'Dup', featureGroupId: fg.jsonAs(withId).id },
    });
    assert.equal(dup.status, 409, dup.text);

    const list = await api.request('GET', '/api/v1/mailboxes?search=Ann', { token: t });
    assert.equal(list.status, 200, list.text);
    assert.ok(
      list.jsonAs(z.object({ mailboxes: z.array(mailboxResponse) })).mailboxes.some((m) => m.id === id),
    );

    const user: Session = await api.mailboxLogin('4001', '13579');
    const mine = await api.request('GET', `/api/v1/mailboxes/${id}`, { session: user });
    assert.equal(mine.status, 200);
    assert.equal((await api.request('GET', '/api/v1/mailboxes', { session: user })).status, 403);
    assert.equal(
      (await api.request('PATCH', `/api/v1/mailboxes/${id}`, { session: user, json: { displayName: 'x' } }))
        .status,
      403,
    );

    const patched = await api.request('PATCH', `/api/v1/mailboxes/${id}`, {
      token: t,
      json: { pin: '97531' },
    });
    assert.equal(patched.status, 200, patched.text);
    // A PIN change ends the mailbox's sessions.
    assert.equal((await api.request('GET', `/api/v1/mailboxes/${id}`, { session: user })).status, 401);

    const audit = await api.request('GET', `/api/v1/audit?targetId=${id}`, { token: t });
    assert.equal(audit.status, 200, audit.text);
    const { entries } = audit.jsonAs(auditList);
    assert.deepEqual(
      entries.map((e) => e.action),
      ['mailbox.update', 'mailbox.create'],
    );
    assert.match(entries[0]?.actor ?? '', /^token:/);
    assert.deepEqual(entries[0]?.details.credentialsChanged, ['pin']);
    assert.ok(!audit.text.includes('97531'));

    assert.equal((await api.request('DELETE', `/api/v1/mailboxes/${id}`, { token: t })).status, 204);
    assert.equal((await api.request('GET', `/api/v1/mailboxes/${id}`, { token: t })).status, 404);
  });
});
