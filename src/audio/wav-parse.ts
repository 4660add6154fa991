/**
 * WAV header walk and validation (Microsoft RIFF/WAVE: "Multimedia Programming Interface and Data Specifications
 * 1.0" and the WAVE_FORMAT_EXTENSIBLE note). Only chunk headers and the fmt chunk are read, so probing a large
 * upload costs microseconds; samples are decoded elsewhere. Every problem becomes an AudioError.
 *
 * wavefile's reader is not used here: it accepts files whose data chunk runs past the end of the buffer and
 * throws plain Errors on odd input; the issue requires a truncated WAV to be refused with a reason.
 */
import { AudioError } from './errors.ts';
import {
  SUPPORTED_SAMPLE_RATES,
  type SourceEncoding,
  type SupportedSampleRate,
  type WavInfo,
} from './types.ts';

export interface WavLimits {
  /** Longest accepted message; longer declared audio is refused before any decoding. Default one hour. */
  maxDurationSeconds?: number;
}

export const DEFAULT_MAX_DURATION_SECONDS = 3600;

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_ALAW = 0x0006;
const WAVE_FORMAT_MULAW = 0x0007;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
// KSDATAFORMAT_SUBTYPE_* GUIDs are the format tag followed by this fixed tail (mmreg.h / ksmedia.h).
const SUBFORMAT_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];

const FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0003: 'IEEE float',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 06.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x0064: 'G.726 ADPCM',
};

const ACCEPTED = 'PCM 16-bit, G.711 mu-law or G.711 A-law, 8 kHz or 16 kHz, mono (stereo is mixed down)';

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at] as number, b[at + 1] as number, b[at + 2] as number, b[at + 3] as number);
}

function describeNonWav(b: Uint8Array): string {
  const head = b.length >= 4 ? fourcc(b, 0) : '';
  if (head.startsWith('ID3') || (b.length >= 2 && b[0] === 0xff && ((b[1] as number) & 0xe0) === 0xe0)) {
    return (
      'The upload looks like MP3 audio, not a WAV file; send the voice message as WAV (' + ACCEPTED + ').'
    );
  }
  if (head === 'OggS') return 'The upload is an Ogg file, not a WAV file; send WAV (' + ACCEPTED + ').';
  if (head === 'fLaC') return 'The upload is a FLAC file, not a WAV file; send WAV (' + ACCEPTED + ').';
  if (head === 'RIFX') return 'Big-endian RIFX files are not supported; send a little-endian RIFF WAV file.';
  if (head === 'RF64')
    return 'RF64 (64-bit WAV) files are not supported; a voice message fits a plain RIFF WAV.';
  if (b.length < 12) return `The upload is ${b.length} bytes long, too short to be a WAV file.`;
  return 'The upload is not a WAV file (it does not start with a RIFF/WAVE header).';
}

function encodingOf(tag: number, bits: number): SourceEncoding {
  if (tag === WAVE_FORMAT_PCM) {
    if (bits !== 16) {
      throw new AudioError(
        'audio.unsupported_bit_depth',
        `PCM with ${bits} bits per sample is not supported; voxsync accepts 16-bit PCM, mu-law or A-law.`,
      );
    }
    return 'pcm16';
  }
  if (tag === WAVE_FORMAT_MULAW || tag === WAVE_FORMAT_ALAW) {
    if (bits !== 8) {
      throw new AudioError(
        'audio.unsupported_bit_depth',
        `G.711 audio must have 8 bits per sample; this file declares ${bits}.`,
      );
    }
    return tag === WAVE_FORMAT_MULAW ? 'mulaw' : 'alaw';
  }
  const name = FORMAT_NAMES[tag];
  const hex = '0x' + tag.toString(16).padStart(4, '0');
  throw new AudioError(
    'audio.unsupported_format',
    `WAV format ${hex}${name ? ` (${name})` : ''} is not supported; voxsync accepts ${ACCEPTED}.`,
  );
}

interface FmtFields {
  /** The tag as written (0xFFFE for extensible); `tag` is the effective one. */
  fileTag: number;
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

function readFmt(b: Uint8Array, view: DataView, at: number, size: number): FmtFields {
  if (size < 16)
    throw new AudioError('audio.malformed_fmt', `The fmt chunk is ${size} bytes; it needs at least 16.`);
  const fileTag = view.getUint16(at, true);
  let tag = fileTag;
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40 || view.getUint16(at + 16, true) < 22) {
      throw new AudioError('audio.malformed_fmt', 'The WAVE_FORMAT_EXTENSIBLE fmt chunk is too short.');
    }
    const validBits = view.getUint16(at + 18, true);
    for (let i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
      if (b[at + 26 + i] !== SUBFORMAT_GUID_TAIL[i]) {
        throw new AudioError(
          'audio.unsupported_format',
          `The WAV sub-format GUID is not a standard one; voxsync accepts ${ACCEPTED}.`,
        );
      }
    }
    tag = view.getUint16(at + 24, true);
    // Fewer valid bits than the container just means low bits are zero; the samples still read as 16-bit.
    if (validBits !== 0 && validBits > bits) {
      throw new AudioError(
        'audio.malformed_fmt',
        `${validBits} valid bits do not fit a ${bits}-bit container.`,
      );
    }
    if (tag === WAVE_FORMAT_EXTENSIBLE) {
      throw new AudioError('audio.malformed_fmt', 'The WAVE_FORMAT_EXTENSIBLE sub-format names itself.');
    }
  }
  return { fileTag, tag, channels, sampleRate, blockAlign, bits };
}

