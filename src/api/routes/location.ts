import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { locationChangeSchema } from '../../domain/index.ts';
import { setLocation } from '../../services/mailbox-content.ts';
import type { Store } from '../../store/index.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

/** The UC location of a mailbox: current value with its source, history, and manual changes. */
export function locationRoutes(store: Store) {
  const repos = store;
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['location'];
    const config = { role: 'mailbox' as const };

    r.get(
      '/mailboxes/:mailboxId/location',
      {
        config,
        schema: {
          tags,
          summary: 'Current UC location, its source and recent history',
          params: mailboxParams,
          querystring: z.object({ history: z.coerce.number().int().min(0).max(1000).default(20) }),
        },
      },
      async (request) => {
        const current = await repos.locations.current(request.params.mailboxId);
        const history =
          request.query.history > 0
            ? await repos.locations.history(request.params.mailboxId, request.query.history)
            : [];
        return { ...current, history };
      },
    );
    r.put(
      '/mailboxes/:mailboxId/location',
      {
        config,
        schema: {
          tags,
          summary: 'Set the UC location (source manual unless the sync engine sets it from the calendar)',
          params: mailboxParams,
          body: asInput(locationChangeSchema),
        },
      },
      async (request) => setLocation(store, request.params.mailboxId, request.body),
    );
  };
}
