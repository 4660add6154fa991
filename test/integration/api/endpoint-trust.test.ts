// Certificate trust and the connection test of an endpoint, over HTTP against the Exchange simulator
// running HTTPS with its self-signed certificate, on SQLite and PostgreSQL.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startExchangeSim, type ExchangeSim, type SeedInput } from '../../../src/exchange-sim/index.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import type { z } from 'zod';
import { endpointResponse } from '../../../src/api/schemas/config-model.ts';
import { chainResponse, testResponse } from '../../../src/api/routes/endpoint-trust.ts';
import { insertStoredImapEndpoint } from '../../helpers/fixtures.ts';
import { auditList, startApi, type ApiHarness, withId } from './harness.ts';

const SVC_PASSWORD = 'Svc-Secret-Pass-7781!';
const WRONG_PASSWORD = 'Not-The-Right-One-5523?';
const SEED: SeedInput = {
  domains: ['example.com'],
  users: [
    { smtp: 'alice@example.com', password: 'Alice-Pass-1' },
    { smtp: 'bob@example.com', password: 'Bob-Pass-1' },
  ],
  serviceAccounts: [{ userName: 'svc-voxsync', password: SVC_PASSWORD, smtp: 'svc-voxsync@example.com' }],
  impersonationGrants: [{ account: 'svc-voxsync', mailboxes: ['alice@example.com'] }],
};

function stepOf(report: z.output<typeof testResponse>, step: string) {
  const s = report.steps.find((x) => x.step === step);
  assert.ok(s, `step ${step} missing`);
  return s;
}

