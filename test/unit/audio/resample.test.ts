import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample } from '../../../src/audio/resample.ts';
import { snrDb } from './fixtures.ts';

function tone(rate: number, hz: number, seconds: number, amp = 10000): Int16Array {
  return Int16Array.from({ length: rate * seconds }, (_, i) =>
    Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)),
  );
}

function rms(x: Int16Array, edge = 200): number {
  let s = 0;
  for (let i = edge; i < x.length - edge; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / (x.length - 2 * edge));
}

test('16 kHz → 8 kHz keeps an in-band tone in place (no delay, SNR > 60 dB)', () => {
  for (const hz of [300, 1000, 3000]) {
    const out = resample({ sampleRate: 16000, samples: tone(16000, hz, 1) }, 8000);
    assert.equal(out.sampleRate, 8000);
    assert.equal(out.samples.length, 8000);
    const snr = snrDb(tone(8000, hz, 1), out.samples, 0, 200);
    assert.ok(snr > 60, `${hz} Hz: ${snr.toFixed(1)} dB`);
  }
});

test('16 kHz → 8 kHz removes what would alias (a 6 kHz tone drops by more than 60 dB)', () => {
  const out = resample({ sampleRate: 16000, samples: tone(16000, 6000, 1) }, 8000);
  const attenuation = 20 * Math.log10(10000 / Math.sqrt(2) / Math.max(rms(out.samples), 1e-9));
  assert.ok(attenuation > 60, `${attenuation.toFixed(1)} dB`);
});

test('8 kHz → 16 kHz interpolates an in-band tone', () => {
  const out = resample({ sampleRate: 8000, samples: tone(8000, 1000, 1) }, 16000);
  assert.equal(out.samples.length, 16000);
  assert.ok(snrDb(tone(16000, 1000, 1), out.samples, 0, 400) > 60);
});

test('same rate is the identity; full-scale input clips instead of wrapping', () => {
  const x = tone(8000, 500, 1);
  assert.equal(resample({ sampleRate: 8000, samples: x }, 8000).samples, x);
  const square = Int16Array.from({ length: 1600 }, (_, i) => (i % 40 < 20 ? 32767 : -32768));
  const out = resample({ sampleRate: 16000, samples: square }, 8000).samples;
  // Gibbs overshoot would exceed 16 bits; it must saturate, never flip sign.
  for (let i = 5; i < out.length; i += 20) assert.ok((out[i] as number) > 20000, `sample ${i}: ${out[i]}`);
});
