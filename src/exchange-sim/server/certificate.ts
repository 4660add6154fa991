import { X509Certificate, webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':' (as browsers and openssl print it). */
  readonly fingerprint: string;
}

export function sha256Fingerprint(certPem: string): string {
  // Node prints it in the same form (upper-case hex pairs joined by ':').
  return new X509Certificate(certPem).fingerprint256;
}

/**
 * @peculiar/x509 (with the Reflect metadata polyfill its tsyringe container needs) is loaded only to
 * generate a certificate: loading it costs a few hundred milliseconds, and a simulator with a data
 * directory generates once and reloads the saved certificate on every later start.
 */
async function loadX509(): Promise<typeof X509> {
  await import('reflect-metadata');
  return import('@peculiar/x509');
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

/**
 * A self-signed certificate for the simulator's host names. It is a CA:TRUE leaf with SANs so clients can
 * trust it explicitly (by file or fingerprint); strict verifiers (OpenSSL X509_STRICT) accept it as an anchor.
 */
export async function generateCertificate(hosts: readonly string[]): Promise<ServerCertificate> {
  const x509 = await loadX509();
  const crypto = webcrypto as unknown as Crypto;
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  // The bind host is often one of the fixed names (127.0.0.1, or localhost for 0.0.0.0); each SAN once.
  const unique = [...new Map(hosts.map((h) => [h.toLowerCase(), h])).values()];
  const sans = unique.map((h) =>
    /^[\d.]+$|:/.test(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h },
  );
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(8)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: `CN=${hosts[0] ?? 'localhost'}, O=voxsync exchange-sim`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 825 * 24 * 3600_000),
      signingAlgorithm: alg,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(sans),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const certPem = cert.toString('pem') + '\n';
  const keyPem = pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { certPem, keyPem, fingerprint: sha256Fingerprint(certPem) };
}

/** Loads `DIR/tls/cert.pem` + `key.pem`, generating and saving them on first start. */
export async function loadOrCreateCertificate(
  dir: string | undefined,
  hosts: readonly string[],
): Promise<ServerCertificate> {
  if (!dir) return generateCertificate(hosts);
  const tlsDir = join(dir, 'tls');
  const certPath = join(tlsDir, 'cert.pem');
  const keyPath = join(tlsDir, 'key.pem');
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { certPem, keyPem, fingerprint: sha256Fingerprint(certPem) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const created = await generateCertificate(hosts);
  await mkdir(tlsDir, { recursive: true, mode: 0o700 });
  await writeFile(certPath, created.certPem, { mode: 0o644 });
  await writeFile(keyPath, created.keyPem, { mode: 0o600 });
  return created;
}
