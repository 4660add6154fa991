import type { FastifyReply, FastifyRequest } from 'fastify';
import { AudioError, probeWav } from '../../audio/index.ts';
import type { EncodedAudio, WavInfo } from '../../audio/index.ts';
import type { AudioInfo, VoiceFormat } from '../../domain/index.ts';
import type { ContentRepositories } from '../content-repositories.ts';
import { ValidationError } from '../errors.ts';
import { parseRange } from '../http-range.ts';

const STORED_FORMAT: Record<WavInfo['encoding'], VoiceFormat> = {
  pcm16: 'wav-pcm',
  mulaw: 'wav-ulaw',
  alaw: 'wav-alaw',
};

/** Probes an uploaded WAV; a refusal is a 400 naming the `audio` field and the audio module's reason. */
export function inspectUpload(bytes: Uint8Array): AudioInfo {
  try {
    const info = probeWav(bytes);
    return {
      format: STORED_FORMAT[info.encoding],
      sampleRate: info.sampleRate,
      channels: info.channels,
      durationMs: Math.round(info.durationSeconds * 1000),
    };
  } catch (err) {
    if (err instanceof AudioError) {
      throw new ValidationError([
        { field: 'audio', rule: `audio.${err.code.toLowerCase()}`, message: err.message },
      ]);
    }
    throw err;
  }
}

/** The voice format of the endpoint a mailbox synchronizes with; mp3 (Exchange UM's) when it has none. */
export async function endpointFormatOf(repos: ContentRepositories, mailboxId: string): Promise<VoiceFormat> {
  const mailbox = await repos.mailboxes.get(mailboxId);
  const group = await repos.featureGroups.find(mailbox.featureGroupId);
  const endpointId = group?.sync.endpointId;
  const endpoint = endpointId ? await repos.endpoints.find(endpointId) : null;
  return endpoint?.voiceFormat ?? 'mp3';
}

/**
 * The audio of a message in the asked format: as received, or converted and cached per
 * (message, format) so repeated downloads and the sync engine reuse one conversion.
 */
/** Converts a stored WAV (off the event loop: the audio module's AudioConverter). */
export type Convert = (wav: Uint8Array, format: VoiceFormat) => Promise<EncodedAudio>;

export async function audioIn(
  repos: ContentRepositories,
  convert: Convert,
  mailboxId: string,
  messageId: string,
  format: VoiceFormat | 'original',
): Promise<{ bytes: Buffer; contentType: string; extension: string }> {
  const { message, bytes } = await repos.messages.audio(mailboxId, messageId);
  if (format === 'original' || format === message.audio.format) {
    return { bytes, contentType: 'audio/wav', extension: '.wav' };
  }
  const mp3 = format === 'mp3';
  const cached = await repos.audioCache.get(message.id, format);
  if (cached)
    return { bytes: cached, contentType: mp3 ? 'audio/mpeg' : 'audio/wav', extension: mp3 ? '.mp3' : '.wav' };
  const converted = await convert(bytes, format);
  await repos.audioCache.put(message.id, format, converted.bytes);
  return {
    bytes: Buffer.from(converted.bytes),
    contentType: converted.contentType,
    extension: converted.fileExtension,
  };
}

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
