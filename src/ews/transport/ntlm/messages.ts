// NTLM message encoding and decoding (MS-NLMP 2.2.1), pure functions shared by the client and the
// Exchange simulator. Only the Unicode forms are produced; OEM strings are decoded as latin1.

export const NTLM_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** NegotiateFlags bits (MS-NLMP 2.2.2.5) that voxsync uses or inspects. */
export const NtlmFlags = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  DOMAIN_SUPPLIED: 0x00001000,
  WORKSTATION_SUPPLIED: 0x00002000,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  NEGOTIATE_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  NEGOTIATE_56: 0x80000000,
} as const;

/** AV pair ids (MS-NLMP 2.2.2.1). */
export const AvId = {
  EOL: 0,
  NbComputerName: 1,
  NbDomainName: 2,
  DnsComputerName: 3,
  DnsDomainName: 4,
  DnsTreeName: 5,
  Flags: 6,
  Timestamp: 7,
  SingleHost: 8,
  TargetName: 9,
  ChannelBindings: 10,
} as const;

/** A malformed NTLM message (bad signature, type, or a field pointing outside the message). */
export class NtlmMessageError extends Error {
  readonly code = 'ews.ntlm_malformed';
  constructor(message: string) {
    super(message);
    this.name = 'NtlmMessageError';
  }
}

export interface NegotiateMessage {
  readonly flags: number;
  readonly domain: string;
  readonly workstation: string;
}

export interface ChallengeMessage {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  /** Raw AV pair bytes, passed unchanged into the client's NTLMv2 blob. */
  readonly targetInfo: Buffer;
}

export interface AuthenticateMessage {
  readonly flags: number;
  readonly lmChallengeResponse: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  readonly encryptedRandomSessionKey: Buffer;
}

export interface AvPair {
  readonly id: number;
  readonly value: Buffer;
}

/** Default client flags: Unicode, NTLM, extended session security, 128/56-bit, target info. */
export const DEFAULT_CLIENT_FLAGS =
  NtlmFlags.UNICODE |
  NtlmFlags.OEM |
  NtlmFlags.REQUEST_TARGET |
  NtlmFlags.NTLM |
  NtlmFlags.ALWAYS_SIGN |
  NtlmFlags.EXTENDED_SESSIONSECURITY |
  NtlmFlags.TARGET_INFO |
  NtlmFlags.NEGOTIATE_128 |
  NtlmFlags.NEGOTIATE_56;

// ---------------------------------------------------------------- encode

/** NEGOTIATE_MESSAGE (type 1). Domain/workstation are optional and sent as OEM per the spec. */
export function encodeNegotiate(msg: Partial<NegotiateMessage> = {}): Buffer {
  const domain = Buffer.from(msg.domain ?? '', 'latin1');
  const workstation = Buffer.from(msg.workstation ?? '', 'latin1');
  let flags = msg.flags ?? DEFAULT_CLIENT_FLAGS;
  if (domain.length > 0) flags |= NtlmFlags.DOMAIN_SUPPLIED;
  if (workstation.length > 0) flags |= NtlmFlags.WORKSTATION_SUPPLIED;
  const w = new FieldWriter(32, [domain, workstation]);
  w.header.writeUInt32LE(1, 8);
  w.header.writeUInt32LE(flags >>> 0, 12);
  w.field(16, 0);
  w.field(24, 1);
  return w.finish();
}

/** CHALLENGE_MESSAGE (type 2); used by the simulator and by tests. */
export function encodeChallenge(msg: {
  flags?: number;
  serverChallenge: Uint8Array;
  targetName?: string;
  targetInfo?: Uint8Array;
}): Buffer {
  if (msg.serverChallenge.length !== 8) throw new RangeError('NTLM server challenge must be 8 bytes');
  const targetName = Buffer.from(msg.targetName ?? '', 'utf16le');
  const targetInfo = Buffer.from(msg.targetInfo ?? encodeAvPairs([]));
  const flags =
    (msg.flags ?? DEFAULT_CLIENT_FLAGS & ~NtlmFlags.OEM) |
    (targetInfo.length > 0 ? NtlmFlags.TARGET_INFO : 0) |
    NtlmFlags.UNICODE;
  const w = new FieldWriter(48, [targetName, targetInfo]);
  w.header.writeUInt32LE(2, 8);
  w.field(12, 0);
  w.header.writeUInt32LE(flags >>> 0, 20);
  Buffer.from(msg.serverChallenge).copy(w.header, 24);
  w.field(40, 1);
  return w.finish();
}

