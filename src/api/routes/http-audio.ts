import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseRange } from '../http-range.ts';

/** Sends a body honouring a single-range Range header (206 / 416), for seeking in audio players. */
export function sendWithRange(
  request: FastifyRequest,
  reply: FastifyReply,
  body: Buffer,
  contentType: string,
  fileName: string,
): FastifyReply {
  void reply
    .header('accept-ranges', 'bytes')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .type(contentType);
  const range = parseRange(request.headers.range, body.length);
  if (range.kind === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${body.length}`).send();
  }
  if (range.kind === 'partial') {
    const { start, end } = range.range;
    return reply
      .status(206)
      .header('content-range', `bytes ${start}-${end}/${body.length}`)
      .send(body.subarray(start, end + 1));
  }
  return reply.status(200).send(body);
}
