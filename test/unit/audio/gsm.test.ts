import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { encodeGsmWav49Data, WAV49_BLOCK_BYTES } from '../../../src/audio/gsm/index.ts';
import { packWav49Block } from '../../../src/audio/gsm/wav49.ts';
import type { GsmFrame } from '../../../src/audio/gsm/encoder.ts';
import { div, norm, multR, mult } from '../../../src/audio/gsm/arith.ts';
import { encode } from '../../../src/audio/encode.ts';
import { speechLike } from './fixtures.ts';

// SHA-256 of libgsm 1.0.22's WAV49 output (Debian ffmpeg `-c:a libgsm_ms`) for these exact inputs, so the
// encoder's bit-exactness is checked even where ffmpeg is absent (test/integration/audio/gsm-reference.test.ts
// compares against libgsm live, on more inputs).
const LIBGSM_SHA256 = {
  speech: '678b3a43b845b2b1777806c9673cf0a019fbfff9bfdcf992d58f0307d06da755',
  loud: '2f8a156807c3f1450971b987a6f203d14010ff5dcddc72e49c41e2042d682475',
};

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

test('GSM 06.10 output equals libgsm on speech at normal and full-scale level', () => {
  assert.equal(sha256(encodeGsmWav49Data(speechLike(8000, 1))), LIBGSM_SHA256.speech);
  assert.equal(sha256(encodeGsmWav49Data(speechLike(8000, 0.5, 32767))), LIBGSM_SHA256.loud);
});

test('blocks are 65 bytes per 320 samples; the tail is padded to a whole block', () => {
  assert.equal(encodeGsmWav49Data(new Int16Array(320)).length, WAV49_BLOCK_BYTES);
  assert.equal(encodeGsmWav49Data(new Int16Array(321)).length, 2 * WAV49_BLOCK_BYTES);
  assert.equal(encodeGsmWav49Data(new Int16Array(8000)).length, 25 * WAV49_BLOCK_BYTES);
});

test('WAV49 packing is one LSB-first bit stream: frame 2 starts at bit 260 (high nibble of byte 32)', () => {
  const frame = (fill: number): GsmFrame => ({
    larc: Int16Array.from([fill & 63, 0, 0, 0, 0, 0, 0, 0]),
    sub: [0, 1, 2, 3].map(() => ({ nc: 0, bc: 0, mc: 0, xmaxc: 0, xmc: new Int16Array(13) })),
  });
  const out = new Uint8Array(65);
  packWav49Block(out, 0, frame(0b100101), frame(0b110011));
  assert.equal(out[0], 0b100101); // 6 bits of LARc[1], least significant first
  assert.equal(out[32], 0b0011 << 4); // low 4 bits of frame 2's LARc[1]
  assert.equal(out[33], 0b11);
  assert.equal(
    out.reduce((n, b) => n + b, 0),
    0b100101 + (0b0011 << 4) + 0b11,
  );
});

test('the fixed-point primitives behave as GSM 06.10 §5.1 defines them', () => {
  assert.equal(mult(-32768, -32768), 32767);
  assert.equal(multR(-32768, -32768), 32767);
  assert.equal(multR(16384, 3), 2); // (49152 + 16384) >> 15
  assert.equal(div(1, 2), 16384);
  assert.equal(div(3, 3), 32767);
  assert.equal(norm(1), 30);
  assert.equal(norm(0x40000000), 0);
  assert.equal(norm(-1), 31);
  assert.equal(norm(-0x40000000), 0);
});

test('wav-gsm output is a WAVE_FORMAT_GSM610 file at 8 kHz', () => {
  const out = encode({ sampleRate: 16000, samples: speechLike(16000, 1) }, 'wav-gsm');
  const v = new DataView(out.bytes.buffer, out.bytes.byteOffset);
  assert.equal(out.contentType, 'audio/wav');
  assert.equal(out.sampleRate, 8000);
  assert.equal(v.getUint16(20, true), 0x31);
  assert.equal(v.getUint32(24, true), 8000);
  assert.equal(v.getUint32(28, true), 1625);
  assert.equal(v.getUint16(32, true), 65);
  assert.equal(v.getUint16(38, true), 320, 'wSamplesPerBlock');
});
