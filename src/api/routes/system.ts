import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiMetrics } from '../metrics.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';

export interface Readiness {
  /** Resolves with what is not ready (empty = ready). Never throws. */
  check(): Promise<readonly string[]>;
}

export interface SystemRouteOptions {
  readonly readiness: Readiness;
  readonly metrics: ApiMetrics;
}

const statusSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  problems: z.array(z.string()).optional(),
});

/** Health (process up), readiness (database reachable, migrations applied) and Prometheus metrics. */
export async function systemRoutes(app: FastifyInstance, opts: SystemRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      config: { role: 'public' },
      schema: { tags: ['system'], summary: 'The process is up', response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      config: { role: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The database is reachable and migrated',
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      const problems = await opts.readiness.check();
      if (problems.length > 0)
        return reply.status(503).send({ status: 'unavailable' as const, problems: [...problems] });
      return { status: 'ok' as const };
    },
  );
  app.get(
    '/metrics',
    {
      config: { role: 'metrics' },
      schema: { tags: ['system'], summary: 'Prometheus metrics (text format)' },
    },
    async (_request, reply) => {
      const body = await opts.metrics.registry.metrics();
      return reply.type(opts.metrics.registry.contentType).send(body);
    },
  );
}
