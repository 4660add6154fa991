import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ResourceNotFoundError } from '../errors.ts';
import type { AccessRepositories } from '../auth/access-repositories.ts';
import { createAdminToken } from '../../services/admin-accounts.ts';
import { actorOf } from '../principal.ts';
import type { Auditor } from '../audit.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';

export interface AdminAccessRouteOptions {
  readonly repos: AccessRepositories;
  readonly auditor: Auditor;
}

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const idParams = z.object({ id: z.string().min(1).max(64) });

/** The audit log and admin API tokens. */
export async function adminAccessRoutes(app: FastifyInstance, opts: AdminAccessRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Audit log, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          before: z.iso.datetime().optional(),
          targetType: z.string().max(50).optional(),
          targetId: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ entries: z.array(auditEntrySchema) }) },
      },
    },
    async (request) => ({ entries: await opts.repos.auditLog.list(request.query) }),
  );

  r.get(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Admin API tokens (never their values)',
        response: { 200: z.object({ tokens: z.array(tokenSchema) }) },
      },
    },
    async () => ({ tokens: await opts.repos.apiTokens.list() }),
  );

  r.post(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create an admin API token; its value is shown only in this answer',
        body: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: tokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await createAdminToken(opts.repos, request.body.name, actorOf(request.principal));
      return reply.status(201).send(created);
    },
  );

  r.delete(
    '/tokens/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['admin'], summary: 'Revoke an admin API token', params: idParams },
    },
    async (request, reply) => {
      if (!(await opts.repos.apiTokens.revoke(request.params.id)))
        throw new ResourceNotFoundError('The API token');
      await opts.auditor.record(request, 'token.revoke', { type: 'api_token', id: request.params.id });
      return reply.status(204).send();
    },
  );
}
