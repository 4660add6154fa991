import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AudioError, type AudioErrorCode } from '../../../src/audio/errors.ts';
import { probeWav } from '../../../src/audio/wav-parse.ts';
import { decodeWav } from '../../../src/audio/decode.ts';
import { encodeAlaw, encodeMulaw } from '../../../src/audio/g711.ts';
import {
  ascii,
  chunk,
  concat,
  extensibleExtra,
  fmtBody,
  pcmBytes,
  pcmWav,
  riff,
  speechLike,
} from './fixtures.ts';

const speech8k = speechLike(8000, 0.5);

function refusal(bytes: Uint8Array): AudioErrorCode {
  try {
    probeWav(bytes);
  } catch (e) {
    assert.ok(e instanceof AudioError, `expected an AudioError, got ${String(e)}`);
    assert.ok(e.message.length > 20 && /[.]$/.test(e.message), `a sentence: ${e.message}`);
    return e.code;
  }
  assert.fail('expected a refusal');
}

test('a 16-bit PCM 8 kHz mono WAV is probed without decoding and decodes to the same samples', () => {
  const wav = pcmWav(8000, speech8k);
  const info = probeWav(wav);
  assert.deepEqual(
    { ...info },
    {
      encoding: 'pcm16',
      formatTag: 1,
      sampleRate: 8000,
      channels: 1,
      bitsPerSample: 16,
      blockAlign: 2,
      dataOffset: 44,
      dataBytes: speech8k.length * 2,
      frames: speech8k.length,
      durationSeconds: 0.5,
    },
  );
  assert.deepEqual(decodeWav(wav).samples, speech8k);
});

test('mu-law and A-law (tags 7 and 6) decode through the G.711 tables', () => {
  for (const [tag, enc] of [
    [7, encodeMulaw],
    [6, encodeAlaw],
  ] as const) {
    const codes = enc(speech8k);
    const wav = riff(chunk('fmt ', fmtBody(tag, 1, 8000, 8, new Uint8Array(0))), chunk('data', codes));
    const d = decodeWav(wav);
    assert.equal(d.info.encoding, tag === 7 ? 'mulaw' : 'alaw');
    assert.equal(d.samples.length, speech8k.length);
    // G.711 step at these levels is at most 1/16 of the value plus a small floor.
    d.samples.forEach((s, i) => assert.ok(Math.abs(s - (speech8k[i] as number)) <= Math.abs(s) / 16 + 16));
  }
});

test('LIST and odd-sized chunks are skipped with their pad byte; fmt may follow data', () => {
  const list = chunk('LIST', concat(ascii('INFOINAM'), new Uint8Array([5, 0, 0, 0]), ascii('hello')));
  assert.equal(list.length % 2, 0);
  const wav = riff(
    chunk('fmt ', fmtBody(1, 1, 16000, 16)),
    list,
    chunk('junk', new Uint8Array(3)),
    chunk('data', pcmBytes(speech8k)),
  );
  assert.equal(probeWav(wav).frames, speech8k.length);
  assert.equal(probeWav(wav).sampleRate, 16000);
  const late = riff(chunk('data', pcmBytes(speech8k)), chunk('fmt ', fmtBody(1, 1, 8000, 16)));
  assert.deepEqual(decodeWav(late).samples, speech8k);
});

test('an odd-length G.711 data chunk keeps every sample and ignores its pad byte', () => {
  const codes = encodeMulaw(speech8k.subarray(0, 801));
  const wav = riff(
    chunk('fmt ', fmtBody(7, 1, 8000, 8, new Uint8Array(0))),
    chunk('data', codes),
    chunk('LIST', ascii('INFO')),
  );
  assert.equal(probeWav(wav).frames, 801);
});

