import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_TYPES } from '../../events/types.ts';
import type { WebhooksRepository } from '../../store/index.ts';
import type { WebhookDeliveriesRepository } from '../../store/index.ts';
import { auditDetails, type Auditor } from '../audit.ts';
import { NotFoundError } from '../errors.ts';
import type { SecretBox } from '../secret-box.ts';
import type { ZodTypeProvider } from '../zod-schema.ts';

export interface WebhookRouteOptions {
  readonly webhooks: WebhooksRepository;
  readonly deliveries: WebhookDeliveriesRepository;
  readonly secrets: SecretBox;
  readonly auditor: Auditor;
}

const urlSchema = z
  .url({ protocol: /^https?$/, error: 'The URL must be an absolute http:// or https:// URL.' })
  .max(2000);
const writeSchema = z.object({
  name: z.string().trim().min(1).max(200),
  url: urlSchema,
  /** HMAC key; write-only. */
  secret: z.string().min(16, 'The secret must be at least 16 characters.').max(512),
  eventTypes: z.array(z.enum(EVENT_TYPES as [string, ...string[]])).default([]),
  mailboxId: z.string().min(1).max(64).nullable().default(null),
  enabled: z.boolean().default(true),
});
const patchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    url: urlSchema,
    secret: z.string().min(16, 'The secret must be at least 16 characters.').max(512),
    eventTypes: z.array(z.enum(EVENT_TYPES as [string, ...string[]])),
    mailboxId: z.string().min(1).max(64).nullable(),
    enabled: z.boolean(),
  })
  .partial();
const webhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  mailboxId: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const attemptSchema = z.object({
  attempt: z.number(),
  at: z.string(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export const deliverySchema = z.object({
  id: z.string(),
  eventType: z.string(),
  eventId: z.string(),
  mailboxId: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  attemptLog: z.array(attemptSchema),
});
const idParams = z.object({ id: z.string().min(1).max(64) });

/** Outgoing webhook subscriptions and their delivery log (administrators only). */
export async function webhookRoutes(app: FastifyInstance, opts: WebhookRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];

  r.get(
    '/webhooks',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'List webhooks',
        response: { 200: z.object({ webhooks: z.array(webhookSchema) }) },
      },
    },
    async () => ({ webhooks: await opts.webhooks.list() }),
  );

  r.post(
    '/webhooks',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Create a webhook', body: writeSchema, response: { 201: webhookSchema } },
    },
    async (request, reply) => {
      const { secret, ...rest } = request.body;
      const created = await opts.webhooks.create(rest, opts.secrets.encrypt(secret));
      await opts.auditor.record(
        request,
        'webhook.create',
        { type: 'webhook', id: created.id },
        auditDetails(request.body),
      );
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/webhooks/:id',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'One webhook', params: idParams, response: { 200: webhookSchema } },
    },
    async (request) => {
      const hook = await opts.webhooks.get(request.params.id);
      if (!hook) throw new NotFoundError('The webhook');
      return hook;
    },
  );

  r.patch(
    '/webhooks/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Change a webhook',
        params: idParams,
        body: patchSchema,
        response: { 200: webhookSchema },
      },
    },
    async (request) => {
      const { secret, ...rest } = request.body;
      if (!(await opts.webhooks.get(request.params.id))) throw new NotFoundError('The webhook');
      const updated = await opts.webhooks.update(
        request.params.id,
        rest,
        secret === undefined ? undefined : opts.secrets.encrypt(secret),
      );
      if (!updated) throw new NotFoundError('The webhook');
      await opts.auditor.record(
        request,
        'webhook.update',
        { type: 'webhook', id: updated.id },
        auditDetails(request.body),
      );
      return updated;
    },
  );

  r.delete(
    '/webhooks/:id',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Delete a webhook and its delivery log', params: idParams },
    },
    async (request, reply) => {
      if (!(await opts.webhooks.delete(request.params.id))) throw new NotFoundError('The webhook');
      await opts.auditor.record(request, 'webhook.delete', { type: 'webhook', id: request.params.id });
      return reply.status(204).send();
    },
  );

  r.get(
    '/webhooks/:id/deliveries',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delivery log of a webhook, newest first, with every attempt',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
      },
    },
    async (request) => {
      if (!(await opts.webhooks.get(request.params.id))) throw new NotFoundError('The webhook');
      const rows = await opts.deliveries.listForWebhook(request.params.id, request.query.limit);
      const deliveries = await Promise.all(
        rows.map(async (d) => ({ ...d, attemptLog: await opts.deliveries.attempts(d.id) })),
      );
      return { deliveries };
    },
  );
}
