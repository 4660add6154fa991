import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import { addIssue } from './validate.ts';

/**
 * A certificate an administrator trusts for an endpoint: a leaf or a CA, identified by the SHA-256
 * fingerprint of its DER encoding. The PEM is kept so every node can build its trust store from the
 * database alone.
 */
export interface TrustedCertificate {
  /** Lowercase hex, 64 characters, no separators. */
  readonly fingerprint: string;
  readonly pem: string | null;
  readonly label: string | null;
  readonly addedAt: string;
}

/** Accepts `AB:CD:...`, `ab cd ...` or plain hex; returns 64 lowercase hex characters or null. */
export function normalizeFingerprint(input: string): string | null {
  const hex = input.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** `AB:CD:...` form for display. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

const PEM_RE = /^-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END CERTIFICATE-----\s*$/;

/** DER bytes of a single PEM certificate, or null when the text is not one. */
export function pemToDer(pem: string): Buffer | null {
  const m = PEM_RE.exec(pem.trim());
  if (!m?.[1]) return null;
  const der = Buffer.from(m[1].replace(/\s/g, ''), 'base64');
  // A DER certificate is a SEQUENCE (0x30); anything else is not a certificate.
  return der.length > 0 && der[0] === 0x30 ? der : null;
}

export function fingerprintOfDer(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

export const trustedCertificateInputSchema = z
  .object({
    fingerprint: z.string().optional(),
    pem: z.string().max(20000).optional(),
    label: z.string().trim().max(200).optional(),
  })
  .transform((v, ctx) => {
    const fromPem = v.pem !== undefined ? pemToDer(v.pem) : undefined;
    if (v.pem !== undefined && fromPem === null) {
      addIssue(
        ctx,
        ErrorCodes.certificatePemInvalid,
        ['pem'],
        'The PEM text is not a single X.509 certificate.',
      );
      return z.NEVER;
    }
    const pemFingerprint = fromPem ? fingerprintOfDer(fromPem) : undefined;
    let fingerprint: string | undefined;
    if (v.fingerprint !== undefined) {
      const n = normalizeFingerprint(v.fingerprint);
      if (n === null) {
        addIssue(
          ctx,
          ErrorCodes.certificateFingerprintInvalid,
          ['fingerprint'],
          'The fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits, optionally separated by colons.',
        );
        return z.NEVER;
      }
      fingerprint = n;
    }
    if (fingerprint !== undefined && pemFingerprint !== undefined && fingerprint !== pemFingerprint) {
      addIssue(
        ctx,
        ErrorCodes.certificateFingerprintMismatch,
        ['fingerprint'],
        `The fingerprint does not match the certificate (its SHA-256 fingerprint is ${formatFingerprint(pemFingerprint)}).`,
      );
      return z.NEVER;
    }
    const fp = fingerprint ?? pemFingerprint;
    if (fp === undefined) {
      addIssue(
        ctx,
        ErrorCodes.certificateFingerprintInvalid,
        ['fingerprint'],
        'A trusted certificate needs its SHA-256 fingerprint or its PEM text.',
      );
      return z.NEVER;
    }
    return { fingerprint: fp, pem: v.pem?.trim() ?? null, label: v.label ?? null };
  });
export type TrustedCertificateInput = z.input<typeof trustedCertificateInputSchema>;
export type TrustedCertificateDraft = z.output<typeof trustedCertificateInputSchema>;