test('WAVE_FORMAT_EXTENSIBLE with PCM, mu-law and A-law sub-formats is accepted', () => {
  for (const [sub, bits, enc] of [
    [1, 16, 'pcm16'],
    [7, 8, 'mulaw'],
    [6, 8, 'alaw'],
  ] as const) {
    const body = bits === 16 ? pcmBytes(speech8k) : encodeMulaw(speech8k);
    const wav = riff(
      chunk('fmt ', fmtBody(0xfffe, 1, 8000, bits, extensibleExtra(sub, bits))),
      chunk('data', body),
    );
    const info = probeWav(wav);
    assert.equal(info.encoding, enc);
    assert.equal(info.formatTag, 0xfffe);
  }
});

test('stereo is mixed down to mono', () => {
  const inter = new Int16Array(200);
  for (let i = 0; i < 100; i++) {
    inter[2 * i] = 1000 + i;
    inter[2 * i + 1] = -1000 + 3 * i;
  }
  const d = decodeWav(pcmWav(16000, inter, 2));
  assert.equal(d.info.channels, 2);
  assert.equal(d.samples.length, 100);
  assert.equal(d.samples[10], (1010 + -970) >> 1);
});

test('a trailing partial frame is ignored', () => {
  const body = concat(pcmBytes(speech8k.subarray(0, 10)), new Uint8Array([7]));
  const wav = riff(chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', body));
  assert.equal(probeWav(wav).frames, 10);
});

const valid = pcmWav(8000, speech8k);
const float44 = riff(chunk('fmt ', fmtBody(3, 2, 44100, 32)), chunk('data', new Uint8Array(800)));
const mp3Frame = concat(new Uint8Array([0xff, 0xfb, 0x90, 0x64]), new Uint8Array(413));

const refusals: [string, Uint8Array, AudioErrorCode][] = [
  ['empty upload', new Uint8Array(0), 'audio.not_wav'],
  ['plain text', ascii('hello, this is not audio at all'), 'audio.not_wav'],
  ['MP3 with an ID3 tag', concat(ascii('ID3'), new Uint8Array(100)), 'audio.not_wav'],
  ['bare MP3 frames', mp3Frame, 'audio.not_wav'],
  ['RIFF but AVI', concat(valid.subarray(0, 8), ascii('AVI '), valid.subarray(12)), 'audio.not_wav'],
  ['big-endian RIFX', concat(ascii('RIFX'), valid.subarray(4)), 'audio.not_wav'],
  ['header only', valid.subarray(0, 12), 'audio.missing_fmt'],
  [
    'cut inside a LIST chunk before data',
    riff(chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('LIST', ascii('INFO'), 4000)),
    'audio.truncated',
  ],
  ['cut inside fmt', valid.subarray(0, 30), 'audio.truncated'],
  ['cut inside data', valid.subarray(0, valid.length - 100), 'audio.truncated'],
  ['no data chunk', riff(chunk('fmt ', fmtBody(1, 1, 8000, 16))), 'audio.missing_data'],
  ['no fmt chunk', riff(chunk('data', pcmBytes(speech8k))), 'audio.missing_fmt'],
  [
    'fmt of 12 bytes',
    riff(chunk('fmt ', new Uint8Array(12)), chunk('data', new Uint8Array(4))),
    'audio.malformed_fmt',
  ],
  ['44.1 kHz stereo float', float44, 'audio.unsupported_format'],
  [
    'GSM 6.10 input',
    riff(chunk('fmt ', fmtBody(0x31, 1, 8000, 0)), chunk('data', new Uint8Array(65))),
    'audio.unsupported_format',
  ],
  [
    '44.1 kHz PCM',
    riff(chunk('fmt ', fmtBody(1, 1, 44100, 16)), chunk('data', new Uint8Array(8))),
    'audio.unsupported_sample_rate',
  ],
  [
    '8-bit PCM',
    riff(chunk('fmt ', fmtBody(1, 1, 8000, 8)), chunk('data', new Uint8Array(8))),
    'audio.unsupported_bit_depth',
  ],
  [
    '16-bit mu-law',
    riff(chunk('fmt ', fmtBody(7, 1, 8000, 16)), chunk('data', new Uint8Array(8))),
    'audio.unsupported_bit_depth',
  ],
  [
    'six channels',
    riff(chunk('fmt ', fmtBody(1, 6, 8000, 16)), chunk('data', new Uint8Array(12))),
    'audio.unsupported_channels',
  ],
  [
    'zero channels',
    riff(chunk('fmt ', fmtBody(1, 0, 8000, 16)), chunk('data', new Uint8Array(12))),
    'audio.malformed_fmt',
  ],
  [
    'zero-length data',
    riff(chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', new Uint8Array(0))),
    'audio.empty',
  ],
  [
    'one byte of 16-bit data',
    riff(chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', new Uint8Array(1))),
    'audio.empty',
  ],
  [
    'extensible with a foreign GUID',
    riff(chunk('fmt ', fmtBody(0xfffe, 1, 8000, 16, new Uint8Array(22))), chunk('data', new Uint8Array(8))),
    'audio.unsupported_format',
  ],
];

for (const [name, bytes, code] of refusals) {
  test(`refused: ${name} → ${code}`, () => assert.equal(refusal(bytes), code));
}

test('a declared data size above the duration limit is refused before decoding', () => {
  const wav = pcmWav(8000, new Int16Array(8000 * 3));
  assert.equal(probeWav(wav, { maxDurationSeconds: 5 }).durationSeconds, 3);
  assert.throws(() => probeWav(wav, { maxDurationSeconds: 2 }), { code: 'audio.too_large' });
});

test('20 MB of non-audio bytes is refused at once', () => {
  const junk = new Uint8Array(20 * 1024 * 1024);
  for (let i = 0; i < junk.length; i += 4096) junk[i] = (i * 31) & 0xff;
  assert.equal(refusal(junk), 'audio.not_wav');
  // The same bytes behind a valid header: a data chunk claiming 4 GB in a 20 MB file.
  const lying = concat(
    riff(chunk('fmt ', fmtBody(1, 1, 8000, 16))),
    chunk('data', new Uint8Array(0), 0xffffffff).subarray(0, 8),
    junk,
  );
  assert.equal(refusal(lying), 'audio.truncated');
});

function onlyAudioErrors(bytes: Uint8Array): void {
  try {
    const d = decodeWav(bytes);
    assert.equal(d.samples.length, d.info.frames);
  } catch (e) {
    if (!(e instanceof AudioError)) throw e;
  }
}

test('fuzz: random bytes never throw anything but an AudioError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (b) => onlyAudioErrors(b)),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 256 }), (b) =>
      onlyAudioErrors(concat(ascii('RIFF'), new Uint8Array(4), ascii('WAVE'), b)),
    ),
    { numRuns: 2000 },
  );
});

