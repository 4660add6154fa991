import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ContentFileError } from '../../domain/vcard-icalendar/index.ts';
import { bundleToTar, tarToImport } from '../../bundles/archive.ts';
import { exportMailbox } from '../../bundles/export.ts';
import { importMailbox } from '../../bundles/import.ts';
import type { Store } from '../../store/index.ts';
import { ApiError, RequestValidationError } from '../errors.ts';
import { mailboxParams } from '../schemas/config-model.ts';
import { documentedBody, type ZodTypeProvider } from '../zod-schema.ts';

export interface BundleRouteOptions {
  /** Largest accepted import archive, bytes. */
  readonly maxArchiveBytes: number;
}

const TAR = 'application/x-tar';

/**
 * Export and import of a mailbox as a tar archive of the `voxsync export` files (contacts.vcf,
 * calendar.ics, messages/index.json + audio). Tar because the audio is already compressed or small
 * and a tar streams from any shell (`tar -xf`); tar-stream writes and reads it.
 */
export function bundleRoutes(store: Store, opts: BundleRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(
      TAR,
      { parseAs: 'buffer', bodyLimit: opts.maxArchiveBytes },
      (_req, body, done) => done(null, body),
    );
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['interchange'];

    r.get(
      '/mailboxes/:mailboxId/export',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary:
            'The mailbox as a tar archive: contacts.vcf (vCard 4.0), calendar.ics (iCalendar), messages/index.json and the audio as received',
          params: mailboxParams,
          produces: [TAR],
        },
      },
      async (request, reply) => {
        const mailbox = await store.mailboxes.get(request.params.mailboxId);
        const archive = await bundleToTar(await exportMailbox(store, mailbox.id));
        return reply
          .header('content-type', TAR)
          .header('content-disposition', `attachment; filename="voxsync-mailbox-${mailbox.number}.tar"`)
          .send(archive);
      },
    );

    r.post(
      '/mailboxes/:mailboxId/import',
      {
        config: { role: 'mailbox' },
        schema: {
          tags,
          summary:
            'Import a tar archive as written by export (contacts.vcf may be vCard 4.0 or 3.0). All or nothing; items are matched by UID / message id, so a second import updates instead of duplicating',
          consumes: [TAR],
          params: mailboxParams,
          body: documentedBody(
            z.string().meta({
              format: 'binary',
              description:
                'A tar archive as export writes it: contacts.vcf, calendar.ics and messages/ (index.json and the audio); any part may be left out.',
            }),
          ),
          response: {
            200: z.object({
              contacts: z.object({ created: z.number(), updated: z.number() }),
              events: z.object({ created: z.number(), updated: z.number() }),
              messages: z.object({ created: z.number(), updated: z.number() }),
              dropped: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => {
        const mailboxId = request.params.mailboxId;
        await store.mailboxes.get(mailboxId);
        if (!Buffer.isBuffer(request.body)) {
          const sent = request.headers['content-type'] ?? 'no content type';
          throw new ApiError(
            415,
            'request.unsupported_media_type',
            `This content type (${sent}) is not accepted here; send the archive as ${TAR}.`,
          );
        }
        try {
          const report = await importMailbox(store, mailboxId, await tarToImport(request.body));
          return report;
        } catch (err) {
          if (err instanceof ContentFileError) {
            throw new RequestValidationError(
              [{ field: err.file, rule: err.code, message: err.message }],
              err.message,
            );
          }
          throw err;
        }
      },
    );
  };
}
