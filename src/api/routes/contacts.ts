import type { FastifyInstance } from 'fastify';
import { contactInputSchema } from '../../domain/index.ts';
import type { ContentRepositories } from '../content-repositories.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';
import { registerMailboxItemRoutes } from './mailbox-items.ts';

/** A mailbox's contacts: full CRUD for the mailbox user (and administrators). */
export function contactRoutes(repos: ContentRepositories) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['contacts'];

    r.get(
      '/mailboxes/:mailboxId/contacts',
      { config: { role: 'mailbox' }, schema: { tags, summary: 'List contacts', params: mailboxParams } },
      async (request) => ({ contacts: await repos.contacts.list(request.params.mailboxId) }),
    );
    registerMailboxItemRoutes(app, {
      collection: 'contacts',
      idParam: 'contactId',
      tags,
      input: contactInputSchema,
      items: repos.contacts,
      summaries: {
        create: 'Create a contact',
        get: 'One contact',
        replace: 'Replace a contact',
        delete: 'Delete a contact',
      },
    });
  };
}
