import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { voiceFormats } from '../../domain/index.ts';
import { endpointFormatOf, inspectVoiceAudio, messageAudio, type Convert } from '../../services/audio.ts';
import {
  depositMessage,
  purgeMessage,
  restoreMessage,
  trashMessage,
  updateMessage,
} from '../../services/messages.ts';
import type { Store } from '../../store/index.ts';
import { RequestValidationError } from '../errors.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import { documentedBody, type ZodTypeProvider } from '../zod-schema.ts';
import { sendWithRange } from './http-audio.ts';

export interface MessageRouteOptions {
  /** Largest accepted upload, bytes. */
  readonly maxUploadBytes: number;
  readonly convert: Convert;
}

export const messageResponse = z.object({
  id: z.string(),
  mailboxId: z.string(),
  callerNumber: z.string(),
  callerName: z.string().nullable(),
  urgent: z.boolean(),
  private: z.boolean(),
  receivedAt: z.string(),
  durationMs: z.number(),
  audio: z.object({
    format: z.enum(voiceFormats),
    sampleRate: z.number(),
    channels: z.number(),
    size: z.number(),
  }),
  read: z.boolean(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const mwiResponse = z.object({
  mailboxId: z.string(),
  on: z.boolean(),
  newCount: z.number().int().min(0),
  oldCount: z.number().int().min(0),
  urgentCount: z.number().int().min(0),
  updatedAt: z.string(),
});
const messageParams = mailboxParams.extend({ messageId: z.string().min(1).max(64) });
const flag = z
  .enum(['true', 'false', '1', '0', 'on', 'off', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'on');
const depositFields = z.object({
  callerNumber: z.string().max(64).default(''),
  callerName: z.string().max(200).optional(),
  urgent: flag.default(false),
  private: flag.default(false),
  receivedAt: z.string().max(64).optional(),
});

/** The multipart form of a deposit, as the OpenAPI document shows it (the route reads the parts itself). */
const depositForm = z.object({
  audio: z.string().meta({
    format: 'binary',
    description: 'The voice message: a WAV file, PCM 16-bit at 8 or 16 kHz, G.711 mu-law or A-law.',
  }),
  callerNumber: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'Number of the caller who left the message; empty or absent when withheld.' }),
  callerName: z.string().max(200).optional().meta({ description: "The caller's name, when known." }),
  urgent: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Marked urgent by the caller (`true`/`false`, default false).' }),
  private: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Marked private by the caller (`true`/`false`, default false).' }),
  receivedAt: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'When the message was received (ISO 8601); default: now.' }),
});

async function readDeposit(
  request: FastifyRequest,
): Promise<{ fields: Record<string, string>; audio: Buffer }> {
  const fields: Record<string, string> = {};
  let audio: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'audio' || audio !== undefined) {
        await part.toBuffer();
        throw new RequestValidationError([
          {
            field: part.fieldname,
            rule: 'request.unexpected_file',
            message: 'Send exactly one file, in the field "audio".',
          },
        ]);
      }
      audio = await part.toBuffer();
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!audio) {
    throw new RequestValidationError([
      { field: 'audio', rule: 'request.required', message: 'The WAV file (field "audio") is missing.' },
    ]);
  }
  return { fields, audio };
}

