import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus.ts';
import type { WebhookDeliveriesRepository } from '../store/index.ts';
import type { WebhooksRepository } from '../store/index.ts';
import { Auditor } from './audit.ts';
import type { AccessRepositories, MailboxLogin } from './auth/access-repositories.ts';
import { installAuthentication } from './auth/authenticate.ts';
import { makeErrorHandler, type ErrorTranslator } from './error-handler.ts';
import { NotFoundError } from './errors.ts';
import { ApiMetrics } from './metrics.ts';
import { enforceRouteRoles, withRole, type RouteEntry } from './roles.ts';
import { adminAccessRoutes } from './routes/admin-access.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { authRoutes } from './routes/auth.ts';
import { eventRoutes } from './routes/events.ts';
import { systemRoutes, type Readiness } from './routes/system.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { SecretBox } from './secret-box.ts';
import { jsonSchemaOf, zodSerializerCompiler, zodValidatorCompiler } from './zod-schema.ts';

export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with its declared role. */
    readonly routeTable: readonly RouteEntry[];
  }
}

export interface AppOptions {
  readonly sessionTtlMs: number;
  readonly loginRateLimit: { readonly max: number; readonly timeWindowMs: number };
  readonly metricsScrapeToken?: string | undefined;
  /** Node process metrics (GC, heap...) in /metrics; off in tests that build many apps. */
  readonly processMetrics: boolean;
  readonly sseHeartbeatMs?: number;
  /** Events kept per mailbox for SSE clients that reconnect with `Last-Event-ID`. */
  readonly sseReplayPerMailbox?: number;
  /** Largest JSON body; uploads have their own limit. */
  readonly bodyLimit: number;
  readonly trustProxy: boolean;
}

/** HSTS as helmet sends it by default: a year, subdomains included. */
const HSTS = 'max-age=31536000; includeSubDomains';

export const DEFAULT_APP_OPTIONS: AppOptions = {
  sessionTtlMs: 12 * 3600_000,
  loginRateLimit: { max: 10, timeWindowMs: 60_000 },
  processMetrics: true,
  bodyLimit: 1024 * 1024,
  trustProxy: false,
};

/** Resource routes contributed by the layers below (mailboxes, messages, ...), registered under /api/v1. */
export interface ResourceRoutes {
  readonly plugin: FastifyPluginAsync<ResourceContext>;
}

/** What resource routes get from the app. */
export interface ResourceContext {
  readonly auditor: Auditor;
  readonly bus: EventBus;
  readonly metrics: ApiMetrics;
}

export interface AppDependencies {
  readonly logger: Logger;
  readonly access: AccessRepositories;
  readonly mailboxLogin: MailboxLogin;
  readonly webhooks: WebhooksRepository;
  readonly webhookDeliveries: WebhookDeliveriesRepository;
  readonly secrets: SecretBox;
  readonly bus: EventBus;
  readonly readiness: Readiness;
  readonly metrics?: ApiMetrics;
  readonly resources?: readonly ResourceRoutes[];
  readonly errorTranslators?: readonly ErrorTranslator[];
  readonly options?: Partial<AppOptions>;
}

/** Builds the HTTP API. Every route declares its role; registering one that does not fails `ready()`. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const options: AppOptions = { ...DEFAULT_APP_OPTIONS, ...deps.options };
  const metrics = deps.metrics ?? new ApiMetrics(options.processMetrics);
  const auditor = new Auditor(deps.access.auditLog);

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const routeTable = enforceRouteRoles(app);
  app.decorate('routeTable', routeTable);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  app.setErrorHandler(makeErrorHandler(deps.errorTranslators ?? []));
  app.setNotFoundHandler((request) => {
    throw new NotFoundError(`The route ${request.method} ${request.url.split('?')[0]}`);
  });
  metrics.instrument(app);

  await app.register(cookie);
  await app.register(helmet, {
    // The docs UI loads its own scripts and styles from /api/docs/static.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Sent over HTTPS only (below): over plain HTTP by host name the browser would rewrite the docs
        // UI's scripts to https:// URLs nobody serves, and /api/docs would stay blank.
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol !== 'https') return payload;
    reply.header('strict-transport-security', HSTS);
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && !csp.includes('upgrade-insecure-requests'))
      reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
    return payload;
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'voxsync API',
        version: '1',
        description: 'Voice mailboxes kept in sync with Exchange.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Admin API token (`voxsync admin token`).' },
          session: { type: 'apiKey', in: 'cookie', name: 'voxsync_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: ({ schema, url }) => {
      if (!schema) return { schema, url };
      const s = schema as Record<string, unknown>;
      const out: Record<string, unknown> = { ...s };
      for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
        if (s[part] !== undefined) out[part] = jsonSchemaOf(s[part], 'input');
      }
      if (s.response && typeof s.response === 'object') {
        out.response = Object.fromEntries(
          Object.entries(s.response as Record<string, unknown>).map(([code, r]) => [
            code,
            jsonSchemaOf(r, 'output'),
          ]),
        );
      }
      return { schema: out as typeof schema, url };
    },
  });
  await app.register(async (docs) => {
    withRole(docs, 'public');
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });
  app.get('/api/openapi.json', { config: { role: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  installAuthentication(app, { repos: deps.access, metricsScrapeToken: options.metricsScrapeToken });

  await app.register(systemRoutes, { readiness: deps.readiness, metrics });
  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        repos: deps.access,
        mailboxLogin: deps.mailboxLogin,
        sessionTtlMs: options.sessionTtlMs,
        loginRateLimit: options.loginRateLimit,
        onLoginFailure: (kind) => metrics.loginFailures.inc({ kind }),
      });
      await api.register(adminAccessRoutes, { repos: deps.access, auditor });
      await api.register(adminUserRoutes, { repos: deps.access });
      await api.register(webhookRoutes, {
        webhooks: deps.webhooks,
        deliveries: deps.webhookDeliveries,
        secrets: deps.secrets,
        auditor,
      });
      await api.register(eventRoutes, {
        bus: deps.bus,
        metrics,
        heartbeatMs: options.sseHeartbeatMs,
        replayPerMailbox: options.sseReplayPerMailbox,
      });
      for (const resource of deps.resources ?? []) {
        await api.register(resource.plugin, { auditor, bus: deps.bus, metrics });
      }
    },
    { prefix: API_PREFIX },
  );
  return app;
}
