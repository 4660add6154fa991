/** Shared test material for the audio tests: a speech-like signal, WAV builders, and SNR measurement. */
import { buildWav, type WavFormatHeader } from '../../../src/audio/wav-write.ts';

/**
 * A voiced-speech stand-in: a glottal-like harmonic series whose pitch glides between 90 and 150 Hz, shaped by
 * three formants (700, 1200, 2500 Hz), band-limited to 3.4 kHz, under a syllable-rate (3 Hz) amplitude envelope
 * with pauses. Deterministic, so measured bounds are reproducible.
 */
export function speechLike(sampleRate: number, seconds: number, peak = 12000): Int16Array {
  const n = Math.round(sampleRate * seconds);
  const out = new Float64Array(n);
  const vib = 0.7;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const f0 = 120 + 30 * Math.sin(2 * Math.PI * vib * t);
    const phase = 2 * Math.PI * (120 * t - (30 / (2 * Math.PI * vib)) * Math.cos(2 * Math.PI * vib * t));
    let v = 0;
    for (let h = 1; h * f0 < 3400; h++) {
      const fh = h * f0;
      const formants =
        Math.exp(-((fh - 700) ** 2) / (2 * 200 ** 2)) +
        0.6 * Math.exp(-((fh - 1200) ** 2) / (2 * 300 ** 2)) +
        0.3 * Math.exp(-((fh - 2500) ** 2) / (2 * 400 ** 2));
      v += ((formants + 0.02) * Math.sin(h * phase)) / Math.sqrt(h);
    }
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
    out[i] = v * syllable * syllable;
    max = Math.max(max, Math.abs(out[i] as number));
  }
  return Int16Array.from(out, (v) => Math.round((v / max) * peak));
}

/** SNR in dB of `got` against `ref`, with `got` shifted by `lag` samples, over the overlap minus the edges. */
export function snrDb(ref: Int16Array, got: Int16Array, lag = 0, edge = 400): number {
  let signal = 0;
  let noise = 0;
  for (let i = edge; i < ref.length - edge; i++) {
    const j = i + lag;
    if (j < 0 || j >= got.length) continue;
    const r = ref[i] as number;
    const d = r - (got[j] as number);
    signal += r * r;
    noise += d * d;
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

/** The lag in [0, maxLag] that maximises the SNR (codecs with encoder delay, e.g. MP3). */
export function bestLag(ref: Int16Array, got: Int16Array, maxLag: number): { lag: number; snr: number } {
  let best = { lag: 0, snr: -Infinity };
  for (let lag = 0; lag <= maxLag; lag++) {
    const snr = snrDb(ref, got, lag);
    if (snr > best.snr) best = { lag, snr };
  }
  return best;
}

export function pcmBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  samples.forEach((s, i) => view.setInt16(i * 2, s, true));
  return out;
}

export function pcmWav(sampleRate: number, samples: Int16Array, channels = 1): Uint8Array {
  const header: WavFormatHeader = {
    formatTag: 1,
    channels,
    sampleRate,
    avgBytesPerSec: sampleRate * 2 * channels,
    blockAlign: 2 * channels,
    bitsPerSample: 16,
  };
  return buildWav(header, pcmBytes(samples));
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A RIFF chunk with its pad byte when the body is odd. */
export function chunk(id: string, body: Uint8Array, declaredSize = body.length): Uint8Array {
  const head = new Uint8Array(8);
  head.set(ascii(id));
  new DataView(head.buffer).setUint32(4, declaredSize, true);
  return concat(head, body, new Uint8Array(body.length & 1));
}

export function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = concat(ascii('WAVE'), ...chunks);
  return concat(chunk('RIFF', body).subarray(0, 8), body);
}

export function fmtBody(
  tag: number,
  channels: number,
  rate: number,
  bits: number,
  extra?: Uint8Array,
): Uint8Array {
  const size = extra ? 18 + extra.length : 16;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  const align = (channels * bits) / 8;
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * align, true);
  v.setUint16(12, align, true);
  v.setUint16(14, bits, true);
  if (extra) {
    v.setUint16(16, extra.length, true);
    b.set(extra, 18);
  }
  return b;
}

/** WAVE_FORMAT_EXTENSIBLE tail (cbSize 22) for a sub-format tag. */
export function extensibleExtra(subTag: number, validBits: number): Uint8Array {
  const e = new Uint8Array(22);
  const v = new DataView(e.buffer);
  v.setUint16(0, validBits, true);
  v.setUint32(2, 4, true); // SPEAKER_FRONT_CENTER
  v.setUint16(6, subTag, true);
  e.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 8);
  return e;
}
