/** WAV bytes → mono 16-bit PCM at the file's own sample rate. */
import { decodeAlaw, decodeMulaw } from './g711.ts';
import type { PcmAudio, WavInfo } from './types.ts';
import { probeWav, type WavLimits } from './wav-parse.ts';

export interface DecodedWav extends PcmAudio {
  info: WavInfo;
}

function toLinear(info: WavInfo, body: Uint8Array): Int16Array {
  if (info.encoding === 'mulaw') return decodeMulaw(body);
  if (info.encoding === 'alaw') return decodeAlaw(body);
  const out = new Int16Array(body.length >> 1);
  // DataView rather than an Int16Array view: the data chunk may sit at an odd offset and the host may be big-endian.
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Averages the two channels; mixing is the cheap, lossless-enough answer for a voice message. */
function downmix(interleaved: Int16Array): Int16Array {
  const out = new Int16Array(interleaved.length >> 1);
  for (let i = 0; i < out.length; i++) {
    out[i] = ((interleaved[2 * i] as number) + (interleaved[2 * i + 1] as number)) >> 1;
  }
  return out;
}

export function decodeWav(bytes: Uint8Array, limits?: WavLimits): DecodedWav {
  const info = probeWav(bytes, limits);
  const body = bytes.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  const linear = toLinear(info, body);
  return { info, sampleRate: info.sampleRate, samples: info.channels === 2 ? downmix(linear) : linear };
}