/**
 * Validates a WAV and returns where its samples are and what they are. Refuses anything voxsync cannot convert
 * faithfully. Ignores avgBytesPerSec (writers commonly get it wrong and nothing depends on it).
 */
export function probeWav(bytes: Uint8Array, limits: WavLimits = {}): WavInfo {
  const maxSeconds = limits.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
  if (bytes.length < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') {
    throw new AudioError('audio.not_wav', describeNonWav(bytes));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: FmtFields | undefined;
  let data: { at: number; size: number } | undefined;
  let pos = 12;
  // The RIFF size field is not trusted: writers leave it stale; the chunk walk is bounded by the real length.
  while (pos + 8 <= bytes.length && !(fmt && data)) {
    const id = fourcc(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ' && !fmt) {
      if (body + size > bytes.length) {
        throw new AudioError('audio.truncated', 'The file ends inside its fmt chunk; it is truncated.');
      }
      fmt = readFmt(bytes, view, body, size);
    } else if (id === 'data' && !data) {
      data = { at: body, size };
      if (!fmt) {
        // fmt normally precedes data; keep walking past the samples to find it.
        if (body + size > bytes.length) break;
      }
    }
    // Chunks are padded to an even length (RIFF spec); the pad byte is not counted in the size.
    pos = body + size + (size & 1);
  }
  // A chunk whose declared size runs past the end means the file was cut short (or its sizes are corrupt).
  const overran = pos > bytes.length;
  if (!fmt) {
    if (overran && !data) {
      throw new AudioError(
        'audio.truncated',
        'The WAV file ends inside a chunk before its fmt chunk; it is truncated.',
      );
    }
    throw new AudioError(
      'audio.missing_fmt',
      'The WAV file has no fmt chunk, so its sample format is unknown.',
    );
  }
  const encoding = encodingOf(fmt.tag, fmt.bits);
  if (!(SUPPORTED_SAMPLE_RATES as readonly number[]).includes(fmt.sampleRate)) {
    throw new AudioError(
      'audio.unsupported_sample_rate',
      `A sample rate of ${fmt.sampleRate} Hz is not supported; voxsync accepts 8000 Hz or 16000 Hz.`,
    );
  }
  if (fmt.channels === 0)
    throw new AudioError('audio.malformed_fmt', 'The fmt chunk declares zero channels.');
  if (fmt.channels > 2) {
    throw new AudioError(
      'audio.unsupported_channels',
      `Audio with ${fmt.channels} channels is not supported; send mono (stereo is mixed down).`,
    );
  }
  const blockAlign = (fmt.channels * fmt.bits) / 8;
  if (fmt.blockAlign !== blockAlign) {
    throw new AudioError(
      'audio.malformed_fmt',
      `The fmt chunk declares a block size of ${fmt.blockAlign} bytes; ${fmt.channels} channel(s) of ${fmt.bits} bits need ${blockAlign}.`,
    );
  }
  if (!data) {
    if (overran) {
      throw new AudioError(
        'audio.truncated',
        'The WAV file ends inside a chunk before its data chunk; it is truncated.',
      );
    }
    throw new AudioError('audio.missing_data', 'The WAV file has no data chunk, so it holds no audio.');
  }
  const available = bytes.length - data.at;
  const bytesPerSecond = fmt.sampleRate * blockAlign;
  if (data.size > available) {
    throw new AudioError(
      'audio.truncated',
      `The data chunk declares ${data.size} bytes but only ${available} follow; the file is truncated.`,
    );
  }
  if (data.size / bytesPerSecond > maxSeconds) {
    throw new AudioError(
      'audio.too_large',
      `The data chunk declares ${Math.round(data.size / bytesPerSecond)} s of audio; the limit is ${maxSeconds} s.`,
    );
  }
  const frames = Math.floor(data.size / blockAlign);
  if (frames === 0) throw new AudioError('audio.empty', 'The WAV file contains no audio samples.');
  return {
    encoding,
    formatTag: fmt.fileTag,
    sampleRate: fmt.sampleRate as SupportedSampleRate,
    channels: fmt.channels as 1 | 2,
    bitsPerSample: fmt.bits as 8 | 16,
    blockAlign,
    dataOffset: data.at,
    dataBytes: frames * blockAlign,
    frames,
    durationSeconds: frames / fmt.sampleRate,
  };
}
