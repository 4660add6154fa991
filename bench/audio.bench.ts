/**
 * Audio conversion cost: a 60-second voice message, as received from the PBX (16-bit PCM at 8 and 16 kHz, G.711
 * mu-law at 8 kHz), converted into every voice format. Prints a table and records it in docs/benchmarks.md
 * between the `bench:audio` markers. Not a test: numbers depend on the machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertWav, probeWav, VOICE_FORMATS } from '../src/audio/index.ts';
import { encodeMulaw } from '../src/audio/g711.ts';
import { wavG711, wavPcm16 } from '../src/audio/wav-write.ts';
import { speechLike } from '../test/unit/audio/fixtures.ts';

const SECONDS = 60;
const MIN_TIME_MS = Number(process.env.BENCH_MIN_MS ?? 2000);

/** Wall time can mislead on a shared machine; CPU time (user + system of this process) is reported beside it. */
function measure(fn: () => void): { opsPerSec: number; msPerOp: number; cpuMsPerOp: number } {
  fn(); // warm-up (JIT, resampler kernels)
  let runs = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_TIME_MS || runs < 3) {
    fn();
    runs++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    opsPerSec: (runs * 1000) / elapsed,
    msPerOp: elapsed / runs,
    cpuMsPerOp: (cpu.user + cpu.system) / 1000 / runs,
  };
}

const s8 = speechLike(8000, SECONDS);
const sources: [string, Uint8Array][] = [
  ['PCM 8 kHz', wavPcm16(8000, s8)],
  ['PCM 16 kHz', wavPcm16(16000, speechLike(16000, SECONDS))],
  ['mu-law 8 kHz', wavG711('mulaw', 8000, encodeMulaw(s8))],
];

const rows: string[] = [];
rows.push('| source (60 s) | operation | CPU ms per message | wall ms | messages/s (wall) | output size |');
rows.push('|---|---|---:|---:|---:|---:|');
for (const [name, wav] of sources) {
  const probe = measure(() => probeWav(wav));
  rows.push(
    `| ${name} | probe (validate + duration) | ${probe.cpuMsPerOp.toFixed(4)} | ${probe.msPerOp.toFixed(4)} | ${Math.round(probe.opsPerSec)} | |`,
  );
  for (const format of VOICE_FORMATS) {
    let size = 0;
    const r = measure(() => {
      size = convertWav(wav, format).bytes.length;
    });
    rows.push(
      `| ${name} | → ${format} | ${r.cpuMsPerOp.toFixed(1)} | ${r.msPerOp.toFixed(1)} | ${r.opsPerSec.toFixed(1)} | ${(size / 1024).toFixed(0)} KiB |`,
    );
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const section = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at the end), Node ${process.version}, one thread.`,
  'Each row converts a 60-second speech-like message (decode, resample where needed, encode). `npm run bench:audio`.',
  '',
  ...rows,
].join('\n');
console.log(section);

const here = dirname(fileURLToPath(import.meta.url));
const doc = join(here, '..', 'docs', 'benchmarks.md');
const begin = '<!-- bench:audio -->';
const end = '<!-- /bench:audio -->';
const block = `${begin}\n## Audio conversion\n\n${section}\n${end}`;
mkdirSync(dirname(doc), { recursive: true });
const current = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
const from = current.indexOf(begin);
const to = current.indexOf(end);
const next =
  from >= 0 && to > from
    ? current.slice(0, from) + block + current.slice(to + end.length)
    : current.trimEnd() + '\n\n' + block + '\n';
writeFileSync(doc, next);
console.log(`\nrecorded in ${doc}`);