await eachDatabase('endpoint certificate trust and connection test', (db) => {
  let api: ApiHarness;
  let sim: ExchangeSim;
  let endpointId: string;
  let groupId: string;
  let t: string;

  before(async () => {
    sim = await startExchangeSim({ port: 0, seed: SEED });
    api = await startApi(db.store);
    t = api.adminToken;
    const ep = await api.request('POST', '/api/v1/endpoints', {
      token: t,
      json: { name: 'Sim', address: 'ews:127.0.0.1', port: sim.port, exchangeVersion: 'auto' },
    });
    assert.equal(ep.status, 201, ep.text);
    endpointId = ep.jsonAs(withId).id;
    const fg = await api.request('POST', '/api/v1/feature-groups', {
      token: t,
      json: {
        name: 'Sim group',
        sync: {
          serviceAccount: 'svc-voxsync@example.com',
          password: SVC_PASSWORD,
          passwordConfirmation: SVC_PASSWORD,
          endpointId,
        },
      },
    });
    assert.equal(fg.status, 201, fg.text);
    groupId = fg.jsonAs(withId).id;
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('shows the presented chain without trusting it', async () => {
    const res = await api.request('GET', `/api/v1/endpoints/${endpointId}/certificate`, { token: t });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.jsonAs(chainResponse).certificates.length, 1);
    const [leaf] = res.jsonAs(chainResponse).certificates;
    assert.ok(leaf);
    assert.equal(leaf.fingerprint, sim.fingerprint);
    assert.match(leaf.subject, /CN=127\.0\.0\.1/);
    assert.equal(leaf.selfSigned, true);
    assert.equal(leaf.trustedForEndpoint, false);
    assert.ok(Date.parse(leaf.validTo) > Date.now());
    assert.equal(res.jsonAs(chainResponse).chainsToTrustedCa, false);
    assert.equal(res.jsonAs(chainResponse).trusted, false);
    assert.ok(res.jsonAs(chainResponse).verifyError);
  });

  it('an untrusted certificate fails the TLS step; later steps are skipped', async () => {
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, { token: t, json: {} });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.jsonAs(testResponse).ok, false);
    assert.equal(stepOf(res.jsonAs(testResponse), 'reachable').status, 'ok');
    const tls = stepOf(res.jsonAs(testResponse), 'tls');
    assert.equal(tls.status, 'failed');
    assert.equal(tls.code, 'tls.untrusted');
    assert.ok(tls.message?.includes(sim.fingerprint!));
    for (const s of ['authentication', 'impersonation', 'version'])
      assert.equal(stepOf(res.jsonAs(testResponse), s).status, 'skipped');
  });

  it('refuses to trust a fingerprint the server does not present, and a malformed one', async () => {
    const other = 'AB:'.repeat(31) + 'AB';
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/trusted-certificates`, {
      token: t,
      json: { fingerprint: other },
    });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.error().code, 'connector.certificate_not_presented');
    assert.ok(res.error().message.includes(sim.fingerprint!));
    const bad = await api.request('POST', `/api/v1/endpoints/${endpointId}/trusted-certificates`, {
      token: t,
      json: { fingerprint: 'not-a-fingerprint' },
    });
    assert.equal(bad.status, 400, bad.text);
    const ep = await api.request('GET', `/api/v1/endpoints/${endpointId}`, { token: t });
    assert.deepEqual(ep.jsonAs(endpointResponse).trustedCertificates, []);
  });

  it('trusts the presented certificate by fingerprint, storing its PEM, audit-logged', async () => {
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/trusted-certificates`, {
      token: t,
      json: { fingerprint: sim.fingerprint!.replace(/:/g, '').toLowerCase() },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.jsonAs(endpointResponse).trustedCertificates.length, 1);
    const [cert] = res.jsonAs(endpointResponse).trustedCertificates;
    assert.ok(cert);
    assert.equal(cert.fingerprint, sim.fingerprint!.replace(/:/g, '').toLowerCase());
    assert.equal(cert.pem?.trim(), sim.certificatePem!.trim());
    const stored = await db.store.endpoints.get(endpointId);
    assert.equal(stored.trustedCertificates[0]?.pem?.trim(), sim.certificatePem!.trim());
    const chain = await api.request('GET', `/api/v1/endpoints/${endpointId}/certificate`, { token: t });
    assert.equal(chain.jsonAs(chainResponse).certificates[0]?.trustedForEndpoint, true);
    assert.equal(chain.jsonAs(chainResponse).trusted, true);
    const audit = await api.request('GET', `/api/v1/audit?targetId=${endpointId}`, { token: t });
    const actions = audit.jsonAs(auditList).entries.map((e) => e.action);
    assert.ok(actions.includes('endpoint.certificate.trust'), actions.join());
  });

  it('trusted: every step passes, with impersonation and the detected version', async () => {
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, {
      token: t,
      json: { impersonate: 'alice@example.com' },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.jsonAs(testResponse).steps.map((s) => s.status),
      ['ok', 'ok', 'ok', 'ok', 'ok'],
      res.text,
    );
    assert.equal(res.jsonAs(testResponse).ok, true);
    assert.equal(res.jsonAs(testResponse).serverVersion?.product, 'Exchange 2016');
    assert.equal(res.jsonAs(testResponse).serverVersion?.requestServerVersion, 'Exchange2016');
    // Without a mailbox the version still comes from the (mailbox-less) service account's answer.
    const bare = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, { token: t, json: {} });
    assert.equal(bare.jsonAs(testResponse).ok, true, bare.text);
    assert.equal(stepOf(bare.jsonAs(testResponse), 'impersonation').status, 'skipped');
    assert.equal(stepOf(bare.jsonAs(testResponse), 'version').status, 'ok');
  });

  it('no impersonation grant: step 4 fails with ErrorImpersonateUserDenied explained', async () => {
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, {
      token: t,
      json: { featureGroupId: groupId, impersonate: 'bob@example.com' },
    });
    assert.equal(res.jsonAs(testResponse).ok, false);
    const step = stepOf(res.jsonAs(testResponse), 'impersonation');
    assert.equal(step.status, 'failed');
    assert.equal(step.code, 'impersonation.denied');
    assert.equal(step.responseCode, 'ErrorImpersonateUserDenied');
    assert.match(step.message!, /ErrorImpersonateUserDenied/);
    assert.match(step.message!, /ApplicationImpersonation/);
    assert.equal(stepOf(res.jsonAs(testResponse), 'authentication').status, 'ok');
  });

  it('a wrong password fails the authentication step and is never echoed', async () => {
    const patch = await api.request('PATCH', `/api/v1/feature-groups/${groupId}`, {
      token: t,
      json: { sync: { password: WRONG_PASSWORD, passwordConfirmation: WRONG_PASSWORD } },
    });
    assert.equal(patch.status, 200, patch.text);
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, {
      token: t,
      json: { impersonate: 'alice@example.com' },
    });
    const step = stepOf(res.jsonAs(testResponse), 'authentication');
    assert.equal(step.status, 'failed', res.text);
    assert.equal(step.code, 'auth.rejected');
    assert.match(step.message!, /svc-voxsync@example\.com/);
    assert.equal(stepOf(res.jsonAs(testResponse), 'impersonation').status, 'skipped');
    for (const text of [...api.responses, ...api.logs]) {
      assert.ok(!text.includes(WRONG_PASSWORD), 'wrong password leaked');
      assert.ok(!text.includes(SVC_PASSWORD), 'service password leaked');
    }
    await api.request('PATCH', `/api/v1/feature-groups/${groupId}`, {
      token: t,
      json: { sync: { password: SVC_PASSWORD, passwordConfirmation: SVC_PASSWORD } },
    });
  });

  it('a new server certificate fails naming both fingerprints', async () => {
    const old = sim.fingerprint!;
    const port = sim.port;
    await sim.close();
    sim = await startExchangeSim({ port, seed: SEED });
    assert.notEqual(sim.fingerprint, old);
    const res = await api.request('POST', `/api/v1/endpoints/${endpointId}/test`, { token: t, json: {} });
    const tls = stepOf(res.jsonAs(testResponse), 'tls');
    assert.equal(tls.status, 'failed', res.text);
    assert.equal(tls.code, 'tls.certificate_changed');
    assert.ok(tls.message!.includes(old), tls.message);
    assert.ok(tls.message!.includes(sim.fingerprint!), tls.message);
  });

  it('stops trusting a certificate; an unknown fingerprint is 404', async () => {
    const fp = (await db.store.endpoints.get(endpointId)).trustedCertificates[0]!.fingerprint;
    const res = await api.request('DELETE', `/api/v1/endpoints/${endpointId}/trusted-certificates/${fp}`, {
      token: t,
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.jsonAs(endpointResponse).trustedCertificates, []);
    const again = await api.request('DELETE', `/api/v1/endpoints/${endpointId}/trusted-certificates/${fp}`, {
      token: t,
    });
    assert.equal(again.status, 404, again.text);
  });

  it('an address without "ews:" is refused, saying to write ews:host', async () => {
    const imap = await api.request('POST', '/api/v1/endpoints', {
      token: t,
      json: { name: 'New IMAP', address: 'mail.example.com' },
    });
    assert.equal(imap.status, 400, imap.text);
    assert.equal(imap.firstIssue().field, 'address');
    assert.equal(imap.firstIssue().rule, 'endpoint.address_scheme_missing');
    assert.match(imap.firstIssue().message, /write "ews:mail\.example\.com"/);
  });

  it('an IMAP endpoint stored earlier has no connector; no feature group attaches to it', async () => {
    const imapId = await insertStoredImapEndpoint(db.store, 'Old IMAP');
    const attach = await api.request('PATCH', `/api/v1/feature-groups/${groupId}`, {
      token: t,
      json: { sync: { endpointId: imapId } },
    });
    assert.equal(attach.status, 400, attach.text);
    assert.equal(attach.firstIssue().field, 'sync.endpointId');
    assert.equal(attach.firstIssue().rule, 'feature_group.endpoint_not_ews');
    const res = await api.request('POST', `/api/v1/endpoints/${imapId}/test`, {
      token: t,
      json: { featureGroupId: groupId },
    });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.error().code, 'connector.not_available');
    const anon = await api.request('GET', `/api/v1/endpoints/${endpointId}/certificate`);
    assert.equal(anon.status, 401);
  });
});
