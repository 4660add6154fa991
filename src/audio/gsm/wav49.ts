/**
 * Microsoft's GSM 6.10 packing in WAV (WAVE_FORMAT_GSM610, 0x0031, also called "WAV49"): two 260-bit frames in
 * one 65-byte block, each parameter written least-significant bit first into one continuous little-endian bit
 * stream (so frame 2 starts in the high nibble of byte 32). Parameter order and widths per GSM 06.10 Table 1.1:
 * LARc[1..8] (6,6,5,5,4,4,3,3 bits), then per sub-frame Nc (7), bc (2), Mc (2), xmaxc (6), xMc[0..12] (3 each).
 */
import type { GsmFrame } from './encoder.ts';

export const WAV49_BLOCK_BYTES = 65;
export const WAV49_BLOCK_SAMPLES = 320;
const LAR_BITS = [6, 6, 5, 5, 4, 4, 3, 3];

class LsbFirstWriter {
  private bitPos = 0;
  constructor(
    private readonly out: Uint8Array,
    private readonly base: number,
  ) {}

  put(value: number, bits: number): void {
    for (let b = 0; b < bits; b++) {
      if ((value >> b) & 1) {
        const at = this.base + (this.bitPos >> 3);
        this.out[at] = (this.out[at] as number) | (1 << (this.bitPos & 7));
      }
      this.bitPos++;
    }
  }
}

function putFrame(w: LsbFirstWriter, f: GsmFrame): void {
  for (let i = 0; i < 8; i++) w.put(f.larc[i] as number, LAR_BITS[i] as number);
  for (const s of f.sub) {
    w.put(s.nc, 7);
    w.put(s.bc, 2);
    w.put(s.mc, 2);
    w.put(s.xmaxc, 6);
    for (let i = 0; i < 13; i++) w.put(s.xmc[i] as number, 3);
  }
}

/** Writes a pair of frames as one 65-byte block at out[at..at+65) (which must be zeroed). */
export function packWav49Block(out: Uint8Array, at: number, first: GsmFrame, second: GsmFrame): void {
  const w = new LsbFirstWriter(out, at);
  putFrame(w, first);
  putFrame(w, second);
}
