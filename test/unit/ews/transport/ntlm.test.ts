// NTLMv2 against the published test vectors of MS-NLMP section 4.2.4 (user "User", domain "Domain",
// password "Password", server challenge 0123456789abcdef, client challenge aa*8, time 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  AvId,
  NtlmMessageError,
  createAuthenticateMessage,
  createServerChallenge,
  decodeAuthenticate,
  decodeAvPairs,
  decodeChallenge,
  decodeNegotiate,
  encodeAvPairs,
  encodeChallenge,
  encodeNegotiate,
  ntlmv2Response,
  ntowfv1,
  ntowfv2,
  splitNtlmUser,
  verifyAuthenticateMessage,
  verifyNtlmv2Response,
} from '../../../../src/ews/transport/ntlm/index.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const serverChallenge = hex('0123456789abcdef');
const clientChallenge = hex('aaaaaaaaaaaaaaaa');
const time0 = Buffer.alloc(8);
// MS-NLMP 4.2.4.3: the CHALLENGE_MESSAGE bytes, target info = NbDomainName "Domain", NbComputerName "Server".
const challengeBytes = hex(`
  4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000
  24002400 44000000 060070170000000f
  5300650072007600650072 00
  02000c00 44006f006d00610069006e00 01000c00 53006500720076006500720000000000`);
const targetInfo = hex('02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000');

test('NTOWFv1 and NTOWFv2 match MS-NLMP 3.3.1 / 4.2.4.1.1', () => {
  assert.equal(ntowfv1('Password').toString('hex'), 'a4f49c406510bdcab6824ee7c30fd852');
  assert.equal(ntowfv2('User', 'Domain', 'Password').toString('hex'), '0c868a403bfd7a93a3001ef22ef02e3f');
  // User name is upper-cased, the domain is not.
  assert.deepEqual(ntowfv2('user', 'Domain', 'Password'), ntowfv2('User', 'Domain', 'Password'));
  assert.notDeepEqual(ntowfv2('User', 'domain', 'Password'), ntowfv2('User', 'Domain', 'Password'));
});

