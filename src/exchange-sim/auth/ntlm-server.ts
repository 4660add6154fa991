// Server side of NTLMv2 (MS-NLMP): builds the CHALLENGE_MESSAGE and checks the client's NTProofStr.
// Node 20's OpenSSL has no MD4, so NTOWFv2 uses the pure-JS js-md4 package.
import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const md4 = require('js-md4') as { arrayBuffer(data: Uint8Array): ArrayBuffer };

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

// MS-NLMP 2.2.2.5 negotiate flags the challenge offers.
const FLAGS =
  0x00000001 | // UNICODE
  0x00000004 | // REQUEST_TARGET
  0x00000200 | // NTLM
  0x00008000 | // ALWAYS_SIGN
  0x00010000 | // TARGET_TYPE_DOMAIN
  0x00080000 | // EXTENDED_SESSIONSECURITY
  0x00800000 | // TARGET_INFO
  0x02000000 | // VERSION
  0x20000000 | // 128
  0x80000000; // 56

export class NtlmMessageError extends Error {
  readonly code = 'ntlm_message_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'NtlmMessageError';
  }
}

/** Returns the message type (1, 2 or 3) of a base64 NTLM token, or throws on a malformed one. */
export function ntlmMessageType(token: Buffer): number {
  if (token.length < 12 || !token.subarray(0, 8).equals(SIGNATURE)) {
    throw new NtlmMessageError('not an NTLMSSP message');
  }
  return token.readUInt32LE(8);
}

export interface NtlmChallenge {
  readonly serverChallenge: Buffer;
  readonly message: Buffer;
}

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** Builds a CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) for the given NetBIOS/DNS names. */
export function buildChallenge(
  netbiosDomain: string,
  dnsDomain: string,
  computer: string,
  serverChallenge: Buffer = randomBytes(8),
): NtlmChallenge {
  const target = Buffer.from(netbiosDomain, 'utf16le');
  const timestamp = Buffer.alloc(8);
  // FILETIME: 100 ns ticks since 1601-01-01.
  timestamp.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
  const targetInfo = Buffer.concat([
    avPair(2, Buffer.from(netbiosDomain, 'utf16le')),
    avPair(1, Buffer.from(computer.toUpperCase(), 'utf16le')),
    avPair(4, Buffer.from(dnsDomain, 'utf16le')),
    avPair(3, Buffer.from(`${computer.toLowerCase()}.${dnsDomain}`, 'utf16le')),
    avPair(7, timestamp),
    avPair(0, Buffer.alloc(0)),
  ]);
  const header = Buffer.alloc(56);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(target.length, 12);
  header.writeUInt16LE(target.length, 14);
  header.writeUInt32LE(56, 16);
  header.writeUInt32LE(FLAGS >>> 0, 20);
  serverChallenge.copy(header, 24);
  header.writeUInt16LE(targetInfo.length, 40);
  header.writeUInt16LE(targetInfo.length, 42);
  header.writeUInt32LE(56 + target.length, 44);
  // Version: Windows 10.0 build 17763, NTLM revision 15 (MS-NLMP 2.2.2.10).
  Buffer.from([10, 0, 0x63, 0x45, 0, 0, 0, 15]).copy(header, 48);
  return { serverChallenge, message: Buffer.concat([header, target, targetInfo]) };
}

export interface NtlmAuthenticate {
  readonly user: string;
  readonly domain: string;
  readonly workstation: string;
  readonly ntResponse: Buffer;
}

function field(msg: Buffer, at: number): Buffer {
  const len = msg.readUInt16LE(at);
  const offset = msg.readUInt32LE(at + 4);
  if (offset + len > msg.length) throw new NtlmMessageError('field points outside the message');
  return msg.subarray(offset, offset + len);
}

/** Parses an AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3); strings are taken as UTF-16LE (UNICODE negotiated). */
export function parseAuthenticate(msg: Buffer): NtlmAuthenticate {
  if (ntlmMessageType(msg) !== 3 || msg.length < 64)
    throw new NtlmMessageError('not an AUTHENTICATE_MESSAGE');
  const flags = msg.readUInt32LE(60);
  const decode = (b: Buffer): string => (flags & 1 ? b.toString('utf16le') : b.toString('latin1'));
  return {
    ntResponse: Buffer.from(field(msg, 20)),
    domain: decode(field(msg, 28)),
    user: decode(field(msg, 36)),
    workstation: decode(field(msg, 44)),
  };
}

/** NTOWFv2 (MS-NLMP 3.3.2): HMAC_MD5(MD4(UTF16LE(password)), UTF16LE(UPPER(user) + domain)). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(password, 'utf16le')));
  return createHmac('md5', ntHash)
    .update(Buffer.from(user.toUpperCase() + domain, 'utf16le'))
    .digest();
}

/**
 * Checks an NTLMv2 response: NTProofStr = HMAC_MD5(NTOWFv2, serverChallenge + temp) must equal the first
 * 16 bytes of the NtChallengeResponse. NTLMv1 (24-byte responses) is refused, as hardened servers do.
 */
export function verifyNtlmV2(auth: NtlmAuthenticate, serverChallenge: Buffer, password: string): boolean {
  if (auth.ntResponse.length <= 24) return false;
  const proof = auth.ntResponse.subarray(0, 16);
  const temp = auth.ntResponse.subarray(16);
  const key = ntowfv2(password, auth.user, auth.domain);
  const expected = createHmac('md5', key)
    .update(Buffer.concat([serverChallenge, temp]))
    .digest();
  return expected.equals(proof);
}
