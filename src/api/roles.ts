import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Who may call a route.
 * - `public`: anyone (login, health, the API documents).
 * - `authenticated`: any logged-in principal (who am I, logout, the event stream — filtered per principal).
 * - `admin`: administrators (session or bearer token).
 * - `mailbox`: an administrator, or the mailbox user whose mailbox the `:mailboxId` parameter names.
 * - `metrics`: an administrator, or the configured scrape token.
 */
export const ROUTE_ROLES = ['public', 'authenticated', 'admin', 'mailbox', 'metrics'] as const;
export type RouteRole = (typeof ROUTE_ROLES)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route must declare one; the app refuses to start otherwise. */
    role?: RouteRole;
  }
}

export class MissingRouteRoleError extends Error {
  readonly code = 'server.route_role_missing';
  constructor(method: string, url: string) {
    super(`route ${method} ${url} declares no role (config.role must be one of ${ROUTE_ROLES.join(', ')})`);
    this.name = 'MissingRouteRoleError';
  }
}

export function roleOf(route: Pick<RouteOptions, 'config'>): RouteRole | undefined {
  const role = (route.config as { role?: unknown } | undefined)?.role;
  return typeof role === 'string' && (ROUTE_ROLES as readonly string[]).includes(role)
    ? (role as RouteRole)
    : undefined;
}

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly role: RouteRole;
}

/**
 * Installs the onRoute guard: registering a route without a valid role throws, so the app never
 * starts. Returns the table of registered routes with their roles (tests walk it).
 */
export function enforceRouteRoles(app: FastifyInstance): readonly RouteEntry[] {
  const table: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method.map(String) : [String(route.method)];
    const role = roleOf(route);
    if (!role) throw new MissingRouteRoleError(methods.join(','), route.url);
    for (const method of methods) table.push({ method, url: route.url, role });
  });
  return table;
}

/**
 * Gives the routes a third-party plugin registers (the docs UI) a declared role. The plugin is wrapped
 * so its `route()` calls carry the role before the onRoute guard sees them.
 */
export function withRole(instance: FastifyInstance, role: RouteRole): void {
  const original = instance.route;
  // Child contexts created by the plugin inherit this method; calling through `this` keeps their prefix.
  instance.route = function routeWithRole(this: FastifyInstance, opts: RouteOptions) {
    return original.call(this, { ...opts, config: { ...(opts.config ?? {}), role } });
  } as FastifyInstance['route'];
}
