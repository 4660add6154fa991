import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { mailboxLoginOf, storeReadiness, webhookSecretBox } from './api/access-store.ts';
import type { ApiRepositories } from './api/access-store.ts';
import { buildApp, type AppOptions } from './api/app.ts';
import type { ContentRepositories } from './api/content-repositories.ts';
import { domainErrorTranslator } from './api/domain-errors.ts';
import { ApiMetrics } from './api/metrics.ts';
import { calendarRoutes } from './api/routes/calendar.ts';
import { contactRoutes } from './api/routes/contacts.ts';
import { endpointRoutes } from './api/routes/endpoints.ts';
import { endpointTrustRoutes } from './api/routes/endpoint-trust.ts';
import { locationRoutes } from './api/routes/location.ts';
import { featureGroupRoutes } from './api/routes/feature-groups.ts';
import { interchangeRoutes } from './api/routes/interchange.ts';
import { mailboxRoutes } from './api/routes/mailboxes.ts';
import { messageRoutes } from './api/routes/messages.ts';
import { AudioConverter } from './audio/index.ts';
import { EventBus } from './events/bus.ts';
import { WebhookDispatcher, type WebhookRetryPolicy } from './events/webhook-dispatcher.ts';
import { retentionCutoff } from './domain/index.ts';
import type { Store } from './store/index.ts';

export interface ComposeOptions {
  readonly app?: Partial<AppOptions>;
  readonly webhookRetry?: WebhookRetryPolicy;
  readonly maxUploadBytes?: number;
  /** Worker threads converting audio (default 1). */
  readonly audioWorkers?: number;
  /** Days a message stays in the trash; the purge runs hourly. */
  readonly messageRetentionDays?: number;
}

/** A composed, not yet listening voxsync: the API over an open store, the event bus and webhooks. */
export interface Composed {
  readonly app: FastifyInstance;
  readonly bus: EventBus;
  readonly repos: ApiRepositories;
  readonly dispatcher: WebhookDispatcher;
  /** Stops background work and the HTTP server (the store stays open; its owner closes it). */
  close(): Promise<void>;
}

/** The composition root: wires store, events, webhooks and the HTTP API. */
export async function compose(store: Store, logger: Logger, opts: ComposeOptions = {}): Promise<Composed> {
  const bus = new EventBus((err, event) =>
    logger.error({ err, eventType: event.type }, 'event listener failed'),
  );
  const repos: ApiRepositories = store;
  const metrics = new ApiMetrics(opts.app?.processMetrics ?? true);
  const secrets = webhookSecretBox(store);
  const content: ContentRepositories = store;
  const converter = new AudioConverter(opts.audioWorkers ?? 1);
  const dispatcher = new WebhookDispatcher({
    bus,
    webhooks: repos.webhooks,
    deliveries: repos.webhookDeliveries,
    decryptSecret: secrets.decrypt,
    logger: logger.child({ component: 'webhooks' }),
    retry: opts.webhookRetry,
    onAttempt: (outcome) => metrics.webhookAttempts.inc({ outcome }),
  });
  const app = await buildApp({
    logger,
    access: repos,
    mailboxLogin: mailboxLoginOf(store),
    webhooks: repos.webhooks,
    webhookDeliveries: repos.webhookDeliveries,
    secrets,
    bus,
    readiness: storeReadiness(store),
    metrics,
    errorTranslators: [domainErrorTranslator],
    options: opts.app,
    resources: [
      { plugin: endpointRoutes(content) },
      { plugin: endpointTrustRoutes(content) },
      { plugin: featureGroupRoutes(content) },
      { plugin: contactRoutes(content) },
      { plugin: calendarRoutes(content) },
      { plugin: locationRoutes(content) },
      {
        plugin: mailboxRoutes(content, {
          endSessions: (id, keep) => repos.sessions.deleteForMailbox(id, keep),
        }),
      },
      {
        plugin: messageRoutes(content, {
          maxUploadBytes: opts.maxUploadBytes ?? 20 * 1024 * 1024,
          convert: (wav, format) => converter.convert(wav, format),
        }),
      },
      { plugin: interchangeRoutes(store, { maxArchiveBytes: 512 * 1024 * 1024 }) },
    ],
  });
  await app.ready();
  dispatcher.start();

  const retentionDays = opts.messageRetentionDays ?? 30;
  const housekeeping = setInterval(() => {
    void (async () => {
      const purged = await store.messages.purgeTrash(retentionCutoff(new Date(), retentionDays));
      const expired = await repos.sessions.purgeExpired();
      if (purged > 0 || expired > 0) logger.info({ purged, expired }, 'housekeeping');
    })().catch((err: unknown) => logger.error({ err }, 'housekeeping failed'));
  }, 3600_000);
  housekeeping.unref();

  return {
    app,
    bus,
    repos,
    dispatcher,
    async close() {
      clearInterval(housekeeping);
      await dispatcher.stop();
      await app.close();
      await converter.close();
    },
  };
}
