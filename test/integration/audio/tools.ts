/**
 * Access to the standard decoders (Debian's sox and ffmpeg) for the audio integration tests. Absent tools make
 * the tests skip with a visible reason, except under CI=true where their absence is a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export type Tool = 'sox' | 'ffmpeg';

function present(cmd: string): boolean {
  return (
    spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0 ||
    spawnSync(cmd, ['-version'], { stdio: 'ignore' }).status === 0
  );
}

const availability = new Map<Tool, boolean>();
const announced = new Set<string>();

/** Whether ffmpeg was built with an encoder (Debian's is built with libgsm, the reference GSM 06.10 code). */
export function ffmpegHasEncoder(name: string): boolean {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  return r.status === 0 && new RegExp(`\\s${name}\\s`).test(r.stdout);
}

/** Test options: `{ skip: reason }` when the tool is missing outside CI. */
export function needs(...tools: Tool[]): { skip?: string } {
  const missing = tools.filter((t) => {
    if (!availability.has(t)) availability.set(t, present(t));
    return !availability.get(t);
  });
  if (missing.length === 0) return {};
  const reason = `${missing.join(' and ')} not installed (apt-get install ${missing.join(' ')})`;
  if (process.env.CI === 'true') throw new Error(`CI requires ${reason}`);
  if (!announced.has(reason)) {
    announced.add(reason);
    console.log(`audio interop tests skipped: ${reason}`);
  }
  return { skip: reason };
}

const dir = mkdtempSync(join(tmpdir(), 'voxsync-audio-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

export function tempFile(ext: string, bytes?: Uint8Array): string {
  const p = join(dir, `f${counter++}${ext}`);
  if (bytes) writeFileSync(p, bytes);
  return p;
}

export function run(cmd: Tool | 'soxi' | 'ffprobe', args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Decodes any file the tool understands to a 16-bit PCM WAV at its native rate, without dither. */
export function decodeWithTool(tool: Tool, input: Uint8Array, ext: string): Uint8Array {
  const src = tempFile(ext, input);
  const out = tempFile('.wav');
  if (tool === 'sox') run('sox', ['-D', '-V1', src, '-e', 'signed-integer', '-b', '16', out]);
  else run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', src, '-c:a', 'pcm_s16le', out]);
  return readFileSync(out);
}

/** Has the tool produce a WAV from one of ours (or any input) with the given arguments. */
export function produceWithTool(
  tool: Tool,
  input: Uint8Array,
  outArgs: string[],
  inArgs: string[] = [],
): Uint8Array {
  const src = tempFile('.wav', input);
  const out = tempFile('.wav');
  if (tool === 'sox') run('sox', ['-D', '-V1', ...inArgs, src, ...outArgs, out]);
  else run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...inArgs, '-i', src, ...outArgs, out]);
  return readFileSync(out);
}