test('fuzz: mutations of a valid WAV (byte flips, cuts, inserts) never throw anything but an AudioError', () => {
  const seeds = [
    pcmWav(8000, speech8k.subarray(0, 200)),
    riff(
      chunk('fmt ', fmtBody(0xfffe, 2, 16000, 16, extensibleExtra(1, 16))),
      chunk('LIST', ascii('INFOx')),
      chunk('data', pcmBytes(speech8k.subarray(0, 64))),
    ),
    riff(
      chunk('fmt ', fmtBody(7, 1, 8000, 8, new Uint8Array(0))),
      chunk('fact', new Uint8Array(4)),
      chunk('data', encodeMulaw(speech8k.subarray(0, 99))),
    ),
  ];
  const mutation = fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    flips: fc.array(fc.tuple(fc.nat({ max: 120 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat({ max: 600 })),
    insert: fc.option(fc.tuple(fc.nat({ max: 120 }), fc.uint8Array({ minLength: 1, maxLength: 16 }))),
  });
  fc.assert(
    fc.property(mutation, ({ seed, flips, cut, insert }) => {
      let b: Uint8Array = Uint8Array.from(seeds[seed] as Uint8Array);
      for (const [at, v] of flips) if (at < b.length) b[at] = v;
      if (insert) b = concat(b.subarray(0, insert[0]), insert[1], b.subarray(insert[0]));
      if (cut !== null) b = b.subarray(0, cut);
      onlyAudioErrors(b);
    }),
    { numRuns: 5000 },
  );
});
