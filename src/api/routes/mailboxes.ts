import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ErrorCodes,
  licenses,
  mailboxInputSchema,
  mailboxPatchSchema,
  pinSchema,
  storageModes,
} from '../../domain/index.ts';
import { RequestValidationError } from '../errors.ts';
import type { ResourceContext } from '../app.ts';
import { auditDetails } from '../audit.ts';
import { MailboxService } from '../../services/configuration.ts';
import type { Store } from '../../store/index.ts';
import { mailboxParams, mailboxResponse } from '../schemas/config-model.ts';
import { asInput, type ZodTypeProvider } from '../zod-schema.ts';

export interface MailboxRouteHooks {
  /** Ends the mailbox's login sessions (PIN changed, mailbox deleted), except `keepSessionId`. */
  readonly endSessions: (mailboxId: string, keepSessionId?: string) => Promise<void>;
  /** PIN change attempts allowed per mailbox and window (guessing the current PIN is the threat). */
  readonly pinChangeRateLimit?: { readonly max: number; readonly timeWindowMs: number };
}

const DEFAULT_PIN_CHANGE_RATE_LIMIT = { max: 5, timeWindowMs: 15 * 60_000 };

/**
 * Mailboxes: administrators manage them; a mailbox user may read their own. The Exchange password
 * and the PIN are write-only.
 */
export function mailboxRoutes(store: Store, hooks: MailboxRouteHooks) {
  const repos = store;
  const mailboxes = new MailboxService(store);
  return async (app: FastifyInstance, ctx: ResourceContext): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['mailboxes'];
    // Every mailbox change is audited with the fields written (never credential values) and the number.
    const auditChange = (
      request: FastifyRequest,
      action: string,
      mailbox: { readonly id: string; readonly number: string },
      written?: Readonly<Record<string, unknown>>,
    ) =>
      ctx.auditor.record(
        request,
        action,
        { type: 'mailbox', id: mailbox.id },
        { ...(written ? auditDetails(written) : {}), number: mailbox.number },
      );

    r.get(
      '/mailboxes',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          summary: 'List mailboxes',
          querystring: z.object({
            featureGroupId: z.string().max(64).optional(),
            storageMode: z.enum(storageModes).optional(),
            search: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ mailboxes: z.array(mailboxResponse), total: z.number() }) },
        },
      },
      async (request) => ({
        mailboxes: await repos.mailboxes.list(request.query),
        total: await repos.mailboxes.count(),
      }),
    );

    r.post(
      '/mailboxes',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          summary: `Create a mailbox (licenses: ${licenses.join(', ')}; exchangePassword and pin are write-only)`,
          body: asInput(mailboxInputSchema),
          response: { 201: mailboxResponse },
        },
      },
      async (request, reply) => {
        const created = await mailboxes.create(request.body);
        await auditChange(request, 'mailbox.create', created, request.body);
        return reply.status(201).send(created);
      },
    );

    r.get(
      '/mailboxes/:mailboxId',
      {
        config: { role: 'mailbox' },
        schema: { tags, summary: 'One mailbox', params: mailboxParams, response: { 200: mailboxResponse } },
      },
      async (request) => repos.mailboxes.get(request.params.mailboxId),
    );

    r.patch(
      '/mailboxes/:mailboxId',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          summary: 'Change a mailbox (absent fields keep their value; null removes a credential)',
          params: mailboxParams,
          body: asInput(mailboxPatchSchema),
          response: { 200: mailboxResponse },
        },
      },
      async (request) => {
        const updated = await mailboxes.update(request.params.mailboxId, request.body);
        if (request.body.pin !== undefined) await hooks.endSessions(updated.id);
        await auditChange(request, 'mailbox.update', updated, request.body);
        return updated;
      },
    );

    r.put(
      '/mailboxes/:mailboxId/exchange-credentials',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary:
            "Set the mailbox's own Exchange user name and password (the user may do this in Web Access)",
          params: mailboxParams,
          body: z.object({
            exchangeUserName: z.string().trim().min(1).max(254),
            exchangePassword: z.string().min(1).max(1024),
            exchangePasswordConfirmation: z.string().max(1024),
          }),
          response: { 200: mailboxResponse },
        },
      },
      async (request) => {
        const updated = await mailboxes.update(request.params.mailboxId, {
          ...request.body,
          useFeatureGroupSettings: false,
        });
        await auditChange(request, 'mailbox.exchange_credentials.set', updated, request.body);
        return updated;
      },
    );

    const pinLimit = hooks.pinChangeRateLimit ?? DEFAULT_PIN_CHANGE_RATE_LIMIT;
    r.put(
      '/mailboxes/:mailboxId/pin',
      {
        config: {
          role: 'mailbox',
          rateLimit: {
            max: pinLimit.max,
            timeWindow: pinLimit.timeWindowMs,
            keyGenerator: (request) => `pin:${(request.params as { mailboxId?: string }).mailboxId ?? ''}`,
          },
        },
        schema: {
          tags,
          summary: 'Change the PIN (the mailbox user, with the current PIN); other sessions end',
          params: mailboxParams,
          body: z.object({ currentPin: z.string().min(1).max(128), newPin: pinSchema }),
        },
      },
      async (request, reply) => {
        const { mailboxId } = request.params;
        if (!(await repos.mailboxes.verifyPin(mailboxId, request.body.currentPin))) {
          await repos.mailboxes.get(mailboxId); // an unknown mailbox is 404, not a wrong PIN
          throw new RequestValidationError([
            { field: 'currentPin', rule: ErrorCodes.currentPinWrong, message: 'The current PIN is wrong.' },
          ]);
        }
        const updated = await mailboxes.update(mailboxId, { pin: request.body.newPin });
        await hooks.endSessions(updated.id, request.principal?.sessionId ?? undefined);
        await auditChange(request, 'mailbox.pin.change', updated, { pin: request.body.newPin });
        return reply.status(204).send();
      },
    );

    r.delete(
      '/mailboxes/:mailboxId',
      {
        config: { role: 'admin' },
        schema: { tags, summary: 'Delete a mailbox with all its content', params: mailboxParams },
      },
      async (request, reply) => {
        const mailbox = await repos.mailboxes.get(request.params.mailboxId);
        await mailboxes.delete(mailbox.id);
        await hooks.endSessions(mailbox.id);
        await auditChange(request, 'mailbox.delete', mailbox);
        return reply.status(204).send();
      },
    );
  };
}
