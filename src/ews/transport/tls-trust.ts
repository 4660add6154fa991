// TLS trust for EWS connections: always verified by OpenSSL against the system CAs plus the PEM
// certificates the caller trusts; SHA-256 pins add (or restrict) trust per certificate. There is no
// option that turns verification off.
//
// A pin of a certificate that does not chain to a CA (a self-signed Exchange certificate) cannot be
// checked by OpenSSL directly, so the first connection captures the presented chain (and is then
// torn down by Node's own verification, before any application data), the pinned certificate is
// added to the trust anchors, and the real connection is verified again from scratch, hostname
// included.
import { X509Certificate, createHash } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import tls from 'node:tls';
import { isIP } from 'node:net';
import { EwsTlsPinMismatchError, EwsTlsUntrustedError } from './errors.ts';

export interface TlsTrustOptions {
  /** PEM certificates (one or more per string) trusted in addition to the system CAs. */
  readonly ca?: readonly string[];
  /** SHA-256 fingerprints of a certificate of the chain (leaf or any CA); hex with or without colons, or base64. */
  readonly pins?: readonly string[];
}

export interface TlsTarget {
  readonly host: string;
  readonly port: number;
  /** SNI and hostname to verify; defaults to host. */
  readonly servername?: string;
  readonly timeoutMs?: number;
}

/** Normalises a SHA-256 fingerprint to upper-case colon-separated hex (Node's fingerprint256 form). */
export function normalizePin(pin: string): string {
  const s = pin.trim().replace(/^sha256[/:]/i, '');
  let hex: string;
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){31}$/i.test(s) || /^[0-9a-f]{64}$/i.test(s)) hex = s.replace(/:/g, '');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(s)) hex = Buffer.from(s, 'base64').toString('hex');
  else throw new RangeError(`not a SHA-256 fingerprint: ${JSON.stringify(pin)}`);
  return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** SHA-256 of the DER certificate, in the normalised form. */
export function fingerprint256(der: Uint8Array): string {
  return normalizePin(createHash('sha256').update(der).digest('hex'));
}

/** The chain as presented by the peer, leaf first, each certificate once. */
export function peerChain(cert: PeerCertificate | undefined): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c = cert as tls.DetailedPeerCertificate | undefined;
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}

const VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Trust configuration for one EWS endpoint. Safe to share between connections. */
export class TlsTrust {
  readonly pins: readonly string[];
  private readonly extraCa: readonly string[];
  /** Pinned certificates learnt from a captured chain, added to the anchors. */
  private readonly learnt = new Map<string, string>();

  constructor(options: TlsTrustOptions = {}) {
    this.extraCa = options.ca ?? [];
    this.pins = (options.pins ?? []).map(normalizePin);
    for (const pem of this.extraCa) {
      try {
        new X509Certificate(pem);
      } catch (cause) {
        throw new RangeError('a trusted CA certificate is not a valid PEM certificate', { cause });
      }
    }
  }

  /** Connection options: OpenSSL verifies the chain and Node the host name, then the pins are checked. */
  connectOptions(target: TlsTarget): tls.ConnectionOptions {
    const servername = target.servername ?? target.host;
    return {
      host: target.host,
      port: target.port,
      servername: isIP(servername) ? undefined : servername,
      ca: [...tls.rootCertificates, ...this.extraCa, ...this.learnt.values()],
      // A pinned certificate may be a leaf or intermediate; it is an anchor by itself.
      allowPartialTrustChain: this.learnt.size > 0,
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
      checkServerIdentity: (hostname, cert) => {
        const err = tls.checkServerIdentity(servername || hostname, cert);
        if (err) return err;
        if (this.pins.length === 0) return undefined;
        const presented = peerChain(cert).map((c) => c.fingerprint256);
        if (presented.some((fp) => this.pins.includes(fp))) return undefined;
        return new EwsTlsPinMismatchError(servername, this.pins, presented);
      },
    };
  }

  /**
   * Opens a verified TLS connection. With pins configured, a chain that OpenSSL alone rejects is
   * accepted only through a pinned certificate, on a second, fully verified connection.
   */
  async connect(target: TlsTarget): Promise<TLSSocket> {
    const first = await attempt(this.connectOptions(target), target.timeoutMs);
    if (first.socket) return first.socket;
    const host = target.servername ?? target.host;
    const code = errorCode(first.error);
    if (first.error instanceof EwsTlsPinMismatchError) throw first.error;
    if (!VERIFY_CODES.has(code)) throw first.error;
    const presented = first.chain.map((c) => c.fingerprint256);
    if (this.pins.length === 0) throw new EwsTlsUntrustedError(host, code, presented, { cause: first.error });
    const pinned = first.chain.find((c) => this.pins.includes(c.fingerprint256));
    if (!pinned) throw new EwsTlsPinMismatchError(host, this.pins, presented, { cause: first.error });
    if (this.learnt.has(pinned.fingerprint256)) {
      // Already an anchor and still refused: expired, wrong host name, broken signature...
      throw new EwsTlsUntrustedError(host, code, presented, { cause: first.error });
    }
    this.learnt.set(pinned.fingerprint256, pinned.toString());
    const second = await attempt(this.connectOptions(target), target.timeoutMs);
    if (second.socket) return second.socket;
    if (second.error instanceof EwsTlsPinMismatchError) throw second.error;
    throw new EwsTlsUntrustedError(host, errorCode(second.error), presented, { cause: second.error });
  }
}

interface Attempt {
  socket?: TLSSocket;
  error?: unknown;
  chain: X509Certificate[];
}

/**
 * One TLS handshake with verification on. The chain is captured when the handshake finishes and
 * before Node runs its verification (the 'secure' event precedes 'secureConnect'); a rejected socket is
 * destroyed by Node before anything is written.
 */
export function attempt(options: tls.ConnectionOptions, timeoutMs = 30_000): Promise<Attempt> {
  return new Promise((resolve) => {
    let chain: X509Certificate[] = [];
    const socket = tls.connect(options);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        error: Object.assign(new Error(`TLS handshake timed out after ${timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        }),
        chain,
      });
    }, timeoutMs);
    socket.prependListener('secure', () => {
      chain = peerChain(socket.getPeerCertificate(true));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ socket, chain });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ error, chain });
    });
  });
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
