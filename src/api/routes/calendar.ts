import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { calendarEventInputSchema } from '../../domain/index.ts';
import { CalendarService } from '../../services/mailbox-content.ts';
import type { Store } from '../../store/index.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';
import { registerMailboxItemRoutes } from './mailbox-items.ts';

/** A mailbox's calendar events (recurrence as RRULE with exceptions): full CRUD. */
export function calendarRoutes(store: Store) {
  const repos = store;
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['calendar'];

    r.get(
      '/mailboxes/:mailboxId/calendar',
      {
        config: { role: 'mailbox' },
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
    registerMailboxItemRoutes(app, {
      collection: 'calendar',
      idParam: 'eventId',
      tags,
      input: calendarEventInputSchema,
      items: new CalendarService(store),
      summaries: {
        create: 'Create an event',
        get: 'One event',
        replace: 'Replace an event (a series is written whole)',
        delete: 'Delete an event or a whole series',
      },
    });
  };
}
