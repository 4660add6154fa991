import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ConflictError,
  ErrorCodes,
  checkEndpointDeletable,
  fingerprintKey,
  applyEndpointPatch,
  connectorStatus,
  formatFingerprint,
  parseEndpointAddress,
  parseEndpointInput,
  type Endpoint,
} from '../../../src/domain/index.ts';
import { assertRefused } from './helpers.ts';

describe('endpoint address parsing', () => {
  const accepted: Array<
    [string, number | undefined, { kind: string; url?: string; port: number; host: string }]
  > = [
    [
      'ews:mail.example.com',
      undefined,
      { kind: 'ews', url: 'https://mail.example.com/EWS/Exchange.asmx', port: 443, host: 'mail.example.com' },
    ],
    [
      'ews:Mail.Example.com',
      8443,
      {
        kind: 'ews',
        url: 'https://mail.example.com:8443/EWS/Exchange.asmx',
        port: 8443,
        host: 'mail.example.com',
      },
    ],
    [
      'ews:https://mail.example.com/EWS/Exchange.asmx',
      undefined,
      { kind: 'ews', url: 'https://mail.example.com/EWS/Exchange.asmx', port: 443, host: 'mail.example.com' },
    ],
    [
      'ews:https://mail.example.com:444/EWS/Exchange.asmx',
      undefined,
      {
        kind: 'ews',
        url: 'https://mail.example.com:444/EWS/Exchange.asmx',
        port: 444,
        host: 'mail.example.com',
      },
    ],
    [
      'ews:https://mail.example.com/EWS/Exchange.asmx',
      9443,
      {
        kind: 'ews',
        url: 'https://mail.example.com:9443/EWS/Exchange.asmx',
        port: 9443,
        host: 'mail.example.com',
      },
    ],
    [
      'ews:https://10.0.0.5',
      undefined,
      { kind: 'ews', url: 'https://10.0.0.5/EWS/Exchange.asmx', port: 443, host: '10.0.0.5' },
    ],
    [
      'ews:http://127.0.0.1:5000/EWS/Exchange.asmx',
      undefined,
      { kind: 'ews', url: 'http://127.0.0.1:5000/EWS/Exchange.asmx', port: 5000, host: '127.0.0.1' },
    ],
    [
      'ews:192.168.1.10',
      undefined,
      { kind: 'ews', url: 'https://192.168.1.10/EWS/Exchange.asmx', port: 443, host: '192.168.1.10' },
    ],
    [
      '  ews:mail.example.com  ',
      undefined,
      { kind: 'ews', url: 'https://mail.example.com/EWS/Exchange.asmx', port: 443, host: 'mail.example.com' },
    ],
  ];
  for (const [address, port, expected] of accepted) {
    it(`accepts ${address}${port ? ` port ${port}` : ''}`, () => {
      const r = parseEndpointAddress(address, port);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.address.kind, expected.kind);
      assert.equal(r.address.port, expected.port);
      assert.equal(r.address.host, expected.host);
      if (expected.url) assert.equal((r.address as { url: string }).url, expected.url);
    });
  }

  const refused: Array<[string, number | undefined, string, string]> = [
    ['EWS:mail.example.com', undefined, ErrorCodes.endpointAddressSchemeCase, 'address'],
    [
      'Ews:https://mail.example.com/EWS/Exchange.asmx',
      undefined,
      ErrorCodes.endpointAddressSchemeCase,
      'address',
    ],
    [
      'https://mail.example.com/EWS/Exchange.asmx',
      undefined,
      ErrorCodes.endpointAddressSchemeMissing,
      'address',
    ],
    ['imap:mail.example.com', undefined, ErrorCodes.endpointAddressSchemeMissing, 'address'],
    ['imap.example.com', undefined, ErrorCodes.endpointAddressSchemeMissing, 'address'],
    ['10.1.2.3', 143, ErrorCodes.endpointAddressSchemeMissing, 'address'],
    ['mail.example.com:993', undefined, ErrorCodes.endpointAddressSchemeMissing, 'address'],
    ['', undefined, ErrorCodes.endpointAddressRequired, 'address'],
    ['ews:', undefined, ErrorCodes.endpointAddressInvalid, 'address'],
    ['ews:mail example.com', undefined, ErrorCodes.endpointAddressInvalid, 'address'],
    ['ews:mail.example.com:443', undefined, ErrorCodes.endpointAddressInvalid, 'address'],
    ['ews:-bad-.example.com', undefined, ErrorCodes.endpointAddressInvalid, 'address'],
    [
      'ews:https://user:pw@mail.example.com/EWS/Exchange.asmx',
      undefined,
      ErrorCodes.endpointAddressCredentials,
      'address',
    ],
    [
      'ews:http://mail.example.com/EWS/Exchange.asmx',
      undefined,
      ErrorCodes.endpointAddressInsecure,
      'address',
    ],
    [
      'ews:https://mail.example.com/EWS/Exchange.asmx?x=1',
      undefined,
      ErrorCodes.endpointAddressInvalid,
      'address',
    ],
    ['ews:https://mail.example.com:444/EWS/Exchange.asmx', 443, ErrorCodes.endpointPortConflict, 'port'],
    ['ews:mail.example.com', 0, ErrorCodes.endpointPortOutOfRange, 'port'],
    ['ews:mail.example.com', 65536, ErrorCodes.endpointPortOutOfRange, 'port'],
    ['ews:mail.example.com', 44.5, ErrorCodes.endpointPortOutOfRange, 'port'],
    ['alice@mail.example.com', undefined, ErrorCodes.endpointAddressCredentials, 'address'],
    ['ews:1234', undefined, ErrorCodes.endpointAddressInvalid, 'address'],
    ['EWS:1234', undefined, ErrorCodes.endpointAddressSchemeCase, 'address'],
    ['mail.123', undefined, ErrorCodes.endpointAddressSchemeMissing, 'address'],
  ];
  for (const [address, port, code, field] of refused) {
    it(`refuses ${JSON.stringify(address)}${port !== undefined ? ` port ${port}` : ''} with ${code}`, () => {
      const r = parseEndpointAddress(address, port);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.issue.code, code);
      assert.equal(r.issue.field, field);
    });
  }

  it('says the uppercase prefix must be lowercase', () => {
    const r = parseEndpointAddress('EWS:mail.example.com');
    assert.ok(!r.ok);
    assert.match(r.issue.message, /lowercase "ews:"/);
  });

  it('refuses an address without "ews:" (an IMAP server, no connector) and says to write ews:host', () => {
    assert.equal(connectorStatus('imap'), 'connector not available yet');
    const r = parseEndpointAddress('mail.example.com');
    assert.ok(!r.ok);
    assert.equal(r.issue.code, 'endpoint.address_scheme_missing');
    assert.match(r.issue.message, /no IMAP connector/);
    assert.match(r.issue.message, /write "ews:mail\.example\.com"/);
  });
});

