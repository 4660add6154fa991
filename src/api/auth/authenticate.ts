import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { Principal } from '../principal.ts';
import { roleOf } from '../roles.ts';
import type { AccessRepositories } from './access-repositories.ts';
import { constantTimeEqual, csrfTokenFor, hashToken } from '../../secrets/tokens.ts';

export const SESSION_COOKIE = 'voxsync_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  readonly repos: AccessRepositories;
  /** Bearer token Prometheus may use for /metrics only. */
  readonly metricsScrapeToken?: string | undefined;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/**
 * Resolves the caller and enforces the route's declared role before any handler runs:
 * bearer token → admin; session cookie → admin or mailbox user (unsafe methods also need the CSRF
 * header); `mailbox` routes let a mailbox user through only for their own `:mailboxId`.
 */
export function installAuthentication(app: FastifyInstance, opts: AuthOptions): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request) => {
    // The not-found handler has no declared role: it reveals nothing and must answer 404 to anyone.
    const role = roleOf(request.routeOptions) ?? (request.is404 ? 'public' : undefined);
    if (!role) throw new ForbiddenError('This route declares no role.', 'server.route_role_missing');

    const bearer = bearerOf(request);
    const scrapeToken = opts.metricsScrapeToken;
    if (role === 'metrics' && bearer && scrapeToken && constantTimeEqual(bearer, scrapeToken)) return;

    const principal = await resolvePrincipal(request, bearer, opts.repos);
    request.principal = principal;
    if (role === 'public') return;
    if (!principal) throw new UnauthenticatedError();

    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      const expected = csrfTokenFor(request.sessionToken ?? '');
      if (typeof given !== 'string' || !constantTimeEqual(given, expected)) {
        throw new ForbiddenError(
          `Requests made with a session cookie must send the ${CSRF_HEADER} header given at login.`,
          'auth.csrf_token_invalid',
        );
      }
    }

    if (role === 'authenticated' || principal.kind === 'admin') return;
    if (role === 'mailbox') {
      const params = request.params as { mailboxId?: string } | undefined;
      if (params?.mailboxId !== undefined && params.mailboxId === principal.mailboxId) return;
      throw new ForbiddenError('A mailbox user may only reach their own mailbox.');
    }
    throw new ForbiddenError(
      role === 'metrics' ? 'Metrics need an administrator or the scrape token.' : 'Administrators only.',
    );
  });
}

async function resolvePrincipal(
  request: FastifyRequest,
  bearer: string | undefined,
  repos: AccessRepositories,
): Promise<Principal | null> {
  if (request.headers.authorization !== undefined) {
    const token = bearer ? await repos.apiTokens.useByHash(hashToken(bearer)) : undefined;
    // A wrong token on a public route (health, login) is ignored rather than refused.
    if (!token) {
      if (roleOf(request.routeOptions) === 'public' || request.is404) return null;
      throw new UnauthenticatedError('The bearer token is not valid.');
    }
    return { kind: 'admin', via: 'token', actor: `token:${token.name}`, adminUserId: null, sessionId: null };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await repos.sessions.findLive(hashToken(cookie));
  if (!session) return null;
  request.sessionToken = cookie;
  if (session.kind === 'admin') {
    const admin = await repos.adminUsers.get(session.adminUserId);
    if (!admin || admin.disabledAt !== null) return null;
    return {
      kind: 'admin',
      via: 'session',
      actor: `admin:${admin.username}`,
      adminUserId: admin.id,
      sessionId: session.id,
    };
  }
  return {
    kind: 'mailbox',
    via: 'session',
    actor: `mailbox:${session.mailboxId}`,
    mailboxId: session.mailboxId,
    sessionId: session.id,
  };
}
