import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { mailboxParams } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

/** A repository of items a mailbox owns (contacts, calendar events), addressed by mailbox and item id. */
export interface MailboxItems<Input> {
  get(mailboxId: string, id: string): Promise<unknown>;
  create(mailboxId: string, input: Input): Promise<unknown>;
  replace(mailboxId: string, id: string, input: Input): Promise<unknown>;
  delete(mailboxId: string, id: string): Promise<void>;
}

export interface MailboxItemRoutes<Input> {
  /** Path segment under /mailboxes/:mailboxId, e.g. `contacts`. */
  readonly collection: string;
  /** Name of the item id path parameter (it appears in the OpenAPI paths). */
  readonly idParam: string;
  readonly tags: string[];
  /** The domain input schema; the repository parses it itself. */
  readonly input: z.ZodType<unknown, Input>;
  readonly items: MailboxItems<Input>;
  readonly summaries: {
    readonly create: string;
    readonly get: string;
    readonly replace: string;
    readonly delete: string;
  };
}

/**
 * Create, read, replace and delete of one kind of mailbox item, for the mailbox user (and
 * administrators). Listing differs per kind (the calendar takes a time range) and stays with each.
 */
export function registerMailboxItemRoutes<Input>(app: FastifyInstance, opts: MailboxItemRoutes<Input>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { tags, items, summaries } = opts;
  const config = { role: 'mailbox' as const };
  const base = `/mailboxes/:mailboxId/${opts.collection}`;
  const one = `${base}/:${opts.idParam}`;
  const itemParams = mailboxParams.extend({ [opts.idParam]: z.string().min(1).max(64) });
  // The params schema requires both ids, so they are always there once validation has passed.
  const ids = (params: Record<string, string>): [string, string] => [
    params.mailboxId ?? '',
    params[opts.idParam] ?? '',
  ];
  const body: z.ZodType<Input, Input> = asInput(opts.input);
  // `request.body as Input` below: the body schema has validated it; fastify's generic typing of a
  // body whose type is a parameter cannot see that.

  r.post(
    base,
    { config, schema: { tags, summary: summaries.create, params: mailboxParams, body } },
    async (request, reply) =>
      reply.status(201).send(await items.create(request.params.mailboxId, request.body as Input)),
  );
  r.get(one, { config, schema: { tags, summary: summaries.get, params: itemParams } }, async (request) =>
    items.get(...ids(request.params)),
  );
  r.put(
    one,
    { config, schema: { tags, summary: summaries.replace, params: itemParams, body } },
    async (request) => items.replace(...ids(request.params), request.body as Input),
  );
  r.delete(
    one,
    { config, schema: { tags, summary: summaries.delete, params: itemParams } },
    async (request, reply) => {
      await items.delete(...ids(request.params));
      return reply.status(204).send();
    },
  );
}
