import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import { ConflictError } from './errors.ts';
import { parseEndpointAddress, type EndpointKind } from './endpoint-address.ts';
import {
  authMethodSchema,
  exchangeVersionSchema,
  textSchema,
  voiceFormatSchema,
  type AuthMethod,
  type ExchangeVersion,
  type Id,
  type VoiceFormat,
} from './enums.ts';
import {
  trustedCertificateInputSchema,
  type TrustedCertificate,
  type TrustedCertificateDraft,
} from './certificate.ts';
import { addIssue, parseInput } from './validate.ts';

/** A mail server endpoint (the seed's CSE / "TSE IMAP Server" entry). */
export interface Endpoint {
  readonly id: Id;
  readonly name: string;
  /** The address as the administrator wrote it (`ews:...` or a bare IMAP host). */
  readonly address: string;
  readonly kind: EndpointKind;
  /** The EWS URL derived from the address; null for IMAP. */
  readonly url: string | null;
  readonly port: number;
  readonly voiceFormat: VoiceFormat;
  readonly authMethod: AuthMethod;
  readonly exchangeVersion: ExchangeVersion;
  readonly trustedCertificates: readonly TrustedCertificate[];
  /** False for IMAP: accepted in the model, "connector not available yet". */
  readonly connectorAvailable: boolean;
  readonly demo: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const endpointFields = {
  name: textSchema(100),
  address: z.string().max(2048),
  // Range is checked with the address so the refusal carries our code (endpoint.port_out_of_range).
  port: z.number().optional(),
  voiceFormat: voiceFormatSchema.default('mp3'),
  authMethod: authMethodSchema.default('ntlm'),
  exchangeVersion: exchangeVersionSchema.default('auto'),
  trustedCertificates: z
    .array(trustedCertificateInputSchema)
    .max(20)
    .default([])
    .superRefine((certs, ctx) => {
      const seen = new Set<string>();
      certs.forEach((c, i) => {
        if (seen.has(c.fingerprint)) {
          addIssue(
            ctx,
            ErrorCodes.certificateDuplicate,
            [i, 'fingerprint'],
            'This certificate is listed twice.',
          );
        }
        seen.add(c.fingerprint);
      });
    }),
  demo: z.boolean().default(false),
};

/** What an administrator sends to create an endpoint (the API's request body). */
export const endpointInputSchema = z.object(endpointFields).transform((v, ctx) => {
  const parsed = parseEndpointAddress(v.address, v.port);
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      params: { code: parsed.issue.code },
      path: [parsed.issue.field ?? 'address'],
      message: parsed.issue.message,
    });
    return z.NEVER;
  }
  return { ...v, parsed: parsed.address, port: parsed.address.port };
});
export type EndpointInput = z.input<typeof endpointInputSchema>;
export type EndpointDraft = z.output<typeof endpointInputSchema>;

/** A partial update: absent fields keep their value. The address and port are re-validated together. */
export const endpointPatchSchema = z.object({
  name: endpointFields.name.optional(),
  address: endpointFields.address.optional(),
  port: endpointFields.port,
  voiceFormat: voiceFormatSchema.optional(),
  authMethod: authMethodSchema.optional(),
  exchangeVersion: exchangeVersionSchema.optional(),
  trustedCertificates: endpointFields.trustedCertificates.optional(),
});
export type EndpointPatch = z.input<typeof endpointPatchSchema>;

export function parseEndpointInput(input: unknown): EndpointDraft {
  return parseInput(endpointInputSchema, input);
}

/**
 * Applies a patch to an existing endpoint and re-validates the result as a whole. When only the address
 * changes, the port is re-derived from it (a new `ews:` host gets 443 unless a port is given).
 */
export function applyEndpointPatch(current: Endpoint, patch: unknown): EndpointDraft {
  const p = parseInput(endpointPatchSchema, patch);
  const addressChanged = p.address !== undefined && p.address !== current.address;
  return parseEndpointInput({
    name: p.name ?? current.name,
    address: p.address ?? current.address,
    port: p.port ?? (addressChanged ? undefined : current.port),
    voiceFormat: p.voiceFormat ?? current.voiceFormat,
    authMethod: p.authMethod ?? current.authMethod,
    exchangeVersion: p.exchangeVersion ?? current.exchangeVersion,
    trustedCertificates:
      p.trustedCertificates ??
      current.trustedCertificates.map((c) => ({
        fingerprint: c.fingerprint,
        ...(c.pem !== null ? { pem: c.pem } : {}),
        ...(c.label !== null ? { label: c.label } : {}),
      })),
    demo: current.demo,
  });
}

/**
 * An endpoint still used by feature groups cannot be deleted: the groups would lose their mail
 * server. `usedBy` are the names of those groups (looked up by the store).
 */
export function checkEndpointDeletable(usedBy: readonly string[]): void {
  if (usedBy.length === 0) return;
  throw new ConflictError(
    ErrorCodes.endpointInUse,
    undefined,
    `The endpoint is used by feature group(s) ${usedBy.map((u) => `"${u}"`).join(', ')}; change them first.`,
  );
}

/** The stored form of a fingerprint to look up (colons and blanks dropped, lower case); not validated. */
export function fingerprintKey(fingerprint: string): string {
  return fingerprint.replace(/[\s:]/g, '').toLowerCase();
}

/** Validates a certificate to trust (PEM and/or fingerprint, which must agree). */
export function parseTrustedCertificate(input: unknown): TrustedCertificateDraft {
  return parseInput(trustedCertificateInputSchema, input);
}
