import { AudioError, probeWav, type EncodedAudio, type WavInfo } from '../audio/index.ts';
import { ValidationError, type AudioInfo, type VoiceFormat } from '../domain/index.ts';
import type { Store } from '../store/index.ts';

const STORED_FORMAT: Record<WavInfo['encoding'], VoiceFormat> = {
  pcm16: 'wav-pcm',
  mulaw: 'wav-ulaw',
  alaw: 'wav-alaw',
};

/**
 * Probes a voice message's WAV before it is stored. A refusal is a ValidationError on the `audio`
 * field carrying the audio module's reason, so the API (400) and the CLI report the same sentence.
 */
export function inspectVoiceAudio(bytes: Uint8Array): AudioInfo {
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
      throw ValidationError.single(err.code, 'audio', err.message);
    }
    throw err;
  }
}

/** Converts a stored WAV (off the event loop: the audio module's AudioConverter). */
export type Convert = (wav: Uint8Array, format: VoiceFormat) => Promise<EncodedAudio>;

/** The voice format of the endpoint a mailbox synchronizes with; mp3 (Exchange UM's) when it has none. */
export async function endpointFormatOf(store: Store, mailboxId: string): Promise<VoiceFormat> {
  const mailbox = await store.mailboxes.get(mailboxId);
  const group = await store.featureGroups.find(mailbox.featureGroupId);
  const endpointId = group?.sync.endpointId;
  const endpoint = endpointId ? await store.endpoints.find(endpointId) : null;
  return endpoint?.voiceFormat ?? 'mp3';
}

export interface MessageAudio {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** File name extension with its dot. */
  readonly extension: string;
}

/**
 * The audio of a message in the asked format: as received, or converted and cached per
 * (message, format) so repeated downloads and the sync engine reuse one conversion.
 */
export async function messageAudio(
  store: Store,
  convert: Convert,
  mailboxId: string,
  messageId: string,
  format: VoiceFormat | 'original',
): Promise<MessageAudio> {
  const { message, bytes } = await store.messages.audio(mailboxId, messageId);
  if (format === 'original' || format === message.audio.format) {
    return { bytes, contentType: 'audio/wav', extension: '.wav' };
  }
  const mp3 = format === 'mp3';
  const cached = await store.audioCache.get(message.id, format);
  if (cached) {
    return { bytes: cached, contentType: mp3 ? 'audio/mpeg' : 'audio/wav', extension: mp3 ? '.mp3' : '.wav' };
  }
  const converted = await convert(bytes, format);
  await store.audioCache.put(message.id, format, converted.bytes);
  return {
    bytes: Buffer.from(converted.bytes),
    contentType: converted.contentType,
    extension: converted.fileExtension,
  };
}
