/** The audio module's public surface: what the API, CLI, store and connectors import. */
export { AudioError, isAudioError, type AudioErrorCode } from './errors.ts';
export { probeWav, DEFAULT_MAX_DURATION_SECONDS, type WavLimits } from './wav-parse.ts';
export { decodeWav, type DecodedWav } from './decode.ts';
export { encode } from './encode.ts';
export { convertWav } from './convert.ts';
export { AudioConverter } from './convert-pool.ts';
export { resample } from './resample.ts';
export {
  VOICE_FORMATS,
  DEFAULT_VOICE_FORMAT,
  SUPPORTED_SAMPLE_RATES,
  type VoiceFormat,
  type EncodedAudio,
  type PcmAudio,
  type WavInfo,
  type SourceEncoding,
} from './types.ts';
