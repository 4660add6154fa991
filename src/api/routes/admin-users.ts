import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessRepositories } from '../auth/access-repositories.ts';
import {
  AdminAccountError,
  createAdminUser,
  disableAdminUser,
  resetAdminPassword,
} from '../../services/admin-accounts.ts';
import { actorOf } from '../principal.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';

export interface AdminUserRouteOptions {
  readonly repos: AccessRepositories;
}

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabledAt: z.string().nullable(),
});
const idParams = z.object({ id: z.string().min(1).max(64) });
// Length rules are the account rules of admin-accounts.ts (also used by the CLI), checked there.
const passwordField = z.string().min(1).max(1024);

/**
 * Administrator accounts, the API side of `voxsync admin create-user/reset-password`. Only
 * administrators reach these routes (the highest role there is); passwords are write-only.
 */
export async function adminUserRoutes(app: FastifyInstance, opts: AdminUserRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const config = { role: 'admin' as const };

  r.get(
    '/admin-users',
    {
      config,
      schema: {
        tags,
        summary: 'Administrators (active and disabled)',
        response: { 200: z.object({ adminUsers: z.array(adminUserSchema) }) },
      },
    },
    async () => ({ adminUsers: await opts.repos.adminUsers.list() }),
  );

  r.post(
    '/admin-users',
    {
      config,
      schema: {
        tags,
        summary: 'Create an administrator (password: at least 10 characters, write-only)',
        body: z.object({ username: z.string().max(200), password: passwordField }),
        response: { 201: adminUserSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const created = await createAdminUser(opts.repos, username, password, actorOf(request.principal));
      return reply.status(201).send(created);
    },
  );

  r.post(
    '/admin-users/:id/reset-password',
    {
      config,
      schema: {
        tags,
        summary: "Set a new password; ends the administrator's sessions",
        params: idParams,
        body: z.object({ password: passwordField }),
      },
    },
    async (request, reply) => {
      const user = await opts.repos.adminUsers.get(request.params.id);
      if (!user) throw new AdminAccountError('admin.not_found', 'There is no such administrator.');
      await resetAdminPassword(opts.repos, user.username, request.body.password, actorOf(request.principal));
      return reply.status(204).send();
    },
  );

  r.post(
    '/admin-users/:id/disable',
    {
      config,
      schema: {
        tags,
        summary: 'Disable an administrator (never the last active one); ends their sessions',
        params: idParams,
        response: { 200: adminUserSchema },
      },
    },
    async (request) => disableAdminUser(opts.repos, request.params.id, actorOf(request.principal)),
  );
}
