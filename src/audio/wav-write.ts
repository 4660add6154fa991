/**
 * WAV writers for the formats voxsync produces. Non-PCM formats carry the 18-byte (or longer) WAVEFORMATEX and a
 * `fact` chunk with the sample count, as the RIFF spec requires for compressed data and as Windows' ACM expects.
 */

export interface WavFormatHeader {
  formatTag: number;
  channels: number;
  sampleRate: number;
  avgBytesPerSec: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Bytes after cbSize in WAVEFORMATEX; undefined writes the 16-byte PCM form without cbSize. */
  extra?: Uint8Array;
  /** Sample frames, written as a fact chunk when given. */
  factSamples?: number;
}

export function buildWav(header: WavFormatHeader, data: Uint8Array): Uint8Array {
  const fmtSize = header.extra === undefined ? 16 : 18 + header.extra.length;
  const factSize = header.factSamples === undefined ? 0 : 12;
  const pad = data.length & 1;
  const total = 12 + 8 + fmtSize + (fmtSize & 1) + factSize + 8 + data.length + pad;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, header.formatTag, true);
  view.setUint16(22, header.channels, true);
  view.setUint32(24, header.sampleRate, true);
  view.setUint32(28, header.avgBytesPerSec, true);
  view.setUint16(32, header.blockAlign, true);
  view.setUint16(34, header.bitsPerSample, true);
  let pos = 36;
  if (header.extra !== undefined) {
    view.setUint16(pos, header.extra.length, true);
    out.set(header.extra, pos + 2);
    pos += 2 + header.extra.length + (fmtSize & 1);
  }
  if (header.factSamples !== undefined) {
    ascii(pos, 'fact');
    view.setUint32(pos + 4, 4, true);
    view.setUint32(pos + 8, header.factSamples, true);
    pos += 12;
  }
  ascii(pos, 'data');
  view.setUint32(pos + 4, data.length, true);
  out.set(data, pos + 8);
  return out;
}

export function wavPcm16(sampleRate: number, samples: Int16Array): Uint8Array {
  const data = new Uint8Array(samples.length * 2);
  const view = new DataView(data.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] as number, true);
  return buildWav(
    {
      formatTag: 1,
      channels: 1,
      sampleRate,
      avgBytesPerSec: sampleRate * 2,
      blockAlign: 2,
      bitsPerSample: 16,
    },
    data,
  );
}

export function wavG711(law: 'mulaw' | 'alaw', sampleRate: number, codes: Uint8Array): Uint8Array {
  return buildWav(
    {
      formatTag: law === 'mulaw' ? 7 : 6,
      channels: 1,
      sampleRate,
      avgBytesPerSec: sampleRate,
      blockAlign: 1,
      bitsPerSample: 8,
      extra: new Uint8Array(0),
      factSamples: codes.length,
    },
    codes,
  );
}

/** WAVE_FORMAT_GSM610: 8 kHz, 65-byte blocks of 320 samples (1625 bytes/s), wSamplesPerBlock in the extra bytes. */
export function wavGsm610(data: Uint8Array, sampleCount: number): Uint8Array {
  const extra = new Uint8Array(2);
  new DataView(extra.buffer).setUint16(0, 320, true);
  return buildWav(
    {
      formatTag: 0x0031,
      channels: 1,
      sampleRate: 8000,
      avgBytesPerSec: 1625,
      blockAlign: 65,
      bitsPerSample: 0,
      extra,
      factSamples: sampleCount,
    },
    data,
  );
}
