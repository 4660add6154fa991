/** One call for the server: the WAV as received → an endpoint's voice format. */
import { decodeWav } from './decode.ts';
import { encode } from './encode.ts';
import type { EncodedAudio, VoiceFormat } from './types.ts';
import type { WavLimits } from './wav-parse.ts';

export function convertWav(wav: Uint8Array, format: VoiceFormat, limits?: WavLimits): EncodedAudio {
  return encode(decodeWav(wav, limits), format);
}
