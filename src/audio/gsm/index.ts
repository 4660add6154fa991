/** GSM 06.10 full rate in Microsoft's WAV packing: 8 kHz mono PCM → WAVE_FORMAT_GSM610 data blocks. */
import { GsmEncoder, GSM_FRAME_SAMPLES } from './encoder.ts';
import { packWav49Block, WAV49_BLOCK_BYTES, WAV49_BLOCK_SAMPLES } from './wav49.ts';

export { WAV49_BLOCK_BYTES, WAV49_BLOCK_SAMPLES };

/** Encodes 8 kHz samples; the last block is completed with silence. */
export function encodeGsmWav49Data(samples: Int16Array): Uint8Array {
  const blocks = Math.ceil(samples.length / WAV49_BLOCK_SAMPLES);
  const padded = new Int16Array(blocks * WAV49_BLOCK_SAMPLES);
  padded.set(samples);
  const out = new Uint8Array(blocks * WAV49_BLOCK_BYTES);
  const enc = new GsmEncoder();
  for (let b = 0; b < blocks; b++) {
    const first = enc.encodeFrame(padded, b * WAV49_BLOCK_SAMPLES);
    const second = enc.encodeFrame(padded, b * WAV49_BLOCK_SAMPLES + GSM_FRAME_SAMPLES);
    packWav49Block(out, b * WAV49_BLOCK_BYTES, first, second);
  }
  return out;
}