/** AUTHENTICATE_MESSAGE (type 3), Unicode strings, no Version/MIC fields. */
export function encodeAuthenticate(msg: AuthenticateMessage): Buffer {
  const w = new FieldWriter(64, [
    msg.lmChallengeResponse,
    msg.ntChallengeResponse,
    Buffer.from(msg.domain, 'utf16le'),
    Buffer.from(msg.user, 'utf16le'),
    Buffer.from(msg.workstation, 'utf16le'),
    msg.encryptedRandomSessionKey,
  ]);
  w.header.writeUInt32LE(3, 8);
  for (let i = 0; i < 6; i++) w.field(12 + i * 8, i);
  w.header.writeUInt32LE((msg.flags | NtlmFlags.UNICODE) >>> 0, 60);
  return w.finish();
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of pairs) {
    if (p.id === AvId.EOL) continue;
    const h = Buffer.alloc(4);
    h.writeUInt16LE(p.id, 0);
    h.writeUInt16LE(p.value.length, 2);
    parts.push(h, p.value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- decode

export function messageType(buf: Uint8Array): number {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 12 || !b.subarray(0, 8).equals(NTLM_SIGNATURE)) {
    throw new NtlmMessageError('not an NTLM message (bad signature)');
  }
  return b.readUInt32LE(8);
}

export function decodeNegotiate(buf: Uint8Array): NegotiateMessage {
  const b = expectType(buf, 1, 16);
  const flags = b.readUInt32LE(12);
  const hasFields = b.length >= 32;
  return {
    flags,
    domain: hasFields ? readField(b, 16).toString('latin1') : '',
    workstation: hasFields ? readField(b, 24).toString('latin1') : '',
  };
}

export function decodeChallenge(buf: Uint8Array): ChallengeMessage {
  const b = expectType(buf, 2, 32);
  const flags = b.readUInt32LE(20);
  const unicode = (flags & NtlmFlags.UNICODE) !== 0;
  const targetName = readField(b, 12).toString(unicode ? 'utf16le' : 'latin1');
  const targetInfo = b.length >= 48 ? Buffer.from(readField(b, 40)) : Buffer.alloc(0);
  if (targetInfo.length > 0) decodeAvPairs(targetInfo);
  return { flags, serverChallenge: Buffer.from(b.subarray(24, 32)), targetName, targetInfo };
}

export function decodeAuthenticate(buf: Uint8Array): AuthenticateMessage {
  const b = expectType(buf, 3, 64);
  const flags = b.readUInt32LE(60);
  const enc = (flags & NtlmFlags.UNICODE) !== 0 ? 'utf16le' : 'latin1';
  return {
    flags,
    lmChallengeResponse: Buffer.from(readField(b, 12)),
    ntChallengeResponse: Buffer.from(readField(b, 20)),
    domain: readField(b, 28).toString(enc),
    user: readField(b, 36).toString(enc),
    workstation: readField(b, 44).toString(enc),
    encryptedRandomSessionKey: Buffer.from(readField(b, 52)),
  };
}

export function decodeAvPairs(buf: Uint8Array): AvPair[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const pairs: AvPair[] = [];
  let off = 0;
  for (;;) {
    if (off + 4 > b.length) throw new NtlmMessageError('AV pair list is not terminated by MsvAvEOL');
    const id = b.readUInt16LE(off);
    const len = b.readUInt16LE(off + 2);
    if (id === AvId.EOL) return pairs;
    if (off + 4 + len > b.length) throw new NtlmMessageError('AV pair runs past the end of the target info');
    pairs.push({ id, value: Buffer.from(b.subarray(off + 4, off + 4 + len)) });
    off += 4 + len;
  }
}

// ---------------------------------------------------------------- helpers

function expectType(buf: Uint8Array, type: number, minLength: number): Buffer {
  const t = messageType(buf);
  if (t !== type) throw new NtlmMessageError(`expected NTLM message type ${type}, got ${t}`);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < minLength) throw new NtlmMessageError(`NTLM type ${type} message is truncated`);
  return b;
}

function readField(b: Buffer, at: number): Buffer {
  const len = b.readUInt16LE(at);
  const off = b.readUInt32LE(at + 4);
  if (len === 0) return Buffer.alloc(0);
  if (off + len > b.length) throw new NtlmMessageError('NTLM field points outside the message');
  return b.subarray(off, off + len);
}

/** Lays out a fixed header followed by the payloads, filling (Len, MaxLen, Offset) triples. */
class FieldWriter {
  readonly header: Buffer;
  private readonly offsets: number[] = [];
  constructor(
    headerLength: number,
    private readonly payloads: readonly Uint8Array[],
  ) {
    this.header = Buffer.alloc(headerLength);
    NTLM_SIGNATURE.copy(this.header, 0);
    let off = headerLength;
    for (const p of payloads) {
      this.offsets.push(off);
      off += p.length;
    }
  }
  field(at: number, index: number): void {
    const p = this.payloads[index];
    const off = this.offsets[index];
    if (p === undefined || off === undefined) throw new RangeError('no such NTLM payload');
    this.header.writeUInt16LE(p.length, at);
    this.header.writeUInt16LE(p.length, at + 2);
    this.header.writeUInt32LE(off, at + 4);
  }
  finish(): Buffer {
    return Buffer.concat([this.header, ...this.payloads]);
  }
}