test('NTProofStr, LMv2 and session base key match MS-NLMP 4.2.4.2', () => {
  const r = ntlmv2Response({
    responseKey: ntowfv2('User', 'Domain', 'Password'),
    serverChallenge,
    clientChallenge,
    timestamp: time0,
    targetInfo,
  });
  assert.equal(r.ntProofStr.toString('hex'), '68cd0ab851e51c96aabc927bebef6a1c');
  assert.equal(r.lmChallengeResponse.toString('hex'), '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
  assert.equal(r.sessionBaseKey.toString('hex'), '8de40ccadbc14a82f15cb0ad0de95ca3');
  assert.equal(
    r.ntChallengeResponse.toString('hex'),
    '68cd0ab851e51c96aabc927bebef6a1c' +
      '01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000' +
      '02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000' +
      '00000000',
  );
});

test('the 4.2.4.3 CHALLENGE_MESSAGE decodes, and the AUTHENTICATE built from it carries the vectors', () => {
  const ch = decodeChallenge(challengeBytes);
  assert.equal(ch.flags >>> 0, 0xe28a8233);
  assert.equal(ch.targetName, 'Server');
  assert.deepEqual(ch.serverChallenge, serverChallenge);
  assert.deepEqual(ch.targetInfo, targetInfo);
  const pairs = decodeAvPairs(ch.targetInfo);
  assert.deepEqual(
    pairs.map((p) => [p.id, p.value.toString('utf16le')]),
    [
      [AvId.NbDomainName, 'Domain'],
      [AvId.NbComputerName, 'Server'],
    ],
  );

  const msg = createAuthenticateMessage(
    { user: 'User', domain: 'Domain', password: 'Password', workstation: 'COMPUTER' },
    ch,
    { clientChallenge, timestamp: time0 },
  );
  const auth = decodeAuthenticate(msg);
  assert.equal(auth.user, 'User');
  assert.equal(auth.domain, 'Domain');
  assert.equal(auth.workstation, 'COMPUTER');
  assert.equal(auth.ntChallengeResponse.subarray(0, 16).toString('hex'), '68cd0ab851e51c96aabc927bebef6a1c');
  assert.equal(auth.lmChallengeResponse.toString('hex'), '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
  assert.equal(verifyAuthenticateMessage(auth, serverChallenge, 'Password'), true);
  assert.equal(verifyAuthenticateMessage(auth, serverChallenge, 'password'), false);
  assert.equal(verifyAuthenticateMessage(auth, hex('0000000000000000'), 'Password'), false);
});

test('a server timestamp in the target info is reused and zeroes the LMv2 response', () => {
  const ts = hex('0090d336b734c301');
  const info = encodeAvPairs([
    { id: AvId.NbDomainName, value: Buffer.from('Domain', 'utf16le') },
    { id: AvId.Timestamp, value: ts },
  ]);
  const ch = decodeChallenge(encodeChallenge({ serverChallenge, targetName: 'Domain', targetInfo: info }));
  const auth = decodeAuthenticate(createAuthenticateMessage({ user: 'u', domain: 'D', password: 'p' }, ch));
  assert.deepEqual(auth.lmChallengeResponse, Buffer.alloc(24));
  assert.deepEqual(auth.ntChallengeResponse.subarray(24, 32), ts);
  assert.ok(verifyNtlmv2Response(ntowfv2('u', 'D', 'p'), serverChallenge, auth.ntChallengeResponse));
});

test('negotiate round-trips; malformed messages raise NtlmMessageError', () => {
  const n = decodeNegotiate(encodeNegotiate({ domain: 'CORP', workstation: 'WS1' }));
  assert.equal(n.domain, 'CORP');
  assert.equal(n.workstation, 'WS1');
  assert.throws(() => decodeChallenge(Buffer.from('hello world, not ntlm')), NtlmMessageError);
  assert.throws(() => decodeChallenge(encodeNegotiate()), NtlmMessageError);
  const bad = Buffer.from(challengeBytes);
  bad.writeUInt32LE(0xffff, 44); // target info offset beyond the end
  assert.throws(() => decodeChallenge(bad), NtlmMessageError);
  assert.throws(() => decodeAvPairs(hex('02000c00')), NtlmMessageError);
});

test('splitNtlmUser handles DOMAIN\\user and UPN', () => {
  assert.deepEqual(splitNtlmUser('CORP\\svc'), { domain: 'CORP', user: 'svc' });
  assert.deepEqual(splitNtlmUser('svc@corp.example'), { domain: '', user: 'svc@corp.example' });
});

test('createServerChallenge → client AUTHENTICATE → verify: the round trip the simulator runs', () => {
  const { message, serverChallenge } = createServerChallenge({ domain: 'CORP', computer: 'EXCH01' });
  const ch = decodeChallenge(message);
  assert.equal(ch.targetName, 'CORP');
  assert.deepEqual(ch.serverChallenge, serverChallenge);
  const auth = decodeAuthenticate(
    createAuthenticateMessage({ user: 'svc', domain: 'CORP', password: 'pw' }, ch),
  );
  assert.equal(verifyAuthenticateMessage(auth, serverChallenge, 'pw'), true);
  assert.equal(verifyAuthenticateMessage(auth, serverChallenge, 'pW'), false);
  const other = createServerChallenge({ domain: 'CORP', computer: 'EXCH01' });
  assert.notDeepEqual(other.serverChallenge, serverChallenge);
  assert.equal(verifyAuthenticateMessage(auth, other.serverChallenge, 'pw'), false);
});

test('interop: an AUTHENTICATE from an independent NTLM client (@ewsjs/ntlm-client) verifies on our server side', () => {
  const other = createRequire(import.meta.url)('@ewsjs/ntlm-client') as {
    decodeType2Message(header: string): unknown;
    createType3Message(
      type2: unknown,
      user: string,
      password: string,
      workstation: string,
      target: string,
    ): string;
  };
  const { message, serverChallenge } = createServerChallenge({ domain: 'CORP', computer: 'EXCH01' });
  const type2 = other.decodeType2Message(`NTLM ${message.toString('base64')}`);
  const header = other.createType3Message(type2, 'svc', 'Winter2026!', 'WS01', 'CORP');
  const auth = decodeAuthenticate(Buffer.from(header.replace(/^NTLM /, ''), 'base64'));
  assert.equal(auth.user, 'svc');
  assert.equal(auth.domain, 'CORP');
  assert.equal(verifyAuthenticateMessage(auth, serverChallenge, 'Winter2026!'), true);
  assert.equal(verifyAuthenticateMessage(auth, serverChallenge, 'winter2026!'), false);
});
