// NTLMv2 response math (MS-NLMP 3.3.2), pure functions shared by the client and the Exchange simulator.
// Node 20's OpenSSL 3 has no MD4 in its default provider, so MD4 comes from js-md4 (pure JS);
// HMAC-MD5 is still available from node:crypto.
import { createHmac, timingSafeEqual } from 'node:crypto';
import md4 from 'js-md4';

/** UTF-16LE, the "UNICODE()" of MS-NLMP. */
export function unicode(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

export function hmacMd5(key: Uint8Array, ...data: Uint8Array[]): Buffer {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
}

/** NTOWFv1 = MD4(UNICODE(password)), the "NT hash" (MS-NLMP 3.3.1). */
export function ntowfv1(password: string): Buffer {
  return Buffer.from(md4.arrayBuffer(unicode(password)));
}

/**
 * NTOWFv2 = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(Uppercase(User) + UserDom)) (MS-NLMP 3.3.2).
 * The user name is case-insensitive, the domain is not.
 */
export function ntowfv2(user: string, domain: string, password: string): Buffer {
  return ntowfv2FromHash(ntowfv1(password), user, domain);
}

/** NTOWFv2 from a stored NT hash (lets a server keep hashes instead of passwords). */
export function ntowfv2FromHash(ntHash: Uint8Array, user: string, domain: string): Buffer {
  return hmacMd5(ntHash, unicode(user.toUpperCase() + domain));
}

/** Windows FILETIME: 100 ns intervals since 1601-01-01, little-endian 8 bytes. */
export function fileTime(date: Date): Buffer {
  const ticks = (BigInt(date.getTime()) + 11644473600000n) * 10000n;
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ticks);
  return b;
}

/** The NTLMv2 client blob ("temp" in MS-NLMP 3.3.2). */
export function ntlmv2ClientBlob(
  timestamp: Uint8Array,
  clientChallenge: Uint8Array,
  targetInfo: Uint8Array,
): Buffer {
  checkLength('timestamp', timestamp, 8);
  checkLength('client challenge', clientChallenge, 8);
  return Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    timestamp,
    clientChallenge,
    Buffer.alloc(4),
    targetInfo,
    Buffer.alloc(4),
  ]);
}

export interface Ntlmv2Response {
  /** HMAC_MD5(ResponseKeyNT, ServerChallenge + temp). */
  readonly ntProofStr: Buffer;
  /** NTProofStr + temp: the NtChallengeResponse field of the AUTHENTICATE message. */
  readonly ntChallengeResponse: Buffer;
  /** HMAC_MD5(ResponseKeyLM, ServerChallenge + ClientChallenge) + ClientChallenge. */
  readonly lmChallengeResponse: Buffer;
  /** HMAC_MD5(ResponseKeyNT, NTProofStr). */
  readonly sessionBaseKey: Buffer;
}

export interface Ntlmv2Input {
  /** NTOWFv2 of the user; NTLMv2 uses it as both ResponseKeyNT and ResponseKeyLM. */
  readonly responseKey: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly clientChallenge: Uint8Array;
  /** FILETIME, 8 bytes. */
  readonly timestamp: Uint8Array;
  /** The AV pairs from the CHALLENGE message, passed through unchanged. */
  readonly targetInfo: Uint8Array;
  /**
   * MS-NLMP 3.1.5.1.2: when the server sent MsvAvTimestamp the client sends an all-zero LMv2
   * response. Defaults to false.
   */
  readonly zeroLmResponse?: boolean;
}

export function ntlmv2Response(input: Ntlmv2Input): Ntlmv2Response {
  checkLength('server challenge', input.serverChallenge, 8);
  const temp = ntlmv2ClientBlob(input.timestamp, input.clientChallenge, input.targetInfo);
  const ntProofStr = hmacMd5(input.responseKey, input.serverChallenge, temp);
  const lmChallengeResponse = input.zeroLmResponse
    ? Buffer.alloc(24)
    : Buffer.concat([
        hmacMd5(input.responseKey, input.serverChallenge, input.clientChallenge),
        input.clientChallenge,
      ]);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse,
    sessionBaseKey: hmacMd5(input.responseKey, ntProofStr),
  };
}

/**
 * Server side: recomputes NTProofStr from the blob the client sent and compares in constant
 * time. Returns the session base key on success, null on a wrong password or malformed response.
 */
export function verifyNtlmv2Response(
  responseKey: Uint8Array,
  serverChallenge: Uint8Array,
  ntChallengeResponse: Uint8Array,
): Buffer | null {
  // NTProofStr (16) + blob header (28) + at least the 4-byte trailer.
  if (ntChallengeResponse.length < 48 || serverChallenge.length !== 8) return null;
  const proof = ntChallengeResponse.subarray(0, 16);
  const temp = ntChallengeResponse.subarray(16);
  if (temp[0] !== 1 || temp[1] !== 1) return null;
  const expected = hmacMd5(responseKey, serverChallenge, temp);
  if (!timingSafeEqual(expected, proof)) return null;
  return hmacMd5(responseKey, expected);
}

function checkLength(what: string, b: Uint8Array, n: number): void {
  if (b.length !== n) throw new RangeError(`NTLM ${what} must be ${n} bytes, got ${b.length}`);
}
