// TLS trust against a local HTTPS peer with a self-signed certificate made in the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EwsTransport } from '../../../src/ews/transport/transport.ts';
import { EwsTlsPinMismatchError, EwsTlsUntrustedError } from '../../../src/ews/transport/errors.ts';
import { fetchPresentedChain } from '../../../src/ews/transport/certificate-chain.ts';
import { normalizePin } from '../../../src/ews/transport/tls-trust.ts';
import type { Peer } from './peer.ts';
import { caSignedCert, selfSignedCert, startHttpsPeer } from './peer.ts';

const server = selfSignedCert();
const other = selfSignedCert();
let peer: Peer;
let requests = 0;

before(async () => {
  peer = await startHttpsPeer(server, (_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>');
  });
});
after(() => peer.close());

async function post(tls: { ca?: string[]; pins?: string[] }): Promise<string> {
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'none' }, tls });
  try {
    const r = await t.post({ body: '<x/>' });
    return r.body.toString();
  } finally {
    await t.destroy();
  }
}

test('an untrusted self-signed server is refused before any request is sent', async () => {
  const n = requests;
  await assert.rejects(post({}), (e: unknown) => {
    assert.ok(e instanceof EwsTlsUntrustedError, String(e));
    assert.equal(e.verifyCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.deepEqual(e.presented, [server.sha256]);
    return true;
  });
  assert.equal(requests, n);
});

test('the server passes when its PEM is trusted', async () => {
  assert.equal(await post({ ca: [server.cert] }), '<ok/>');
});

test('the server passes when its certificate is pinned (any fingerprint notation)', async () => {
  assert.equal(await post({ pins: [server.sha256] }), '<ok/>');
  assert.equal(await post({ pins: [server.sha256.replace(/:/g, '').toLowerCase()] }), '<ok/>');
});

test('a pin mismatch names the expected and the presented fingerprints', async () => {
  const n = requests;
  await assert.rejects(post({ pins: [other.sha256] }), (e: unknown) => {
    assert.ok(e instanceof EwsTlsPinMismatchError, String(e));
    assert.deepEqual(e.expected, [other.sha256]);
    assert.deepEqual(e.presented, [server.sha256]);
    assert.ok(e.message.includes(other.sha256) && e.message.includes(server.sha256));
    return true;
  });
  // A trusted chain with a wrong pin is refused too: pins restrict trust.
  await assert.rejects(post({ ca: [server.cert], pins: [other.sha256] }), EwsTlsPinMismatchError);
  assert.equal(requests, n);
});

test('trusting another certificate does not trust this server', async () => {
  await assert.rejects(post({ ca: [other.cert] }), EwsTlsUntrustedError);
});

test('fetchPresentedChain shows the chain without trusting it or sending data', async () => {
  const n = requests;
  const chain = await fetchPresentedChain({ host: '127.0.0.1', port: peer.port, servername: 'localhost' });
  assert.equal(chain.trusted, false);
  assert.equal(chain.verifyError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  assert.equal(chain.certificates.length, 1);
  const c = chain.certificates[0]!;
  assert.equal(c.sha256, server.sha256);
  assert.equal(c.subject, 'CN=localhost');
  assert.equal(c.selfSigned, true);
  assert.ok(Date.parse(c.validTo) > Date.now());
  const trusted = await fetchPresentedChain(
    { host: '127.0.0.1', port: peer.port, servername: 'localhost' },
    { ca: [server.cert] },
  );
  assert.equal(trusted.trusted, true);
  assert.equal(requests, n);
});

test('normalizePin accepts hex and base64 and rejects junk', () => {
  const hex = server.sha256.replace(/:/g, '');
  assert.equal(normalizePin(hex.toLowerCase()), server.sha256);
  assert.equal(normalizePin(`sha256/${Buffer.from(hex, 'hex').toString('base64')}`), server.sha256);
  assert.throws(() => normalizePin('abc'), RangeError);
});

test('a CA-signed chain: trusted via the CA PEM, or pinned at the CA or at the leaf', async () => {
  const pki = caSignedCert();
  // The server sends leaf + CA, as Exchange does with an internal CA.
  const chained = await startHttpsPeer({ key: pki.key, cert: pki.leaf + pki.ca }, (_req, res) => {
    res.writeHead(200).end('<ok/>');
  });
  // The server sends only its leaf: a pin of the leaf must still be enough.
  const leafOnly = await startHttpsPeer({ key: pki.key, cert: pki.leaf }, (_req, res) => {
    res.writeHead(200).end('<ok/>');
  });
  const via = async (p: Peer, tls: { ca?: string[]; pins?: string[] }): Promise<string> => {
    const t = new EwsTransport({ url: p.url, auth: { kind: 'none' }, tls });
    try {
      return (await t.post({ body: '<x/>' })).body.toString();
    } finally {
      await t.destroy();
    }
  };
  try {
    await assert.rejects(via(chained, {}), (e: unknown) => {
      assert.ok(e instanceof EwsTlsUntrustedError);
      assert.deepEqual(e.presented, [pki.leafSha256, pki.caSha256]);
      return true;
    });
    assert.equal(await via(chained, { ca: [pki.ca] }), '<ok/>');
    assert.equal(await via(chained, { pins: [pki.caSha256] }), '<ok/>');
    assert.equal(await via(chained, { pins: [pki.leafSha256] }), '<ok/>');
    assert.equal(await via(leafOnly, { pins: [pki.leafSha256] }), '<ok/>');
    assert.equal(await via(leafOnly, { ca: [pki.ca] }), '<ok/>');
    await assert.rejects(via(leafOnly, { ca: [pki.ca], pins: [other.sha256] }), EwsTlsPinMismatchError);
    const shown = await fetchPresentedChain({
      host: '127.0.0.1',
      port: chained.port,
      servername: 'localhost',
    });
    assert.deepEqual(
      shown.certificates.map((c) => [c.subject, c.issuer, c.selfSigned]),
      [
        ['CN=localhost', 'CN=voxsync test CA', false],
        ['CN=voxsync test CA', 'CN=voxsync test CA', true],
      ],
    );
  } finally {
    await chained.close();
    await leafOnly.close();
  }
});
