import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { streamChanges } from '../../events/sse.ts';
import type { ChangeFeed } from '../../services/change-feed.ts';
import type { ApiMetrics } from '../metrics.ts';

export interface EventRouteOptions {
  readonly feed: ChangeFeed;
  readonly metrics: ApiMetrics;
  readonly heartbeatMs?: number | undefined;
}

/**
 * The server-sent event stream of the change feed: administrators see every change, a mailbox user only
 * their own mailbox's. Event ids are feed sequences, so `Last-Event-ID` resumes from the change table,
 * whichever node or process made the change and whichever node the client reconnects to.
 */
export async function eventRoutes(app: FastifyInstance, opts: EventRouteOptions): Promise<void> {
  const open = new Set<ServerResponse>();
  // Streams never end on their own; shutting down ends them so the server can close.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });
  app.get(
    '/events',
    {
      config: { role: 'authenticated' },
      schema: {
        tags: ['events'],
        summary:
          'Server-sent events from the change feed (message.*, mwi.changed, contact.*, event.*, location.changed, configuration changes); resumes after Last-Event-ID',
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      const principal = request.principal!;
      const lastEventId = request.headers['last-event-id'];
      reply.hijack();
      opts.metrics.sseClients.inc();
      open.add(reply.raw);
      streamChanges(reply.raw, opts.feed, {
        mailboxId: principal.kind === 'admin' ? undefined : principal.mailboxId,
        lastEventId: typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : undefined,
        heartbeatMs: opts.heartbeatMs,
        onError: (err) => request.log.error({ err }, 'event stream ended: reading the change feed failed'),
        onClose: () => {
          open.delete(reply.raw);
          opts.metrics.sseClients.dec();
        },
      });
    },
  );
}
