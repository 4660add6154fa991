// "Show me the certificate": the chain an EWS server presents, for the admin to inspect and pin.
// The server is NOT trusted for this: the handshake runs with verification on, the chain is
// captured at handshake completion, and the socket is closed without a single byte of application
// data, whether or not the chain verified.
import type { X509Certificate } from 'node:crypto';
import { TlsTrust, attempt } from './tls-trust.ts';
import type { TlsTarget, TlsTrustOptions } from './tls-trust.ts';

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** Upper-case colon-separated hex, the form accepted by `pins`. */
  readonly sha256: string;
  readonly selfSigned: boolean;
  readonly pem: string;
}

export interface PresentedChain {
  /** Leaf first. */
  readonly certificates: readonly CertificateInfo[];
  /** True when the chain verifies against the system CAs + trusted PEMs and matches the host name (pins ignored). */
  readonly trusted: boolean;
  /** OpenSSL / Node verification error code when not trusted, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  readonly verifyError?: string;
}

export function describeCertificate(c: X509Certificate): CertificateInfo {
  return {
    subject: c.subject.replace(/\n/g, ', '),
    issuer: c.issuer.replace(/\n/g, ', '),
    validFrom: new Date(c.validFrom).toISOString(),
    validTo: new Date(c.validTo).toISOString(),
    sha256: c.fingerprint256,
    selfSigned: c.subject === c.issuer && c.verify(c.publicKey),
    pem: c.toString(),
  };
}

/** Connects, captures the presented chain, closes. Rejects only when no handshake completed. */
export async function fetchPresentedChain(
  target: TlsTarget,
  trust: TlsTrustOptions = {},
): Promise<PresentedChain> {
  // Pins are deliberately left out: this reports what OpenSSL thinks of the chain.
  const options = new TlsTrust({ ca: trust.ca ?? [] }).connectOptions(target);
  const r = await attempt(options, target.timeoutMs);
  const certificates = r.chain.map(describeCertificate);
  if (r.socket) {
    r.socket.destroy();
    return { certificates, trusted: true };
  }
  if (certificates.length === 0) throw r.error instanceof Error ? r.error : new Error(String(r.error));
  const code =
    r.error && typeof r.error === 'object' && 'code' in r.error ? String(r.error.code) : String(r.error);
  return { certificates, trusted: false, verifyError: code };
}
