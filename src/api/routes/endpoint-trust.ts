import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CONNECTION_STEPS,
  CertificateNotPresentedError,
  ConnectorError,
  EndpointUnreachableError,
  createConnector,
  findPresentedCertificate,
  inspectPresentedChain,
  resolveCredentials,
  type CredentialChoice,
} from '../../connectors/index.ts';
import { normalizeFingerprint, type Endpoint } from '../../domain/index.ts';
import type { ResourceContext } from '../app.ts';
import type { ContentRepositories } from '../content-repositories.ts';
import { ApiError, RuleViolationError, ValidationError } from '../errors.ts';
import { endpointResponse, idParams } from '../schemas/config-model.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';

const presentedCertificate = z.object({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint: z.string(),
  selfSigned: z.boolean(),
  trustedForEndpoint: z.boolean(),
  pem: z.string(),
});

export const chainResponse = z.object({
  host: z.string(),
  port: z.number(),
  certificates: z.array(presentedCertificate),
  chainsToTrustedCa: z.boolean(),
  verifyError: z.string().optional(),
  trusted: z.boolean(),
});

const trustBody = z.object({
  fingerprint: z.string().max(200),
  label: z.string().trim().max(200).optional(),
});

const fingerprintParams = idParams.extend({ fingerprint: z.string().min(1).max(200) });

const testBody = z
  .object({
    /** Feature group whose service account logs on; default: the one group using this endpoint. */
    featureGroupId: z.string().min(1).max(64).optional(),
    /** Log on with this mailbox's own Exchange credentials instead. */
    mailboxId: z.string().min(1).max(64).optional(),
    /** SMTP address the service account should impersonate (step 4). */
    impersonate: z.string().trim().min(3).max(254).optional(),
  })
  .default({});

export const testResponse = z.object({
  ok: z.boolean(),
  steps: z.array(
    z.object({
      step: z.enum(CONNECTION_STEPS),
      title: z.string(),
      status: z.enum(['ok', 'failed', 'skipped']),
      detail: z.string().optional(),
      code: z.string().optional(),
      message: z.string().optional(),
      responseCode: z.string().optional(),
    }),
  ),
  serverVersion: z
    .object({ build: z.string(), product: z.string(), requestServerVersion: z.string() })
    .optional(),
});

/** Connector errors → HTTP: the server cannot be reached 502, anything else a broken rule 422. */
function asApiError(err: unknown): unknown {
  if (err instanceof EndpointUnreachableError) return new ApiError(502, err.code, err.message);
  if (err instanceof CertificateNotPresentedError) {
    return new RuleViolationError(
      err.message,
      [{ field: 'fingerprint', rule: err.code, message: err.message }],
      err.code,
    );
  }
  if (err instanceof ConnectorError) return new RuleViolationError(err.message, [], err.code);
  return err;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asApiError(err);
  }
}

/**
 * Certificate trust and the connection test of an endpoint (administrators only). The presented
 * chain is read without trusting it; a certificate becomes trusted only by the fingerprint of a
 * certificate the server presents right now, and its PEM goes into the database for every node.
 */
export function endpointTrustRoutes(repos: ContentRepositories) {
  return async (app: FastifyInstance, ctx: ResourceContext): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['endpoints'];
    const config = { role: 'admin' as const };

    r.get(
      '/endpoints/:id/certificate',
      {
        config,
        schema: {
          tags,
          summary: 'The certificate chain the endpoint presents (read without trusting it)',
          params: idParams,
          response: { 200: chainResponse },
        },
      },
      async (request) => {
        const endpoint = await repos.endpoints.get(request.params.id);
        return guarded(() => inspectPresentedChain(endpoint));
      },
    );

    r.post(
      '/endpoints/:id/trusted-certificates',
      {
        config,
        schema: {
          tags,
          summary: 'Trust one certificate of the presented chain (leaf or CA) by its SHA-256 fingerprint',
          params: idParams,
          body: trustBody,
          response: { 201: endpointResponse },
        },
      },
      async (request, reply) => {
        const { fingerprint, label } = request.body;
        if (normalizeFingerprint(fingerprint) === null) {
          throw new ValidationError([
            {
              field: 'fingerprint',
              rule: 'certificate.fingerprint_invalid',
              message: 'A SHA-256 fingerprint is 64 hexadecimal digits, optionally separated by colons.',
            },
          ]);
        }
        const endpoint = await repos.endpoints.get(request.params.id);
        const cert = await guarded(() => findPresentedCertificate(endpoint, fingerprint));
        const updated = await repos.endpoints.trustCertificate(endpoint.id, {
          fingerprint: cert.hex,
          pem: cert.pem,
          label: label ?? cert.subject.slice(0, 200),
        });
        await ctx.auditor.record(
          request,
          'endpoint.certificate.trust',
          { type: 'endpoint', id: endpoint.id },
          { fingerprint: cert.fingerprint, subject: cert.subject },
        );
        return reply.status(201).send(updated);
      },
    );

    r.delete(
      '/endpoints/:id/trusted-certificates/:fingerprint',
      {
        config,
        schema: {
          tags,
          summary: 'Stop trusting a certificate',
          params: fingerprintParams,
          response: { 200: endpointResponse },
        },
      },
      async (request) => {
        const updated = await repos.endpoints.untrustCertificate(
          request.params.id,
          request.params.fingerprint,
        );
        await ctx.auditor.record(
          request,
          'endpoint.certificate.untrust',
          { type: 'endpoint', id: request.params.id },
          { fingerprint: request.params.fingerprint },
        );
        return updated;
      },
    );

    r.post(
      '/endpoints/:id/test',
      {
        config,
        schema: {
          tags,
          summary:
            'Test the connection step by step: reachable, TLS trusted, account accepted, impersonation, version',
          params: idParams,
          body: testBody,
          response: { 200: testResponse },
        },
      },
      async (request) => {
        const endpoint = await repos.endpoints.get(request.params.id);
        const body = request.body ?? {};
        const choice = await credentialChoice(repos, endpoint, body);
        return guarded(async () => {
          const credentials = await resolveCredentials(repos, choice);
          const connector = createConnector(endpoint, credentials);
          try {
            return await connector.testConnection(body.impersonate ? { impersonate: body.impersonate } : {});
          } finally {
            await connector.close();
          }
        });
      },
    );
  };
}

async function credentialChoice(
  repos: ContentRepositories,
  endpoint: Endpoint,
  body: { featureGroupId?: string | undefined; mailboxId?: string | undefined },
): Promise<CredentialChoice> {
  if (body.featureGroupId && body.mailboxId) {
    throw new ValidationError([
      {
        field: 'mailboxId',
        rule: 'test.credentials_ambiguous',
        message: 'Give either featureGroupId or mailboxId, not both.',
      },
    ]);
  }
  if (body.featureGroupId) return { featureGroupId: body.featureGroupId };
  if (body.mailboxId) return { mailboxId: body.mailboxId };
  const groups = (await repos.featureGroups.list()).filter(
    (g) => g.sync.endpointId === endpoint.id && g.sync.hasServicePassword,
  );
  const first = groups[0];
  if (!first) {
    throw new RuleViolationError(
      `No feature group uses endpoint "${endpoint.name}" with a service account; pass featureGroupId or mailboxId.`,
      [],
      'connector.credentials_missing',
    );
  }
  return { featureGroupId: first.id };
}
