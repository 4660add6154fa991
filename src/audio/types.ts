import { voiceFormats, type VoiceFormat } from '../domain/enums.ts';

/** Sample encodings voxsync accepts from a PBX (the list: PCM 16-bit 8/16 kHz, G.711 mu-law, A-law). */
export type SourceEncoding = 'pcm16' | 'mulaw' | 'alaw';

export type SupportedSampleRate = 8000 | 16000;
export const SUPPORTED_SAMPLE_RATES: readonly SupportedSampleRate[] = [8000, 16000];

/** What the header walk learns about a WAV without decoding its samples. */
export interface WavInfo {
  encoding: SourceEncoding;
  /** The format tag as written in the file (0xFFFE for WAVE_FORMAT_EXTENSIBLE). */
  formatTag: number;
  sampleRate: SupportedSampleRate;
  channels: 1 | 2;
  bitsPerSample: 8 | 16;
  blockAlign: number;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Bytes of whole sample frames (a trailing partial frame is ignored). */
  dataBytes: number;
  /** Sample frames per channel. */
  frames: number;
  durationSeconds: number;
}

/** Mono 16-bit linear PCM: the common currency between decoder, resampler and encoders. */
export interface PcmAudio {
  sampleRate: number;
  samples: Int16Array;
}

// The one VoiceFormat is the domain's (an endpoint's "Voice Format" in the seed); every one of them
// is an output the encoders produce.
export type { VoiceFormat };
export const VOICE_FORMATS: readonly VoiceFormat[] = voiceFormats;
export const DEFAULT_VOICE_FORMAT: VoiceFormat = 'mp3';

export interface EncodedAudio {
  format: VoiceFormat;
  bytes: Uint8Array;
  /** MIME type for an Exchange FileAttachment or an HTTP response. */
  contentType: 'audio/mpeg' | 'audio/wav';
  /** File name extension with its dot, e.g. ".mp3". */
  fileExtension: '.mp3' | '.wav';
  sampleRate: number;
  durationSeconds: number;
}
