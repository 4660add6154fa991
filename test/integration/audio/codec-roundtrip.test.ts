/**
 * decode → encode → decode with a standard decoder, for every voice format, with the SNR against the source
 * asserted above a per-codec bound. Sources are the speech-like signal as 8 and 16 kHz PCM and as G.711 WAVs.
 *
 * Bounds (measured on this signal, then lowered by a margin so a different but correct decoder still passes):
 * - wav-pcm: exact.
 * - wav-ulaw / wav-alaw: ≥ 30 dB (measured 36.9 dB, 35.2-35.4 dB from the other law; G.711 gives about 38 dB on
 *   loud speech). From a
 *   source already in the same law at 8 kHz the codes survive unchanged: exact.
 * - mp3 (32 kbit/s): ≥ 13 dB at 8 kHz (measured 15.7 to 17.0 dB, clean or G.711-sourced), ≥ 19 dB at 16 kHz
 *   (measured ≈ 22.1 dB). MP3 is a perceptual codec that shapes its noise under the signal's spectrum, so the
 *   waveform SNR is modest; the decoded stream is aligned first (encoder delay, 1105 samples with lamejs).
 * - wav-gsm: ≥ 11 dB (measured 13.6 to 14.0 dB). GSM 06.10 RPE-LTP is a 13 kbit/s analysis-by-synthesis codec
 *   whose waveform SNR on voiced speech is around 10-15 dB by design; libgsm's own encoder gives exactly the
 *   same figure here because our output is bit-identical to it (gsm-reference.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWav } from '../../../src/audio/decode.ts';
import { encode } from '../../../src/audio/encode.ts';
import { encodeAlaw, encodeMulaw } from '../../../src/audio/g711.ts';
import { resample } from '../../../src/audio/resample.ts';
import { wavG711, wavPcm16 } from '../../../src/audio/wav-write.ts';
import { VOICE_FORMATS, type VoiceFormat } from '../../../src/audio/types.ts';
import { bestLag, snrDb, speechLike } from '../../unit/audio/fixtures.ts';
import { decodeWithTool, needs, type Tool } from './tools.ts';

interface Source {
  name: string;
  wav: Uint8Array;
}

const s8 = speechLike(8000, 2);
const s16 = speechLike(16000, 2);
const sources: Source[] = [
  { name: 'PCM 8 kHz', wav: wavPcm16(8000, s8) },
  { name: 'PCM 16 kHz', wav: wavPcm16(16000, s16) },
  { name: 'mu-law 8 kHz', wav: wavG711('mulaw', 8000, encodeMulaw(s8)) },
  { name: 'A-law 8 kHz', wav: wavG711('alaw', 8000, encodeAlaw(s8)) },
];

function bound(format: VoiceFormat, rate: number, sourceName: string): number {
  switch (format) {
    case 'wav-pcm':
      return Infinity;
    case 'wav-ulaw':
      return sourceName.startsWith('mu-law') ? Infinity : 30;
    case 'wav-alaw':
      return sourceName.startsWith('A-law') ? Infinity : 30;
    case 'mp3':
      return rate === 8000 ? 13 : 19;
    case 'wav-gsm':
      return 11;
  }
}

const MP3_MAX_DELAY = 2400;

for (const tool of ['sox', 'ffmpeg'] as Tool[]) {
  for (const source of sources) {
    for (const format of VOICE_FORMATS) {
      test(`${source.name} → ${format} → ${tool}: SNR above the codec's bound`, needs(tool), (t) => {
        const decoded = decodeWav(source.wav);
        const encoded = encode(decoded, format);
        const ext = encoded.fileExtension;
        const back = decodeWav(decodeWithTool(tool, encoded.bytes, ext));
        assert.equal(back.sampleRate, encoded.sampleRate, 'the decoder sees the rate we wrote');
        // The reference is the decoded source at the rate the codec carries (G.711 outputs are 8 kHz).
        const reference = resample(decoded, encoded.sampleRate).samples;
        const min = bound(format, encoded.sampleRate, source.name);
        if (format === 'mp3') {
          const { lag, snr } = bestLag(reference, back.samples, MP3_MAX_DELAY);
          t.diagnostic(`SNR ${snr.toFixed(1)} dB at lag ${lag} (bound ${min} dB)`);
          assert.ok(snr >= min, `${snr.toFixed(1)} dB at lag ${lag} < ${min} dB`);
          assert.ok(back.samples.length >= reference.length, 'no audio lost at the end');
          assert.ok(back.samples.length <= reference.length + MP3_MAX_DELAY + 1152 * 2, 'no runaway padding');
        } else {
          assert.equal(back.samples.length, reference.length);
          if (min === Infinity) assert.deepEqual(back.samples, reference);
          else {
            const snr = snrDb(reference, back.samples);
            t.diagnostic(`SNR ${snr.toFixed(1)} dB (bound ${min} dB)`);
            assert.ok(snr >= min, `${snr.toFixed(1)} dB < ${min} dB`);
          }
        }
      });
    }
  }
}
