/**
 * Our parser reads the WAVs sox and ffmpeg write, sox and ffmpeg read the WAVs we write, and tool-made files that
 * voxsync must refuse get the right error code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeWav } from '../../../src/audio/wav-parse.ts';
import { decodeWav } from '../../../src/audio/decode.ts';
import { encode } from '../../../src/audio/encode.ts';
import { AudioError, type AudioErrorCode } from '../../../src/audio/errors.ts';
import { VOICE_FORMATS } from '../../../src/audio/types.ts';
import { wavPcm16 } from '../../../src/audio/wav-write.ts';
import { speechLike } from '../../unit/audio/fixtures.ts';
import { decodeWithTool, needs, produceWithTool, run, tempFile, type Tool } from './tools.ts';

const source16 = wavPcm16(16000, speechLike(16000, 1.5));

const toolOutputs: { name: string; encoding: string; rate: number; args: Record<Tool, string[]> }[] = [
  {
    name: 'PCM 8 kHz',
    encoding: 'pcm16',
    rate: 8000,
    args: { sox: ['-r', '8000'], ffmpeg: ['-ar', '8000'] },
  },
  { name: 'PCM 16 kHz', encoding: 'pcm16', rate: 16000, args: { sox: [], ffmpeg: [] } },
  {
    name: 'mu-law 8 kHz',
    encoding: 'mulaw',
    rate: 8000,
    args: { sox: ['-e', 'u-law', '-r', '8000'], ffmpeg: ['-c:a', 'pcm_mulaw', '-ar', '8000'] },
  },
  {
    name: 'A-law 8 kHz',
    encoding: 'alaw',
    rate: 8000,
    args: { sox: ['-e', 'a-law', '-r', '8000'], ffmpeg: ['-c:a', 'pcm_alaw', '-ar', '8000'] },
  },
  {
    name: 'mu-law 16 kHz',
    encoding: 'mulaw',
    rate: 16000,
    args: { sox: ['-e', 'u-law'], ffmpeg: ['-c:a', 'pcm_mulaw'] },
  },
];

for (const tool of ['sox', 'ffmpeg'] as Tool[]) {
  for (const o of toolOutputs) {
    test(`we read ${tool}'s ${o.name} WAV, sample for sample as ${tool} decodes it`, needs(tool), () => {
      const made = produceWithTool(tool, source16, o.args[tool]);
      const info = probeWav(made);
      assert.equal(info.encoding, o.encoding);
      assert.equal(info.sampleRate, o.rate);
      assert.equal(info.channels, 1);
      assert.ok(Math.abs(info.durationSeconds - 1.5) < 0.01, `duration ${info.durationSeconds}`);
      // The tool's own expansion to 16-bit PCM must equal ours (G.711 tables, byte order, chunk walking).
      const theirs = decodeWav(decodeWithTool(tool, made, '.wav'));
      assert.deepEqual(decodeWav(made).samples, theirs.samples);
    });
  }

  test(`we read ${tool}'s stereo 16 kHz WAV by mixing it down`, needs(tool), () => {
    const args = tool === 'sox' ? ['-c', '2'] : ['-ac', '2'];
    const made = produceWithTool(tool, source16, args);
    const d = decodeWav(made);
    assert.equal(d.info.channels, 2);
    assert.equal(d.samples.length, 24000);
    const view = new DataView(made.buffer, made.byteOffset + d.info.dataOffset, d.info.dataBytes);
    for (let i = 0; i < d.samples.length; i++) {
      const mean = (view.getInt16(i * 4, true) + view.getInt16(i * 4 + 2, true)) >> 1;
      if (d.samples[i] !== mean) assert.fail(`frame ${i}: ${d.samples[i]} is not the mean ${mean}`);
    }
    // ffmpeg's up-mix lowers the level (pan law); the waveform must still be the source's.
    const src = decodeWav(source16).samples;
    let dot = 0;
    let e1 = 0;
    let e2 = 0;
    src.forEach((x, i) => {
      const y = d.samples[i] as number;
      dot += x * y;
      e1 += x * x;
      e2 += y * y;
    });
    assert.ok(dot / Math.sqrt(e1 * e2) > 0.999, 'mixed-down waveform correlates with the source');
  });
}

test(
  'sox and ffprobe read every WAV/MP3 we write with the format, rate and duration we meant',
  needs('sox', 'ffmpeg'),
  () => {
    const decoded = decodeWav(source16);
    const expectCodec: Record<string, string> = {
      mp3: 'mp3',
      'wav-pcm': 'pcm_s16le',
      'wav-ulaw': 'pcm_mulaw',
      'wav-alaw': 'pcm_alaw',
      'wav-gsm': 'gsm_ms',
    };
    for (const format of VOICE_FORMATS) {
      const out = encode(decoded, format);
      const file = tempFile(out.fileExtension, out.bytes);
      const probe = JSON.parse(
        run('ffprobe', [
          '-v',
          'error',
          '-show_entries',
          'stream=codec_name,sample_rate,channels',
          '-of',
          'json',
          file,
        ]),
      ) as { streams: { codec_name: string; sample_rate: string; channels: number }[] };
      assert.deepEqual(probe.streams, [
        { codec_name: expectCodec[format], sample_rate: String(out.sampleRate), channels: 1 },
      ]);
      assert.equal(run('soxi', ['-r', file]).trim(), String(out.sampleRate), format);
      const soxSeconds = Number(run('soxi', ['-D', file]).trim());
      // MP3 carries the encoder delay and frame padding (a few hundred milliseconds); PCM and G.711 are exact.
      // GSM fills its last 320-sample block with silence (up to 40 ms).
      const slack = format === 'mp3' ? 0.5 : format === 'wav-gsm' ? 0.04 : 0.001;
      assert.ok(
        soxSeconds >= 1.5 - 0.001 && soxSeconds <= 1.5 + slack,
        `${format}: sox says ${soxSeconds} s`,
      );
    }
  },
);

function codeOf(bytes: Uint8Array): AudioErrorCode {
  try {
    decodeWav(bytes);
  } catch (e) {
    if (e instanceof AudioError) return e.code;
    throw e;
  }
  assert.fail('accepted');
}

test('refused: a WAV cut short (sox-made) → audio.truncated', needs('sox'), () => {
  const made = produceWithTool('sox', source16, ['-e', 'u-law', '-r', '8000']);
  assert.equal(codeOf(made.subarray(0, Math.floor(made.length * 0.6))), 'audio.truncated');
});

test(
  'refused: MP3 bytes posted as WAV (ffmpeg-made, with ID3 tag, and bare lamejs frames) → audio.not_wav',
  needs('ffmpeg'),
  () => {
    const src = tempFile('.wav', source16);
    const mp3 = tempFile('.mp3');
    run('ffmpeg', [
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-i',
      src,
      '-c:a',
      'libmp3lame',
      '-b:a',
      '32k',
      mp3,
    ]);
    const withTag = decodeWithToolBytes(mp3);
    assert.equal(String.fromCharCode(...withTag.subarray(0, 3)), 'ID3');
    assert.equal(codeOf(withTag), 'audio.not_wav');
    assert.equal(codeOf(encode(decodeWav(source16), 'mp3').bytes), 'audio.not_wav');
    assert.throws(() => decodeWav(withTag), /MP3/);
  },
);

function decodeWithToolBytes(path: string): Uint8Array {
  return new Uint8Array(
    Buffer.from(
      run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', path, '-c', 'copy', '-f', 'mp3', '-']),
      'latin1',
    ),
  );
}

test(
  'refused: 44.1 kHz stereo float (sox-made) → audio.unsupported_format, and as 16-bit → audio.unsupported_sample_rate',
  needs('sox'),
  () => {
    const float = produceWithTool('sox', source16, [
      '-r',
      '44100',
      '-c',
      '2',
      '-e',
      'floating-point',
      '-b',
      '32',
    ]);
    assert.equal(codeOf(float), 'audio.unsupported_format');
    assert.throws(() => decodeWav(float), /IEEE float/);
    const pcm44 = produceWithTool('sox', source16, ['-r', '44100', '-c', '2']);
    assert.equal(codeOf(pcm44), 'audio.unsupported_sample_rate');
  },
);

test('refused: 20 MB of non-audio bytes → audio.not_wav', () => {
  const junk = new Uint8Array(20 * 1024 * 1024);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
  assert.equal(codeOf(junk), 'audio.not_wav');
});
