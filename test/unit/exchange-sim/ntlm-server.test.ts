import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthenticateMessage, decodeChallenge } from '../../../src/ews/transport/ntlm/index.ts';
import {
  NtlmMessageError,
  ntlmMessageType,
  simulatorChallenge,
  verifyNtlmLogon,
} from '../../../src/exchange-sim/auth/ntlm-server.ts';
import { parseSeed } from '../../../src/exchange-sim/config/seed.ts';
import { Directory } from '../../../src/exchange-sim/directory.ts';

const directory = new Directory(
  parseSeed({
    domains: ['contoso.test'],
    users: [{ smtp: 'alice@contoso.test', password: 'pässwörd' }],
  }),
);

function answer(user: string, domain: string, password: string, challenge: Buffer): Buffer {
  return createAuthenticateMessage({ user, domain, password }, decodeChallenge(challenge));
}

test('the simulator challenge is answered by the voxsync NTLM client and maps to the directory account', () => {
  const ch = simulatorChallenge(directory);
  assert.equal(ntlmMessageType(ch.message), 2);
  const decoded = decodeChallenge(ch.message);
  assert.deepEqual(Buffer.from(decoded.serverChallenge), ch.serverChallenge);
  assert.equal(decoded.targetName, 'CONTOSO');
  const ok = answer('alice', 'CONTOSO', 'pässwörd', ch.message);
  assert.equal(verifyNtlmLogon(directory, ok, ch.serverChallenge)?.smtp, 'alice@contoso.test');
  // A UPN with an empty domain falls back to the bare user-name lookup.
  const upn = answer('alice@contoso.test', '', 'pässwörd', ch.message);
  assert.equal(verifyNtlmLogon(directory, upn, ch.serverChallenge)?.smtp, 'alice@contoso.test');
  const wrong = answer('alice', 'CONTOSO', 'passwörd', ch.message);
  assert.equal(verifyNtlmLogon(directory, wrong, ch.serverChallenge), undefined);
  const unknown = answer('mallory', 'CONTOSO', 'pässwörd', ch.message);
  assert.equal(verifyNtlmLogon(directory, unknown, ch.serverChallenge), undefined);
  // The proof binds the server challenge: replaying it against another challenge fails.
  assert.equal(verifyNtlmLogon(directory, ok, simulatorChallenge(directory).serverChallenge), undefined);
});

test('malformed messages are refused with NtlmMessageError', () => {
  assert.throws(() => ntlmMessageType(Buffer.from('not ntlm at all')), NtlmMessageError);
  const bad = Buffer.alloc(64);
  Buffer.from('NTLMSSP\0', 'latin1').copy(bad);
  bad.writeUInt32LE(3, 8);
  bad.writeUInt16LE(500, 20);
  bad.writeUInt32LE(60, 24);
  assert.throws(() => verifyNtlmLogon(directory, bad, Buffer.alloc(8)), NtlmMessageError);
});
