import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contactInputSchema } from '../../domain/index.ts';
import type { ContentRepositories } from '../content-repositories.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

const contactParams = mailboxParams.extend({ contactId: z.string().min(1).max(64) });

/** A mailbox's contacts: full CRUD for the mailbox user (and administrators). */
export function contactRoutes(repos: ContentRepositories) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['contacts'];
    const config = { role: 'mailbox' as const };

    r.get(
      '/mailboxes/:mailboxId/contacts',
      { config, schema: { tags, summary: 'List contacts', params: mailboxParams } },
      async (request) => ({ contacts: await repos.contacts.list(request.params.mailboxId) }),
    );
    r.post(
      '/mailboxes/:mailboxId/contacts',
      {
        config,
        schema: {
          tags,
          summary: 'Create a contact',
          params: mailboxParams,
          body: asInput(contactInputSchema),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await repos.contacts.create(request.params.mailboxId, request.body)),
    );
    r.get(
      '/mailboxes/:mailboxId/contacts/:contactId',
      { config, schema: { tags, summary: 'One contact', params: contactParams } },
      async (request) => repos.contacts.get(request.params.mailboxId, request.params.contactId),
    );
    r.put(
      '/mailboxes/:mailboxId/contacts/:contactId',
      {
        config,
        schema: {
          tags,
          summary: 'Replace a contact',
          params: contactParams,
          body: asInput(contactInputSchema),
        },
      },
      async (request) =>
        repos.contacts.replace(request.params.mailboxId, request.params.contactId, request.body),
    );
    r.delete(
      '/mailboxes/:mailboxId/contacts/:contactId',
      { config, schema: { tags, summary: 'Delete a contact', params: contactParams } },
      async (request, reply) => {
        await repos.contacts.delete(request.params.mailboxId, request.params.contactId);
        return reply.status(204).send();
      },
    );
  };
}
