/**
 * ITU-T G.711 companding (mu-law and A-law), table driven.
 *
 * Written here rather than taken from wavefile: these run per sample on every conversion, and lookup tables make
 * a 60-second message a few hundred microseconds of work. The decoders are checked against wavefile's and sox's
 * for all 256 codes; the encoder against the nearest-level rule for all 65,536 inputs.
 */

function mulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  if (seg === 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

const MULAW_DECODE = Int16Array.from({ length: 256 }, (_, c) => mulawToLinear(c));
const ALAW_DECODE = Int16Array.from({ length: 256 }, (_, c) => alawToLinear(c));

/**
 * G.711's decision values lie halfway between adjacent reconstruction values, so the encoder is "the code whose
 * decoded value is nearest". Evaluating that on the full 16-bit input (rather than first truncating to 13/14 bits,
 * as many implementations do) removes the truncation's bias toward negative values; it differs from sox and
 * ffmpeg only on inputs within a few LSB of a decision value. Ties go to the smaller magnitude, and at zero
 * (A-law has no zero level) to the positive one.
 */
function nearestCodeTable(decode: Int16Array): Uint8Array {
  const levels = Array.from(decode, (value, code) => ({ value, code }))
    // mu-law has two zeros (0x7F and 0xFF); keep the positive one, as encoders conventionally emit.
    .filter((l, _, all) => !all.some((o) => o.value === l.value && o.code > l.code))
    .sort((a, b) => a.value - b.value);
  const table = new Uint8Array(65536);
  let k = 0;
  for (let v = -32768; v <= 32767; v++) {
    while (k + 1 < levels.length) {
      const here = levels[k] as { value: number; code: number };
      const next = levels[k + 1] as { value: number; code: number };
      const dHere = Math.abs(v - here.value);
      const dNext = Math.abs(v - next.value);
      const tieToNext = Math.abs(next.value) < Math.abs(here.value) || next.value === -here.value;
      if (dNext < dHere || (dNext === dHere && tieToNext)) k++;
      else break;
    }
    table[v + 32768] = (levels[k] as { code: number }).code;
  }
  return table;
}

const MULAW_ENCODE = nearestCodeTable(MULAW_DECODE);
const ALAW_ENCODE = nearestCodeTable(ALAW_DECODE);

export function decodeMulaw(codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = MULAW_DECODE[codes[i] as number] as number;
  return out;
}

export function decodeAlaw(codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = ALAW_DECODE[codes[i] as number] as number;
  return out;
}

export function encodeMulaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = MULAW_ENCODE[(samples[i] as number) + 32768] as number;
  return out;
}

export function encodeAlaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = ALAW_ENCODE[(samples[i] as number) + 32768] as number;
  return out;
}

/** Single-sample forms, for callers that convert one value at a time (tests, table checks). */
export const g711 = {
  mulawFromLinear: (s: number): number => MULAW_ENCODE[(s | 0) + 32768] as number,
  alawFromLinear: (s: number): number => ALAW_ENCODE[(s | 0) + 32768] as number,
  mulawToLinear: (c: number): number => MULAW_DECODE[c & 0xff] as number,
  alawToLinear: (c: number): number => ALAW_DECODE[c & 0xff] as number,
};
