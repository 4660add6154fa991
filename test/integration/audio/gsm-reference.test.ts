/**
 * Our GSM 06.10 encoder against libgsm (the widely used reference implementation, through Debian ffmpeg's
 * `libgsm_ms` encoder): GSM 06.10 specifies the encoder's arithmetic bit for bit, so for the same 8 kHz input the
 * two must produce identical WAVE_FORMAT_GSM610 blocks. Inputs cover quiet and loud speech, white noise,
 * silence, a clipping square wave and a DC step, to reach the saturation paths of the fixed-point code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encodeGsmWav49Data } from '../../../src/audio/gsm/index.ts';
import { probeWav } from '../../../src/audio/wav-parse.ts';
import { wavPcm16 } from '../../../src/audio/wav-write.ts';
import { speechLike } from '../../unit/audio/fixtures.ts';
import { ffmpegHasEncoder, needs, run, tempFile } from './tools.ts';

function noise(n: number, amp: number, seed = 12345): Int16Array {
  let x = seed;
  return Int16Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return Math.round(((x / 2 ** 32) * 2 - 1) * amp);
  });
}

const inputs: [string, Int16Array][] = [
  ['speech-like, peak 12000', speechLike(8000, 2)],
  ['speech-like, peak 600', speechLike(8000, 1, 600)],
  ['speech-like, full scale', speechLike(8000, 1, 32767)],
  ['white noise', noise(8000, 20000)],
  ['silence', new Int16Array(8000)],
  ['full-scale square wave', Int16Array.from({ length: 8000 }, (_, i) => (i % 50 < 25 ? 32767 : -32768))],
  ['DC step', Int16Array.from({ length: 8000 }, (_, i) => (i < 4000 ? 0 : 20000))],
];

function libgsmBlocks(samples: Int16Array): Uint8Array {
  const src = tempFile('.wav', wavPcm16(8000, samples));
  const out = tempFile('.wav');
  run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', src, '-c:a', 'libgsm_ms', out]);
  const bytes = readFileSync(out);
  const info = probeGsmData(bytes);
  return bytes.subarray(info.at, info.at + info.size);
}

/** Our probe refuses GSM input (not an accepted upload format), so find the data chunk directly. */
function probeGsmData(bytes: Uint8Array): { at: number; size: number } {
  assert.throws(() => probeWav(bytes), { code: 'audio.unsupported_format' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 12; pos + 8 <= bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(pos, pos + 4));
    const size = view.getUint32(pos + 4, true);
    if (id === 'data') return { at: pos + 8, size };
    pos += 8 + size + (size & 1);
  }
  assert.fail('no data chunk in ffmpeg output');
}

const available = needs('ffmpeg');
const libgsm = available.skip
  ? available
  : ffmpegHasEncoder('libgsm_ms')
    ? {}
    : { skip: 'ffmpeg lacks libgsm_ms' };
if (libgsm.skip) console.log(`GSM reference comparison skipped: ${libgsm.skip}`);

for (const [name, samples] of inputs) {
  test(`GSM 06.10: bit-identical to libgsm on ${name}`, libgsm, () => {
    const ours = encodeGsmWav49Data(samples);
    const theirs = libgsmBlocks(samples);
    assert.equal(ours.length, theirs.length);
    for (let i = 0; i < ours.length; i++) {
      if (ours[i] !== theirs[i]) assert.fail(`first difference at byte ${i} (block ${Math.floor(i / 65)})`);
    }
  });
}
