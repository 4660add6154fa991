/**
 * Every refusal of audio input is an AudioError with a stable `code` (for API clients and tests) and a sentence
 * a person can act on. Nothing else may escape the parser or decoder on bad bytes.
 */
export type AudioErrorCode =
  | 'AUDIO_NOT_WAV'
  | 'AUDIO_MISSING_FMT'
  | 'AUDIO_MISSING_DATA'
  | 'AUDIO_MALFORMED_FMT'
  | 'AUDIO_UNSUPPORTED_FORMAT'
  | 'AUDIO_UNSUPPORTED_SAMPLE_RATE'
  | 'AUDIO_UNSUPPORTED_BIT_DEPTH'
  | 'AUDIO_UNSUPPORTED_CHANNELS'
  | 'AUDIO_TRUNCATED'
  | 'AUDIO_EMPTY'
  | 'AUDIO_TOO_LARGE'
  | 'AUDIO_UNSUPPORTED_OUTPUT';

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
