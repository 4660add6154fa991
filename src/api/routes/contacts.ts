import type { FastifyInstance } from 'fastify';
import { contactInputSchema } from '../../domain/index.ts';
import { ContactService } from '../../services/mailbox-content.ts';
import type { Store } from '../../store/index.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';
import { registerMailboxItemRoutes } from './mailbox-items.ts';

/** A mailbox's contacts: full CRUD for the mailbox user (and administrators). */
export function contactRoutes(store: Store) {
  const contacts = new ContactService(store);
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['contacts'];

    r.get(
      '/mailboxes/:mailboxId/contacts',
      { config: { role: 'mailbox' }, schema: { tags, summary: 'List contacts', params: mailboxParams } },
      async (request) => ({ contacts: await contacts.list(request.params.mailboxId) }),
    );
    registerMailboxItemRoutes(app, {
      collection: 'contacts',
      idParam: 'contactId',
      tags,
      input: contactInputSchema,
      items: contacts,
      summaries: {
        create: 'Create a contact',
        get: 'One contact',
        replace: 'Replace a contact',
        delete: 'Delete a contact',
      },
    });
  };
}
