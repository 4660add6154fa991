import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors.ts';
import type { AccessRepositories, MailboxLogin } from '../auth/access-repositories.ts';
import { SESSION_COOKIE } from '../auth/authenticate.ts';
import { dummyPasswordHash, verifyPassword } from '../auth/password-hash.ts';
import { SESSION_TOKEN_PREFIX, csrfTokenFor, generateToken, hashToken } from '../auth/tokens.ts';
import type { SessionSubject } from '../../store/index.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';

export interface AuthRouteOptions {
  readonly repos: AccessRepositories;
  readonly mailboxLogin: MailboxLogin;
  readonly sessionTtlMs: number;
  readonly loginRateLimit: { readonly max: number; readonly timeWindowMs: number };
  readonly onLoginFailure: (kind: 'admin' | 'mailbox') => void;
}

const adminLoginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});
const mailboxLoginBody = z.object({
  mailbox: z.string().regex(/^\d{1,20}$/, 'The mailbox number is digits only.'),
  pin: z.string().min(1).max(128),
});
const principalSchema = z.object({
  kind: z.enum(['admin', 'mailbox']),
  actor: z.string(),
  mailboxId: z.string().nullable(),
  via: z.enum(['session', 'token']),
});
export const sessionResponse = z.object({ principal: principalSchema, csrfToken: z.string().nullable() });

const LOGIN_FAILED = 'The user name or password is wrong.';

export async function authRoutes(app: FastifyInstance, opts: AuthRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rateLimit = { max: opts.loginRateLimit.max, timeWindow: opts.loginRateLimit.timeWindowMs };

  async function startSession(reply: FastifyReply, subject: SessionSubject): Promise<string> {
    const token = generateToken(SESSION_TOKEN_PREFIX);
    const expires = new Date(Date.now() + opts.sessionTtlMs);
    await opts.repos.sessions.create(hashToken(token), subject, expires);
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: 'auto',
      path: '/',
      expires,
    });
    return csrfTokenFor(token);
  }

  r.post(
    '/auth/login',
    {
      config: { role: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Administrator login',
        body: adminLoginBody,
        response: { 200: sessionResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const admin = await opts.repos.adminUsers.findByUsername(username);
      const ok = await verifyPassword(password, admin?.passwordHash ?? (await dummyPasswordHash()));
      if (!admin || !ok || admin.disabledAt !== null) {
        request.log.warn({ username }, 'administrator login failed');
        opts.onLoginFailure('admin');
        throw new UnauthenticatedError(LOGIN_FAILED);
      }
      const csrfToken = await startSession(reply, { kind: 'admin', adminUserId: admin.id });
      request.log.info({ username }, 'administrator logged in');
      return {
        principal: {
          kind: 'admin' as const,
          actor: `admin:${admin.username}`,
          mailboxId: null,
          via: 'session' as const,
        },
        csrfToken,
      };
    },
  );

  r.post(
    '/auth/mailbox-login',
    {
      config: { role: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Mailbox user login (number + PIN)',
        body: mailboxLoginBody,
        response: { 200: sessionResponse },
      },
    },
    async (request, reply) => {
      const found = await opts.mailboxLogin.verify(request.body.mailbox, request.body.pin);
      if (!found) {
        request.log.warn({ mailbox: request.body.mailbox }, 'mailbox login failed');
        opts.onLoginFailure('mailbox');
        throw new UnauthenticatedError('The mailbox number or PIN is wrong.');
      }
      const csrfToken = await startSession(reply, { kind: 'mailbox', mailboxId: found.mailboxId });
      return {
        principal: {
          kind: 'mailbox' as const,
          actor: `mailbox:${found.mailboxId}`,
          mailboxId: found.mailboxId,
          via: 'session' as const,
        },
        csrfToken,
      };
    },
  );

  r.post(
    '/auth/logout',
    { config: { role: 'authenticated' }, schema: { tags: ['auth'], summary: 'End the current session' } },
    async (request, reply) => {
      if (request.principal?.sessionId) await opts.repos.sessions.delete(request.principal.sessionId);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/auth/me',
    {
      config: { role: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Who am I', response: { 200: sessionResponse } },
    },
    async (request) => {
      const p = request.principal!;
      return {
        principal: {
          kind: p.kind,
          actor: p.actor,
          mailboxId: p.kind === 'mailbox' ? p.mailboxId : null,
          via: p.via,
        },
        csrfToken: request.sessionToken ? csrfTokenFor(request.sessionToken) : null,
      };
    },
  );
}
