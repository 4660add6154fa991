import { test } from 'node:test';
import assert from 'node:assert/strict';
import wavefile from 'wavefile';
import { decodeAlaw, decodeMulaw, encodeAlaw, encodeMulaw, g711 } from '../../../src/audio/g711.ts';

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

function wavefileDecode(law: 'mulaw' | 'alaw'): Int16Array {
  const w = new wavefile.WaveFile();
  w.fromScratch(1, 8000, law === 'mulaw' ? '8m' : '8a', ALL_CODES);
  if (law === 'mulaw') w.fromMuLaw();
  else w.fromALaw();
  return w.getSamples(false, Int16Array) as unknown as Int16Array;
}

test('the decoders agree with wavefile (an independent implementation) on all 256 codes', () => {
  assert.deepEqual(decodeMulaw(ALL_CODES), wavefileDecode('mulaw'));
  assert.deepEqual(decodeAlaw(ALL_CODES), wavefileDecode('alaw'));
});

test('the decoders hit the G.711 end points', () => {
  assert.equal(g711.mulawToLinear(0x00), -32124);
  assert.equal(g711.mulawToLinear(0x80), 32124);
  assert.equal(g711.mulawToLinear(0xff), 0);
  assert.equal(g711.alawToLinear(0xd5), 8);
  assert.equal(g711.alawToLinear(0x55), -8);
  assert.equal(g711.alawToLinear(0xaa), 32256);
});

for (const [name, enc, dec] of [
  ['mu-law', encodeMulaw, decodeMulaw],
  ['A-law', encodeAlaw, decodeAlaw],
] as const) {
  test(`${name}: every 16-bit input maps to the nearest reconstruction level`, () => {
    const levels = [...new Set(dec(ALL_CODES))].sort((a, b) => a - b);
    const got = dec(enc(ALL_SAMPLES));
    for (let i = 0; i < ALL_SAMPLES.length; i++) {
      const x = ALL_SAMPLES[i] as number;
      const best = Math.min(...levels.map((l) => Math.abs(l - x)));
      if (Math.abs((got[i] as number) - x) !== best) assert.fail(`${x} → ${got[i]}, nearest is ${best} away`);
    }
  });

  test(`${name}: decode then encode returns the same code (a second pass is lossless)`, () => {
    const again = enc(dec(ALL_CODES));
    const d1 = dec(ALL_CODES);
    const d2 = dec(again);
    assert.deepEqual(d2, d1);
  });
}

test('mu-law encodes silence as the positive zero 0xFF', () => {
  assert.equal(g711.mulawFromLinear(0), 0xff);
  assert.equal(g711.alawFromLinear(0), 0xd5);
});
