import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { mailboxLoginOf, storeReadiness, webhookSecretBox } from './api/access-store.ts';
import type { ApiRepositories } from './api/access-store.ts';
import { buildApp, type AppOptions } from './api/app.ts';
import { domainErrorTranslator } from './api/domain-errors.ts';
import { ApiMetrics } from './api/metrics.ts';
import { calendarRoutes } from './api/routes/calendar.ts';
import { contactRoutes } from './api/routes/contacts.ts';
import { endpointRoutes } from './api/routes/endpoints.ts';
import { endpointTrustRoutes } from './api/routes/endpoint-trust.ts';
import { locationRoutes } from './api/routes/location.ts';
import { featureGroupRoutes } from './api/routes/feature-groups.ts';
import { bundleRoutes } from './api/routes/bundles.ts';
import { mailboxRoutes } from './api/routes/mailboxes.ts';
import { messageRoutes } from './api/routes/messages.ts';
import { AudioConverter } from './audio/index.ts';
import { WebhookDispatcher, type WebhookRetryPolicy } from './events/webhook-dispatcher.ts';
import { retentionCutoff } from './domain/index.ts';
import { ChangeFeed } from './services/change-feed.ts';
import type { Store } from './store/index.ts';
import { WebhookFeedRepository } from './store/repositories/webhook-feed.ts';
import { purgeTrashBefore } from './services/messages.ts';

export interface ComposeOptions {
  readonly app?: Partial<AppOptions>;
  readonly webhookRetry?: WebhookRetryPolicy;
  readonly maxUploadBytes?: number;
  /** Worker threads converting audio (default 1). */
  readonly audioWorkers?: number;
  /** Days a message stays in the trash; the purge runs hourly. */
  readonly messageRetentionDays?: number;
  /** Days a change stays in the change feed (SSE resume, webhooks, the engine); pruned hourly. */
  readonly changeRetentionDays?: number;
}

/** A composed, not yet listening voxsync: the API over an open store, the change feed and webhooks. */
export interface Composed {
  readonly app: FastifyInstance;
  readonly repos: ApiRepositories;
  readonly dispatcher: WebhookDispatcher;
  readonly feed: ChangeFeed;
  /** Stops background work and the HTTP server (the store stays open; its owner closes it). */
  close(): Promise<void>;
}

/** The composition root: wires store, events, webhooks and the HTTP API. */
export async function compose(store: Store, logger: Logger, opts: ComposeOptions = {}): Promise<Composed> {
  const repos: ApiRepositories = store;
  const metrics = new ApiMetrics(opts.app?.processMetrics ?? true);
  const secrets = webhookSecretBox(store);
  const converter = new AudioConverter(opts.audioWorkers ?? 1);
  const feed = new ChangeFeed(store);
  const dispatcher = new WebhookDispatcher({
    feed,
    wakeups: store.changeWakeups,
    webhooks: repos.webhooks,
    cursors: new WebhookFeedRepository(store.db, store.clock),
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
    feed,
    readiness: storeReadiness(store),
    metrics,
    errorTranslators: [domainErrorTranslator],
    options: opts.app,
    resources: [
      { plugin: endpointRoutes(store) },
      { plugin: endpointTrustRoutes(store) },
      { plugin: featureGroupRoutes(store) },
      { plugin: contactRoutes(store) },
      { plugin: calendarRoutes(store) },
      { plugin: locationRoutes(store) },
      {
        plugin: mailboxRoutes(store, {
          endSessions: (id, keep) => repos.sessions.deleteForMailbox(id, keep),
        }),
      },
      {
        plugin: messageRoutes(store, {
          maxUploadBytes: opts.maxUploadBytes ?? 20 * 1024 * 1024,
          convert: (wav, format) => converter.convert(wav, format),
        }),
      },
      { plugin: bundleRoutes(store, { maxArchiveBytes: 512 * 1024 * 1024 }) },
    ],
  });
  await app.ready();
  dispatcher.start();

  const retentionDays = opts.messageRetentionDays ?? 30;
  const changeRetentionDays = opts.changeRetentionDays ?? 7;
  const housekeeping = setInterval(() => {
    void (async () => {
      const now = new Date();
      const purged = await purgeTrashBefore(store, retentionCutoff(now, retentionDays));
      const expired = await repos.sessions.purgeExpired();
      const pruned = await store.changes.prune(retentionCutoff(now, changeRetentionDays));
      if (purged > 0 || expired > 0 || pruned > 0) logger.info({ purged, expired, pruned }, 'housekeeping');
    })().catch((err: unknown) => logger.error({ err }, 'housekeeping failed'));
  }, 3600_000);
  housekeeping.unref();

  return {
    app,
    repos,
    dispatcher,
    feed,
    async close() {
      clearInterval(housekeeping);
      await dispatcher.stop();
      await app.close();
      await converter.close();
    },
  };
}
