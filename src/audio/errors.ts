/**
 * Every refusal of audio input is an AudioError with a stable `code` (for API clients and tests) and a sentence
 * a person can act on. Nothing else may escape the parser or decoder on bad bytes.
 */
export type AudioErrorCode =
  | 'audio.not_wav'
  | 'audio.missing_fmt'
  | 'audio.missing_data'
  | 'audio.malformed_fmt'
  | 'audio.unsupported_format'
  | 'audio.unsupported_sample_rate'
  | 'audio.unsupported_bit_depth'
  | 'audio.unsupported_channels'
  | 'audio.truncated'
  | 'audio.empty'
  | 'audio.too_large'
  | 'audio.unsupported_output';

export class AudioError extends Error {
  override readonly name = 'AudioError';
  readonly code: AudioErrorCode;

  constructor(code: AudioErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isAudioError(e: unknown): e is AudioError {
  return e instanceof AudioError;
}
