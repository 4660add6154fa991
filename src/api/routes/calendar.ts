import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { calendarEventInputSchema } from '../../domain/index.ts';
import type { ContentRepositories } from '../content-repositories.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

const eventParams = mailboxParams.extend({ eventId: z.string().min(1).max(64) });

/** A mailbox's calendar events (recurrence as RRULE with exceptions): full CRUD. */
export function calendarRoutes(repos: ContentRepositories) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['calendar'];
    const config = { role: 'mailbox' as const };

    r.get(
      '/mailboxes/:mailboxId/calendar',
      {
        config,
        schema: {
          tags,
          summary: 'List events overlapping [from, to); recurring series are always included',
          params: mailboxParams,
          querystring: z.object({
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
          }),
        },
      },
      async (request) => ({ events: await repos.calendar.list(request.params.mailboxId, request.query) }),
    );
    r.post(
      '/mailboxes/:mailboxId/calendar',
      {
        config,
        schema: {
          tags,
          summary: 'Create an event',
          params: mailboxParams,
          body: asInput(calendarEventInputSchema),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await repos.calendar.create(request.params.mailboxId, request.body)),
    );
    r.get(
      '/mailboxes/:mailboxId/calendar/:eventId',
      { config, schema: { tags, summary: 'One event', params: eventParams } },
      async (request) => repos.calendar.get(request.params.mailboxId, request.params.eventId),
    );
    r.put(
      '/mailboxes/:mailboxId/calendar/:eventId',
      {
        config,
        schema: {
          tags,
          summary: 'Replace an event (a series is written whole)',
          params: eventParams,
          body: asInput(calendarEventInputSchema),
        },
      },
      async (request) =>
        repos.calendar.replace(request.params.mailboxId, request.params.eventId, request.body),
    );
    r.delete(
      '/mailboxes/:mailboxId/calendar/:eventId',
      { config, schema: { tags, summary: 'Delete an event or a whole series', params: eventParams } },
      async (request, reply) => {
        await repos.calendar.delete(request.params.mailboxId, request.params.eventId);
        return reply.status(204).send();
      },
    );
  };
}
