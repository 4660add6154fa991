// Certificate trust for an endpoint: what the server presents (read WITHOUT trusting it) and which
// of those certificates the endpoint already trusts. Trusting happens by fingerprint of a presented
// certificate only, so the PEM voxsync stores is the one the server really sends.
import { fetchPresentedChain, type CertificateInfo } from '../ews/transport/certificate-chain.ts';
import { formatFingerprint, normalizeFingerprint, type Endpoint } from '../domain/index.ts';
import { ewsTarget } from './ews/client-options.ts';
import { CertificateNotPresentedError, ConnectorError, EndpointUnreachableError } from './errors.ts';

export interface PresentedCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** SHA-256 of the DER certificate, `AB:CD:...`. */
  readonly fingerprint: string;
  readonly selfSigned: boolean;
  /** Its fingerprint is among the endpoint's trusted certificates. */
  readonly trustedForEndpoint: boolean;
  readonly pem: string;
}

export interface PresentedChainReport {
  readonly host: string;
  readonly port: number;
  /** Leaf first. */
  readonly certificates: readonly PresentedCertificate[];
  /** The chain verifies against the system CAs (host name included) without any endpoint trust. */
  readonly chainsToTrustedCa: boolean;
  /** OpenSSL / Node verification error when it does not, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  readonly verifyError?: string;
  /** A connection would be accepted today: a trusted CA, or a presented certificate trusted for the endpoint. */
  readonly trusted: boolean;
}

/** Reads the chain the endpoint presents. Never sends application data to the server. */
export async function inspectPresentedChain(
  endpoint: Endpoint,
  options: { timeoutMs?: number } = {},
): Promise<PresentedChainReport> {
  const target = ewsTarget(endpoint);
  if (!target.tls) {
    throw new ConnectorError(
      'connector.no_tls',
      `Endpoint "${endpoint.name}" uses plain HTTP (local only); it has no certificate.`,
    );
  }
  let chain;
  try {
    chain = await fetchPresentedChain({
      host: target.host,
      port: target.port,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : String(err);
    throw new EndpointUnreachableError(
      'connector.endpoint_unreachable',
      `Could not read the certificate of ${target.host}:${target.port} (${code}); check the address, the port and that it serves HTTPS.`,
      { cause: err },
    );
  }
  const trustedSet = new Set(endpoint.trustedCertificates.map((c) => c.fingerprint));
  const certificates = chain.certificates.map((c) => present(c, trustedSet));
  return {
    host: target.host,
    port: target.port,
    certificates,
    chainsToTrustedCa: chain.trusted,
    ...(chain.verifyError ? { verifyError: chain.verifyError } : {}),
    trusted: chain.trusted || certificates.some((c) => c.trustedForEndpoint),
  };
}

/**
 * The presented certificate with this fingerprint, fetched afresh from the server; throws
 * CertificateNotPresentedError when the server does not send it.
 */
export async function findPresentedCertificate(
  endpoint: Endpoint,
  fingerprint: string,
  options: { timeoutMs?: number } = {},
): Promise<PresentedCertificate & { readonly hex: string }> {
  const hex = normalizeFingerprint(fingerprint);
  const report = await inspectPresentedChain(endpoint, options);
  const found = report.certificates.find((c) => normalizeFingerprint(c.fingerprint) === hex);
  if (!found || hex === null) {
    throw new CertificateNotPresentedError(
      hex ? formatFingerprint(hex) : fingerprint,
      report.certificates.map((c) => c.fingerprint),
    );
  }
  return { ...found, hex };
}

function present(c: CertificateInfo, trusted: ReadonlySet<string>): PresentedCertificate {
  const hex = normalizeFingerprint(c.sha256) ?? '';
  return {
    subject: c.subject,
    issuer: c.issuer,
    validFrom: c.validFrom,
    validTo: c.validTo,
    fingerprint: formatFingerprint(hex),
    selfSigned: c.selfSigned,
    trustedForEndpoint: trusted.has(hex),
    pem: c.pem,
  };
}
