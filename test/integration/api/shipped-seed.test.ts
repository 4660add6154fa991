// A new user's first set-up: the simulator started on the documented seed (docs/exchange-sim.seed.json), an
// endpoint and a feature group made through the API with the service account written in each logon form
// Exchange accepts (UPN, DOMAIN\user, user), over NTLM and Basic, and the endpoint test passes; carol logs on
// by her UPN `cchen@contoso.test`, whose user part is not her SMTP local part.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startExchangeSim, type ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { demoSeedPath } from '../../../src/exchange-sim/config/demo-seed.ts';
import { testResponse } from '../../../src/api/routes/endpoint-trust.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { startApi, type ApiHarness, withId } from './harness.ts';

// The passwords the documented seed publishes.
const SERVICE_PASSWORD = 'change-me';
const CAROL_PASSWORD = 'carol-pw';

await eachDatabase('feature group against the shipped simulator seed', (db) => {
  let api: ApiHarness;
  let sim: ExchangeSim;
  const endpoints = new Map<string, string>();

  before(async () => {
    sim = await startExchangeSim({ port: 0, seed: demoSeedPath() });
    api = await startApi(db.store);
    for (const authMethod of ['ntlm', 'basic']) {
      const ep = await api.request('POST', '/api/v1/endpoints', {
        token: api.adminToken,
        json: { name: `Contoso ${authMethod}`, address: 'ews:127.0.0.1', port: sim.port, authMethod },
      });
      assert.equal(ep.status, 201, ep.text);
      const id = ep.jsonAs(withId).id;
      const trust = await api.request('POST', `/api/v1/endpoints/${id}/trusted-certificates`, {
        token: api.adminToken,
        json: { fingerprint: sim.fingerprint },
      });
      assert.equal(trust.status, 201, trust.text);
      endpoints.set(authMethod, id);
    }
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  for (const authMethod of ['ntlm', 'basic']) {
    for (const account of ['svc-voxsync@contoso.test', 'CONTOSO\\svc-voxsync', 'svc-voxsync']) {
      it(`${authMethod}: service account ${account} passes every step impersonating carol`, async () => {
        const endpointId = endpoints.get(authMethod)!;
        const fg = await api.request('POST', '/api/v1/feature-groups', {
          token: api.adminToken,
          json: {
            name: `${authMethod} ${account}`,
            sync: {
              serviceAccount: account,
              password: SERVICE_PASSWORD,
              passwordConfirmation: SERVICE_PASSWORD,
              endpointId,
            },
          },
        });
        assert.equal(fg.status, 201, fg.text);
        const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, {
          token: api.adminToken,
          json: { featureGroupId: fg.jsonAs(withId).id, impersonate: 'carol@contoso.test' },
        });
        assert.equal(res.status, 200, res.text);
        const report = res.jsonAs(testResponse);
        assert.deepEqual(
          report.steps.map((s) => `${s.step}:${s.status}`),
          ['reachable:ok', 'tls:ok', 'authentication:ok', 'impersonation:ok', 'version:ok'],
          res.text,
        );
        assert.equal(report.ok, true);
      });
    }

    it(`${authMethod}: carol logs on with her own credentials as cchen@contoso.test`, async () => {
      const endpointId = endpoints.get(authMethod)!;
      const fg = await api.request('POST', '/api/v1/feature-groups', {
        token: api.adminToken,
        json: { name: `own credentials ${authMethod}`, sync: { endpointId } },
      });
      assert.equal(fg.status, 201, fg.text);
      const mb = await api.request('POST', '/api/v1/mailboxes', {
        token: api.adminToken,
        json: {
          number: '5003',
          displayName: 'Carol Chen',
          featureGroupId: fg.jsonAs(withId).id,
          license: 'messaging',
          useFeatureGroupSettings: false,
          exchangeUserName: 'cchen@contoso.test',
          exchangeAddress: 'carol@contoso.test',
          exchangePassword: CAROL_PASSWORD,
          exchangePasswordConfirmation: CAROL_PASSWORD,
          storageMode: 'synchronization',
        },
      });
      assert.equal(mb.status, 201, mb.text);
      const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, {
        token: api.adminToken,
        json: { mailboxId: mb.jsonAs(withId).id },
      });
      assert.equal(res.status, 200, res.text);
      const auth = res.jsonAs(testResponse).steps.find((s) => s.step === 'authentication');
      assert.equal(auth?.status, 'ok', res.text);
      // One voxsync mailbox per Exchange mailbox: the next method's run binds carol again.
      const del = await api.request('DELETE', `/api/v1/mailboxes/${mb.jsonAs(withId).id}`, {
        token: api.adminToken,
      });
      assert.equal(del.status, 204, del.text);
    });
  }
});
