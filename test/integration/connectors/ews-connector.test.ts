// The EWS connector against the simulator over HTTPS: endpoint → client mapping, version detection,
// connection-test outcomes that depend on the Exchange release, and a changed server certificate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { startExchangeSim, type ExchangeSim, type SeedInput } from '../../../src/exchange-sim/index.ts';
import {
  CertificateChangedError,
  ConnectorUnavailableError,
  EwsConnector,
  createConnector,
  type ConnectorCredentials,
} from '../../../src/connectors/index.ts';
import { normalizeFingerprint, type Endpoint, type ExchangeVersion } from '../../../src/domain/index.ts';
import { Secret } from '../../../src/secrets/index.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { unwrapOne } from '../../../src/ews/operations/operation.ts';

const SEED: SeedInput = {
  serverVersion: '2013',
  domains: ['example.com'],
  users: [{ smtp: 'carol@example.com', password: 'Carol-Pass-1' }],
  serviceAccounts: [{ userName: 'svc', password: 'Svc-Pass-99', smtp: 'svc@example.com' }],
  impersonationGrants: [{ account: 'svc', mailboxes: 'all' }],
};

function endpointFor(sim: ExchangeSim, overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: 'ep-1',
    name: 'Sim 2013',
    address: `ews:127.0.0.1`,
    kind: 'ews',
    url: `https://127.0.0.1:${sim.port}/EWS/Exchange.asmx`,
    port: sim.port,
    voiceFormat: 'mp3',
    authMethod: 'ntlm',
    exchangeVersion: 'auto',
    trustedCertificates: [
      {
        fingerprint: normalizeFingerprint(sim.fingerprint!)!,
        pem: sim.certificatePem!,
        label: null,
        addedAt: new Date().toISOString(),
      },
    ],
    connectorAvailable: true,
    demo: false,
    createdAt: '',
    updatedAt: '',
    ...overrides,
  };
}

const creds = (password = 'Svc-Pass-99'): ConnectorCredentials => ({
  source: 'feature group "Test"',
  account: 'svc@example.com',
  password: new Secret(password),
  impersonates: true,
});

describe('EWS connector against an Exchange 2013 simulator', () => {
  let sim: ExchangeSim;
  before(async () => {
    sim = await startExchangeSim({ port: 0, seed: SEED });
  });
  after(() => sim.close());

  it('auto detects Exchange 2013 and requests Exchange2013_SP1', async () => {
    const connector = new EwsConnector(endpointFor(sim), creds());
    try {
      const client = await connector.openClient('carol@example.com');
      assert.equal(client.serverVersion, 'Exchange2013_SP1');
      const inbox = unwrapOne(
        await client.call(
          getFolder,
          { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'Default' } },
          { impersonate: 'carol@example.com' },
        ),
      );
      assert.equal(inbox.displayName, 'Inbox');
      const report = await connector.testConnection({ impersonate: 'carol@example.com' });
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.equal(report.serverVersion?.product, 'Exchange 2013');
    } finally {
      await connector.close();
    }
  });

  it('an endpoint configured for 2019 fails the version step against 2013, explained', async () => {
    const version: ExchangeVersion = '2019';
    const connector = createConnector(endpointFor(sim, { exchangeVersion: version }), creds());
    try {
      const report = await connector.testConnection();
      const step = report.steps.find((s) => s.step === 'version')!;
      assert.equal(step.status, 'failed', JSON.stringify(report));
      assert.equal(step.code, 'version.mismatch');
      assert.match(step.message!, /Exchange 2013/);
      assert.equal(report.steps.find((s) => s.step === 'authentication')?.status, 'ok');
    } finally {
      await connector.close();
    }
  });

  it('basic authentication with a wrong password fails step 3', async () => {
    const wrong = createConnector(endpointFor(sim, { authMethod: 'basic' }), creds('nope-nope'));
    const report = await wrong.testConnection();
    await wrong.close();
    const step = report.steps.find((s) => s.step === 'authentication')!;
    assert.equal(step.code, 'auth.rejected');
    assert.ok(!JSON.stringify(report).includes('nope-nope'));
  });

  it('a closed port fails step 1 and an unresolvable host names DNS; nothing else runs', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const refused = createConnector(
      endpointFor(sim, { url: `https://127.0.0.1:${closed}/EWS/Exchange.asmx`, port: closed }),
      creds(),
    );
    const report = await refused.testConnection({ timeoutMs: 3000 });
    assert.equal(report.steps[0]?.code, 'network.refused', JSON.stringify(report));
    assert.deepEqual(
      report.steps.slice(1).map((s) => s.status),
      ['skipped', 'skipped', 'skipped', 'skipped'],
    );
    const nowhere = createConnector(
      endpointFor(sim, { url: 'https://no-such-host.invalid/EWS/Exchange.asmx', port: 443 }),
      creds(),
    );
    const r2 = await nowhere.testConnection({ timeoutMs: 3000 });
    assert.equal(r2.steps[0]?.code, 'network.dns_failed', JSON.stringify(r2));
    assert.match(r2.steps[0]!.message!, /no-such-host\.invalid/);
  });

  it('an IMAP endpoint gets ConnectorUnavailableError', () => {
    assert.throws(
      () =>
        createConnector(
          endpointFor(sim, { kind: 'imap', url: null, address: 'imap.example.com', port: 993 }),
          creds(),
        ),
      (e: unknown) => e instanceof ConnectorUnavailableError && e.code === 'connector.not_available',
    );
  });

  it('a restarted server with a new certificate: CertificateChangedError names both fingerprints', async () => {
    const endpoint = endpointFor(sim);
    const old = sim.fingerprint!;
    const port = sim.port;
    await sim.close();
    sim = await startExchangeSim({ port, seed: SEED });
    const connector = new EwsConnector(endpoint, creds());
    try {
      await assert.rejects(connector.openClient(), (e: unknown) => {
        assert.ok(e instanceof CertificateChangedError, String(e));
        assert.deepEqual(e.trusted, [old]);
        assert.deepEqual(e.presented, [sim.fingerprint]);
        assert.ok(e.message.includes(old) && e.message.includes(sim.fingerprint!));
        return true;
      });
    } finally {
      await connector.close();
    }
  });
});