describe('endpoint input', () => {
  it('applies the defaults: mp3, ntlm, auto, port 443', () => {
    const e = parseEndpointInput({ name: ' Exchange ', address: 'ews:mail.example.com' });
    assert.equal(e.name, 'Exchange');
    assert.equal(e.voiceFormat, 'mp3');
    assert.equal(e.authMethod, 'ntlm');
    assert.equal(e.exchangeVersion, 'auto');
    assert.equal(e.port, 443);
  });

  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'without ews:',
      { address: 'https://mail.example.com/EWS/Exchange.asmx' },
      ErrorCodes.endpointAddressSchemeMissing,
      'address',
    ],
    ['uppercase EWS:', { address: 'EWS:mail.example.com' }, ErrorCodes.endpointAddressSchemeCase, 'address'],
    ['port 0', { port: 0 }, ErrorCodes.endpointPortOutOfRange, 'port'],
    ['empty name', { name: '  ' }, 'invalid.too_small', 'name'],
    ['unknown voice format', { voiceFormat: 'ogg' }, 'invalid.invalid_value', 'voiceFormat'],
    ['unknown auth method', { authMethod: 'kerberos' }, 'invalid.invalid_value', 'authMethod'],
    ['unknown Exchange version', { exchangeVersion: '2010' }, 'invalid.invalid_value', 'exchangeVersion'],
    [
      'bad fingerprint',
      { trustedCertificates: [{ fingerprint: 'abc' }] },
      ErrorCodes.certificateFingerprintInvalid,
      'trustedCertificates.0.fingerprint',
    ],
    [
      'bad PEM',
      { trustedCertificates: [{ pem: 'not a cert' }] },
      ErrorCodes.certificatePemInvalid,
      'trustedCertificates.0.pem',
    ],
    [
      'duplicate certificate',
      { trustedCertificates: [{ fingerprint: 'a'.repeat(64) }, { fingerprint: 'A'.repeat(64) }] },
      ErrorCodes.certificateDuplicate,
      'trustedCertificates.1.fingerprint',
    ],
  ];
  for (const [what, override, code, field] of refused) {
    it(`refuses ${what} with ${code} on ${field}`, () => {
      assertRefused(
        () => parseEndpointInput({ name: 'Exchange', address: 'ews:mail.example.com', ...override }),
        code,
        field,
      );
    });
  }

  it('checks a PEM against its fingerprint', () => {
    // A syntactically valid DER SEQUENCE is enough for the fingerprint rule.
    const der = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]);
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const fp = createHash('sha256').update(der).digest('hex');
    const ok = parseEndpointInput({
      name: 'E',
      address: 'ews:mail.example.com',
      trustedCertificates: [{ pem, fingerprint: formatFingerprint(fp) }],
    });
    assert.equal(ok.trustedCertificates[0]?.fingerprint, fp);
    assertRefused(
      () =>
        parseEndpointInput({
          name: 'E',
          address: 'ews:mail.example.com',
          trustedCertificates: [{ pem, fingerprint: 'b'.repeat(64) }],
        }),
      ErrorCodes.certificateFingerprintMismatch,
      'trustedCertificates.0.fingerprint',
    );
  });

  it('re-derives the port when a patch changes only the address', () => {
    const current: Endpoint = {
      id: 'e1',
      name: 'E',
      address: 'ews:https://a.example.com:8443/EWS/Exchange.asmx',
      kind: 'ews',
      url: 'https://a.example.com:8443/EWS/Exchange.asmx',
      port: 8443,
      voiceFormat: 'mp3',
      authMethod: 'ntlm',
      exchangeVersion: 'auto',
      trustedCertificates: [],
      connectorAvailable: true,
      demo: false,
      createdAt: '',
      updatedAt: '',
    };
    assert.equal(applyEndpointPatch(current, { address: 'ews:b.example.com' }).port, 443);
    assert.equal(applyEndpointPatch(current, { voiceFormat: 'wav-pcm' }).port, 8443);
    assertRefused(() => applyEndpointPatch(current, { port: 0 }), ErrorCodes.endpointPortOutOfRange, 'port');
  });
});

describe('endpoint deletion rule (no database)', () => {
  it('allows deleting an endpoint no feature group uses', () => {
    checkEndpointDeletable([]);
  });

  it('refuses while feature groups use it, naming them', () => {
    const err = assertRefused(
      () => checkEndpointDeletable(['Sales', 'Support']),
      ErrorCodes.endpointInUse,
      undefined,
    );
    assert.ok(err instanceof ConflictError);
    assert.match(err.message, /"Sales", "Support"/);
  });

  it('looks fingerprints up without colons or blanks, in lower case', () => {
    assert.equal(fingerprintKey('AB:cd 01'), 'abcd01');
  });
});
