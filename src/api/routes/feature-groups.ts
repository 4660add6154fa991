import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { featureGroupInputSchema, featureGroupPatchSchema } from '../../domain/index.ts';
import type { ResourceContext } from '../app.ts';
import { auditDetails } from '../audit.ts';
import { FeatureGroupService } from '../../services/configuration.ts';
import type { Store } from '../../store/index.ts';
import { featureGroupResponse, idParams } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

/** Auditable field names of a feature group change, flattening `sync.*` and `mailboxOptions.*`. */
function groupAuditDetails(body: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) flat[`${k}.${k2}`] = v2;
    } else flat[k] = v;
  }
  return auditDetails(flat);
}

/** Feature groups (administrators only); the service password is write-only. */
export function featureGroupRoutes(store: Store) {
  const groups = new FeatureGroupService(store);
  return async (app: FastifyInstance, ctx: ResourceContext): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['feature-groups'];
    const config = { role: 'admin' as const };

    r.get(
      '/feature-groups',
      {
        config,
        schema: {
          tags,
          summary: 'List feature groups',
          response: { 200: z.object({ featureGroups: z.array(featureGroupResponse) }) },
        },
      },
      async () => ({ featureGroups: await groups.list() }),
    );

    r.post(
      '/feature-groups',
      {
        config,
        schema: {
          tags,
          summary: 'Create a feature group (service account password + confirmation are write-only)',
          body: asInput(featureGroupInputSchema),
          response: { 201: featureGroupResponse },
        },
      },
      async (request, reply) => {
        const created = await groups.create(request.body);
        await ctx.auditor.record(
          request,
          'feature_group.create',
          { type: 'feature_group', id: created.id },
          groupAuditDetails(request.body),
        );
        return reply.status(201).send(created);
      },
    );

    r.get(
      '/feature-groups/:id',
      {
        config,
        schema: {
          tags,
          summary: 'One feature group',
          params: idParams,
          response: { 200: featureGroupResponse },
        },
      },
      async (request) => groups.get(request.params.id),
    );

    r.patch(
      '/feature-groups/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Change a feature group (absent fields keep their value; password null removes it)',
          params: idParams,
          body: asInput(featureGroupPatchSchema),
          response: { 200: featureGroupResponse },
        },
      },
      async (request) => {
        const updated = await groups.update(request.params.id, request.body);
        await ctx.auditor.record(
          request,
          'feature_group.update',
          { type: 'feature_group', id: updated.id },
          groupAuditDetails(request.body),
        );
        return updated;
      },
    );

    r.delete(
      '/feature-groups/:id',
      { config, schema: { tags, summary: 'Delete a feature group no mailbox uses', params: idParams } },
      async (request, reply) => {
        await groups.delete(request.params.id);
        await ctx.auditor.record(request, 'feature_group.delete', {
          type: 'feature_group',
          id: request.params.id,
        });
        return reply.status(204).send();
      },
    );
  };
}
