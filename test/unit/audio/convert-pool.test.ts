import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioConverter } from '../../../src/audio/convert-pool.ts';
import { convertWav } from '../../../src/audio/convert.ts';
import { AudioError } from '../../../src/audio/errors.ts';
import { VOICE_FORMATS } from '../../../src/audio/types.ts';
import { wavPcm16 } from '../../../src/audio/wav-write.ts';
import { speechLike } from './fixtures.ts';

test('conversion in worker threads gives the same bytes as in-line conversion, for every format', async () => {
  const converter = new AudioConverter(2);
  try {
    const wav = wavPcm16(16000, speechLike(16000, 0.5));
    const results = await Promise.all(VOICE_FORMATS.map((f) => converter.convert(wav, f)));
    results.forEach((r, i) => {
      const format = VOICE_FORMATS[i] as (typeof VOICE_FORMATS)[number];
      const inline = convertWav(wav, format);
      assert.equal(r.format, format);
      assert.equal(r.contentType, inline.contentType);
      assert.ok(r.bytes instanceof Uint8Array);
      assert.deepEqual(r.bytes, inline.bytes);
    });
  } finally {
    await converter.close();
  }
});

test('a refusal in the worker arrives as an AudioError with its code; the worker keeps serving', async () => {
  const converter = new AudioConverter(1);
  try {
    await assert.rejects(
      converter.convert(new TextEncoder().encode('not audio'), 'mp3'),
      (e: unknown) => e instanceof AudioError && e.code === 'audio.not_wav',
    );
    const wav = wavPcm16(8000, speechLike(8000, 5));
    await assert.rejects(converter.convert(wav, 'wav-pcm', { maxDurationSeconds: 1 }), {
      code: 'audio.too_large',
    });
    const ok = await converter.convert(wav, 'wav-ulaw');
    assert.equal(ok.durationSeconds, 5);
  } finally {
    await converter.close();
  }
  await assert.rejects(converter.convert(new Uint8Array(10), 'mp3'), /closed/);
});
