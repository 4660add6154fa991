import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { endpointInputSchema, endpointPatchSchema } from '../../domain/index.ts';
import type { ResourceContext } from '../app.ts';
import { auditDetails } from '../audit.ts';
import { EndpointService } from '../../services/configuration.ts';
import type { Store } from '../../store/index.ts';
import { endpointResponse, idParams } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

/** Mail server endpoints (administrators only). */
export function endpointRoutes(store: Store) {
  const endpoints = new EndpointService(store);
  return async (app: FastifyInstance, ctx: ResourceContext): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['endpoints'];
    const config = { role: 'admin' as const };

    r.get(
      '/endpoints',
      {
        config,
        schema: {
          tags,
          summary: 'List endpoints',
          response: { 200: z.object({ endpoints: z.array(endpointResponse) }) },
        },
      },
      async () => ({ endpoints: await endpoints.list() }),
    );

    r.post(
      '/endpoints',
      {
        config,
        schema: {
          tags,
          summary: 'Create an endpoint (address `ews:host` or `ews:https://host/EWS/Exchange.asmx`)',
          body: asInput(endpointInputSchema),
          response: { 201: endpointResponse },
        },
      },
      async (request, reply) => {
        const created = await endpoints.create(request.body);
        await ctx.auditor.record(
          request,
          'endpoint.create',
          { type: 'endpoint', id: created.id },
          auditDetails(request.body),
        );
        return reply.status(201).send(created);
      },
    );

    r.get(
      '/endpoints/:id',
      {
        config,
        schema: { tags, summary: 'One endpoint', params: idParams, response: { 200: endpointResponse } },
      },
      async (request) => endpoints.get(request.params.id),
    );

    r.patch(
      '/endpoints/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Change an endpoint (absent fields keep their value)',
          params: idParams,
          body: asInput(endpointPatchSchema),
          response: { 200: endpointResponse },
        },
      },
      async (request) => {
        const updated = await endpoints.update(request.params.id, request.body);
        await ctx.auditor.record(
          request,
          'endpoint.update',
          { type: 'endpoint', id: updated.id },
          auditDetails(request.body),
        );
        return updated;
      },
    );

    r.delete(
      '/endpoints/:id',
      { config, schema: { tags, summary: 'Delete an endpoint no feature group uses', params: idParams } },
      async (request, reply) => {
        await endpoints.delete(request.params.id);
        await ctx.auditor.record(request, 'endpoint.delete', { type: 'endpoint', id: request.params.id });
        return reply.status(204).send();
      },
    );
  };
}
