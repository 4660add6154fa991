// The two computed legs of an NTLMv2 handshake: the client's AUTHENTICATE from a CHALLENGE, and the
// server's check of an AUTHENTICATE. Randomness and time are inputs so tests can pin them.
import { randomBytes } from 'node:crypto';
import { fileTime, ntlmv2Response, ntowfv2, verifyNtlmv2Response } from './crypto.ts';
import type { AuthenticateMessage, ChallengeMessage } from './messages.ts';
import {
  AvId,
  NtlmFlags,
  decodeAvPairs,
  encodeAuthenticate,
  encodeAvPairs,
  encodeChallenge,
} from './messages.ts';

export interface NtlmCredentials {
  readonly user: string;
  readonly domain: string;
  readonly password: string;
  readonly workstation?: string;
}

/**
 * Splits "DOMAIN\\user" (down-level logon name) into domain and user; "user@domain" (UPN) keeps the
 * whole UPN as the user name and an empty domain, which Windows accepts for NTLMv2.
 */
export function splitNtlmUser(login: string): { user: string; domain: string } {
  const i = login.indexOf('\\');
  if (i >= 0) return { domain: login.slice(0, i), user: login.slice(i + 1) };
  return { domain: '', user: login };
}

export interface AuthenticateOptions {
  /** 8 random bytes by default. */
  readonly clientChallenge?: Uint8Array;
  /** Defaults to the server's MsvAvTimestamp when present, else the current time. */
  readonly timestamp?: Uint8Array;
}

/** Builds the AUTHENTICATE_MESSAGE (type 3) bytes answering a decoded CHALLENGE_MESSAGE. */
export function createAuthenticateMessage(
  creds: NtlmCredentials,
  challenge: ChallengeMessage,
  opts: AuthenticateOptions = {},
): Buffer {
  const pairs = challenge.targetInfo.length > 0 ? decodeAvPairs(challenge.targetInfo) : [];
  const serverTime = pairs.find((p) => p.id === AvId.Timestamp)?.value;
  const r = ntlmv2Response({
    responseKey: ntowfv2(creds.user, creds.domain, creds.password),
    serverChallenge: challenge.serverChallenge,
    clientChallenge: opts.clientChallenge ?? randomBytes(8),
    timestamp: opts.timestamp ?? serverTime ?? fileTime(new Date()),
    targetInfo: challenge.targetInfo,
    zeroLmResponse: serverTime !== undefined,
  });
  const message: AuthenticateMessage = {
    // Without KEY_EXCH no session key is sent; EWS over TLS needs neither signing nor sealing.
    flags: (challenge.flags & ~NtlmFlags.KEY_EXCH & ~NtlmFlags.VERSION) | NtlmFlags.UNICODE,
    lmChallengeResponse: r.lmChallengeResponse,
    ntChallengeResponse: r.ntChallengeResponse,
    domain: creds.domain,
    user: creds.user,
    workstation: creds.workstation ?? '',
    encryptedRandomSessionKey: Buffer.alloc(0),
  };
  return encodeAuthenticate(message);
}

/**
 * Server side: whether the AUTHENTICATE message proves knowledge of `password` for the server
 * challenge that was sent on the same connection.
 */
export function verifyAuthenticateMessage(
  auth: AuthenticateMessage,
  serverChallenge: Uint8Array,
  password: string,
): boolean {
  const key = ntowfv2(auth.user, auth.domain, password);
  return verifyNtlmv2Response(key, serverChallenge, auth.ntChallengeResponse) !== null;
}

export interface ServerChallenge {
  /** The CHALLENGE_MESSAGE bytes (base64 them after "NTLM " in WWW-Authenticate). */
  readonly message: Buffer;
  /** Keep per connection: the AUTHENTICATE on the same connection is verified against it. */
  readonly serverChallenge: Buffer;
}

/**
 * Server side: a CHALLENGE_MESSAGE naming the NetBIOS domain and computer (MS-NLMP 2.2.1.2), with a
 * fresh random server challenge and the current time as MsvAvTimestamp unless given.
 */
export function createServerChallenge(opts: {
  domain: string;
  computer: string;
  serverChallenge?: Uint8Array;
  time?: Date;
}): ServerChallenge {
  const serverChallenge = Buffer.from(opts.serverChallenge ?? randomBytes(8));
  const targetInfo = encodeAvPairs([
    { id: AvId.NbDomainName, value: Buffer.from(opts.domain, 'utf16le') },
    { id: AvId.NbComputerName, value: Buffer.from(opts.computer, 'utf16le') },
    { id: AvId.Timestamp, value: fileTime(opts.time ?? new Date()) },
  ]);
  return {
    message: encodeChallenge({ serverChallenge, targetName: opts.domain, targetInfo }),
    serverChallenge,
  };
}