/** Voice messages of one mailbox: deposit, list, listen/download, flags, trash; and the MWI. */
export function messageRoutes(store: Store, opts: MessageRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(multipart, {
      limits: { fileSize: opts.maxUploadBytes, files: 2, fields: 10, fieldSize: 4096, parts: 12 },
      throwFileSizeLimit: true,
    });
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['messages'];

    r.post(
      '/mailboxes/:mailboxId/messages',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          summary:
            'Deposit a voice message (multipart: audio = WAV PCM 8/16 kHz, mu-law or A-law; callerNumber, callerName, urgent, private, receivedAt)',
          consumes: ['multipart/form-data'],
          params: mailboxParams,
          body: documentedBody(depositForm),
          response: { 201: messageResponse },
        },
      },
      async (request, reply) => {
        const { fields, audio } = await readDeposit(request);
        const meta = depositFields.parse(fields);
        const info = inspectVoiceAudio(audio);
        const result = await depositMessage(
          store,
          request.params.mailboxId,
          { ...meta, callerName: meta.callerName ?? null },
          { bytes: audio, info },
        );
        request.log.info(
          { mailboxId: result.message.mailboxId, messageId: result.message.id, durationMs: info.durationMs },
          'voice message deposited',
        );
        return reply.status(201).send(result.message);
      },
    );

    r.get(
      '/mailboxes/:mailboxId/messages',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary: 'List voice messages, newest first',
          params: mailboxParams,
          querystring: z.object({
            folder: z.enum(['inbox', 'trash', 'all']).default('inbox'),
            unreadOnly: z
              .enum(['true', 'false'])
              .transform((v) => v === 'true')
              .default(false),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ messages: z.array(messageResponse) }) },
        },
      },
      async (request) => {
        await store.mailboxes.get(request.params.mailboxId);
        return { messages: await store.messages.list(request.params.mailboxId, request.query) };
      },
    );

    r.get(
      '/mailboxes/:mailboxId/messages/:messageId',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary: 'One voice message',
          params: messageParams,
          response: { 200: messageResponse },
        },
      },
      async (request) => store.messages.get(request.params.mailboxId, request.params.messageId),
    );

    r.get(
      '/mailboxes/:mailboxId/messages/:messageId/audio',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary:
            'Listen or download (HTTP Range supported). format: original (as received), endpoint (the voice format of the mailbox endpoint), or a voice format',
          params: messageParams,
          querystring: z.object({
            format: z.enum(['original', 'endpoint', ...voiceFormats]).default('original'),
          }),
          produces: ['audio/wav', 'audio/mpeg'],
        },
      },
      async (request, reply) => {
        const { mailboxId, messageId } = request.params;
        const asked = request.query.format;
        const format = asked === 'endpoint' ? await endpointFormatOf(store, mailboxId) : asked;
        const audio = await messageAudio(store, opts.convert, mailboxId, messageId, format);
        return sendWithRange(
          request,
          reply,
          audio.bytes,
          audio.contentType,
          `voice-message-${messageId}${audio.extension}`,
        );
      },
    );

    r.patch(
      '/mailboxes/:mailboxId/messages/:messageId',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary: 'Mark read/unread, set urgent/private',
          params: messageParams,
          body: z
            .object({
              read: z.boolean().optional(),
              urgent: z.boolean().optional(),
              private: z.boolean().optional(),
            })
            .strict(),
          response: { 200: messageResponse },
        },
      },
      async (request) =>
        updateMessage(store, request.params.mailboxId, request.params.messageId, request.body),
    );

    r.delete(
      '/mailboxes/:mailboxId/messages/:messageId',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary:
            'Move a message to the trash (purged after the retention period), or delete it for good with permanent=true',
          params: messageParams,
          querystring: z.object({
            permanent: z
              .enum(['true', 'false'])
              .transform((v) => v === 'true')
              .default(false),
          }),
        },
      },
      async (request, reply) => {
        const { mailboxId, messageId } = request.params;
        if (request.query.permanent) await purgeMessage(store, mailboxId, messageId);
        else await trashMessage(store, mailboxId, messageId);
        return reply.status(204).send();
      },
    );

    r.post(
      '/mailboxes/:mailboxId/messages/:messageId/restore',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary: 'Take a message back out of the trash',
          params: messageParams,
          response: { 200: messageResponse },
        },
      },
      async (request) => restoreMessage(store, request.params.mailboxId, request.params.messageId),
    );

    r.get(
      '/mailboxes/:mailboxId/mwi',
      {
        config: { role: 'mailbox' },
        schema: {
          tags: ['mwi'],
          summary: 'Message-waiting indication: lamp and counts',
          params: mailboxParams,
          response: { 200: mwiResponse },
        },
      },
      async (request) => {
        await store.mailboxes.get(request.params.mailboxId);
        return store.mwi.get(request.params.mailboxId);
      },
    );
  };
}
