import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../events/bus.ts';
import { ReplayBuffer } from '../../events/replay-buffer.ts';
import { streamEvents } from '../../events/sse.ts';
import type { ApiMetrics } from '../metrics.ts';

export interface EventRouteOptions {
  readonly bus: EventBus;
  readonly metrics: ApiMetrics;
  readonly heartbeatMs?: number;
  /** Events kept per mailbox for clients that reconnect with `Last-Event-ID`. */
  readonly replayPerMailbox?: number;
}

/** The server-sent event stream: administrators see every mailbox, a mailbox user only their own. */
export async function eventRoutes(app: FastifyInstance, opts: EventRouteOptions): Promise<void> {
  const open = new Set<ServerResponse>();
  const recent = new ReplayBuffer(opts.bus, { perMailbox: opts.replayPerMailbox });
  // Streams never end on their own; shutting down ends them so the server can close.
  app.addHook('preClose', async () => {
    recent.close();
    for (const res of open) res.end();
  });
  app.get(
    '/events',
    {
      config: { role: 'authenticated' },
      schema: {
        tags: ['events'],
        summary: 'Server-sent events (mwi.changed, message.created/updated/deleted, sync.state)',
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      const principal = request.principal!;
      const filter =
        principal.kind === 'admin'
          ? () => true
          : (event: { mailboxId: string }) => event.mailboxId === principal.mailboxId;
      const lastEventId = request.headers['last-event-id'];
      const replay =
        typeof lastEventId === 'string' && lastEventId !== ''
          ? {
              result: recent.since(lastEventId, principal.kind === 'admin' ? undefined : principal.mailboxId),
              resetId: recent.currentStreamId,
            }
          : undefined;
      reply.hijack();
      opts.metrics.sseClients.inc();
      open.add(reply.raw);
      streamEvents(reply.raw, opts.bus, {
        filter,
        heartbeatMs: opts.heartbeatMs,
        streamId: (id) => recent.streamId(id),
        replay,
        onClose: () => {
          open.delete(reply.raw);
          opts.metrics.sseClients.dec();
        },
      });
    },
  );
}
