import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthenticateMessage, decodeChallenge } from '../../../src/ews/transport/ntlm/index.ts';
import {
  buildChallenge,
  ntlmMessageType,
  parseAuthenticate,
  verifyNtlmV2,
} from '../../../src/exchange-sim/auth/ntlm-server.ts';

test('the simulator challenge is answered by the voxsync NTLM client and the NTProofStr verifies', () => {
  const ch = buildChallenge('CONTOSO', 'contoso.test', 'EXSIM01');
  assert.equal(ntlmMessageType(ch.message), 2);
  const decoded = decodeChallenge(ch.message);
  assert.deepEqual(Buffer.from(decoded.serverChallenge), ch.serverChallenge);
  const type3 = createAuthenticateMessage(
    { user: 'alice', domain: 'CONTOSO', password: 'pässwörd' },
    decoded,
  );
  const auth = parseAuthenticate(type3);
  assert.equal(auth.user, 'alice');
  assert.equal(auth.domain, 'CONTOSO');
  assert.ok(verifyNtlmV2(auth, ch.serverChallenge, 'pässwörd'));
  assert.ok(!verifyNtlmV2(auth, ch.serverChallenge, 'passwörd'));
  // The proof binds the server challenge: replaying it against another challenge fails.
  assert.ok(
    !verifyNtlmV2(auth, buildChallenge('CONTOSO', 'contoso.test', 'EXSIM01').serverChallenge, 'pässwörd'),
  );
});

test('malformed and NTLMv1 messages are refused', () => {
  assert.throws(() => ntlmMessageType(Buffer.from('not ntlm at all')));
  const v1 = { user: 'a', domain: 'B', workstation: '', ntResponse: Buffer.alloc(24) };
  assert.equal(verifyNtlmV2(v1, Buffer.alloc(8), 'x'), false);
  const bad = Buffer.alloc(64);
  Buffer.from('NTLMSSP\0', 'latin1').copy(bad);
  bad.writeUInt32LE(3, 8);
  bad.writeUInt16LE(500, 20);
  bad.writeUInt32LE(60, 24);
  assert.throws(() => parseAuthenticate(bad), /outside the message/);
});
