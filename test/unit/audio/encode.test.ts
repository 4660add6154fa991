import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encode } from '../../../src/audio/encode.ts';
import { convertWav } from '../../../src/audio/convert.ts';
import { decodeWav } from '../../../src/audio/decode.ts';
import { resample } from '../../../src/audio/resample.ts';
import { AudioError } from '../../../src/audio/errors.ts';
import { VOICE_FORMATS, type VoiceFormat } from '../../../src/audio/types.ts';
import { pcmWav, snrDb, speechLike } from './fixtures.ts';

const rates = [8000, 16000] as const;

test('wav-pcm keeps the samples and the rate exactly', () => {
  for (const rate of rates) {
    const samples = speechLike(rate, 1);
    const out = encode({ sampleRate: rate, samples }, 'wav-pcm');
    assert.equal(out.contentType, 'audio/wav');
    assert.equal(out.fileExtension, '.wav');
    const back = decodeWav(out.bytes);
    assert.equal(back.sampleRate, rate);
    assert.deepEqual(back.samples, samples);
  }
});

test('wav-ulaw and wav-alaw are 8 kHz G.711 with a fact chunk, SNR ≥ 30 dB against the (8 kHz) source', () => {
  for (const rate of rates) {
    const samples = speechLike(rate, 1);
    const reference = resample({ sampleRate: rate, samples }, 8000).samples;
    for (const format of ['wav-ulaw', 'wav-alaw'] as const) {
      const out = encode({ sampleRate: rate, samples }, format);
      assert.equal(out.sampleRate, 8000);
      assert.equal(out.durationSeconds, 1);
      const text = Buffer.from(out.bytes).toString('latin1');
      assert.ok(text.includes('fact'));
      const back = decodeWav(out.bytes);
      assert.equal(back.info.formatTag, format === 'wav-ulaw' ? 7 : 6);
      const snr = snrDb(reference, back.samples);
      assert.ok(snr >= 30, `${format} from ${rate} Hz: ${snr.toFixed(1)} dB`);
    }
  }
});

test('mp3 output is a stream of MPEG-2 / MPEG-2.5 Layer III mono frames at the chosen bit rate', () => {
  // Frame header layout: ISO/IEC 13818-3 (MPEG-2 LSF) and the MPEG-2.5 extension (version bits 00).
  for (const [rate, version, kbps] of [
    [8000, 0, 32],
    [16000, 2, 32],
  ] as const) {
    const out = encode({ sampleRate: rate, samples: speechLike(rate, 1) }, 'mp3');
    assert.equal(out.contentType, 'audio/mpeg');
    assert.equal(out.fileExtension, '.mp3');
    const b = out.bytes;
    assert.equal(b[0], 0xff);
    assert.equal((b[1] as number) >> 5, 0b111);
    assert.equal(((b[1] as number) >> 3) & 3, version);
    assert.equal(((b[1] as number) >> 1) & 3, 0b01, 'Layer III');
    const lsfBitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    assert.equal(lsfBitrates[(b[2] as number) >> 4], kbps);
    assert.equal((b[3] as number) >> 6, 3, 'single channel');
    // 576 samples per LSF frame at kbps: the size follows the bit rate (± one frame of padding).
    const frames = Math.ceil(rate / 576) + 3;
    assert.ok(Math.abs(b.length - (kbps * 1000) / 8) <= (frames * kbps * 1000 * 576) / rate / 8 / 4 + 200);
  }
});

test('convertWav goes from the WAV as received to every voice format', () => {
  const wav = pcmWav(16000, speechLike(16000, 0.5));
  for (const format of VOICE_FORMATS) {
    const out = convertWav(wav, format);
    assert.equal(out.format, format);
    assert.ok(out.bytes.length > 100);
    assert.ok(Math.abs(out.durationSeconds - 0.5) < 0.01);
  }
});

test('nothing to encode, or an unknown format, is an AudioError', () => {
  assert.throws(() => encode({ sampleRate: 8000, samples: new Int16Array(0) }, 'mp3'), {
    code: 'audio.empty',
  });
  assert.throws(
    () => encode({ sampleRate: 8000, samples: new Int16Array(10) }, 'ogg' as VoiceFormat),
    (e: unknown) => e instanceof AudioError && e.code === 'audio.unsupported_output',
  );
});

test('property: any non-empty 16-bit signal at 8 or 16 kHz encodes into every format', () => {
  const signal = fc.record({
    rate: fc.constantFrom(8000, 16000),
    samples: fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 1500 }),
  });
  fc.assert(
    fc.property(signal, ({ rate, samples }) => {
      const audio = { sampleRate: rate, samples: Int16Array.from(samples) };
      const narrow = Math.ceil((samples.length * 8000) / rate);
      for (const format of VOICE_FORMATS) {
        const out = encode(audio, format);
        if (format === 'mp3') assert.equal(out.bytes[0], 0xff);
        else if (format === 'wav-gsm') {
          const data = Math.ceil(narrow / 320) * 65;
          assert.equal(out.bytes.length, 60 + data + (data & 1));
        } else {
          const expected = format === 'wav-pcm' ? samples.length : narrow;
          assert.equal(decodeWav(out.bytes).samples.length, expected);
        }
      }
    }),
    { numRuns: 40 },
  );
});
