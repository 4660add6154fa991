// `npm run bench:startup`: how long a user waits for `voxsync --help`, for a command that loads its module
// (`voxsync ews --help`), and for `npm start` to print the demo's URL, on a first start (empty data
// directory) and a restart. Each case runs several times, interleaved round by round so a burst of load
// on the shared machine hits every case alike; the table (median and minimum wall time) goes to
// docs/benchmarks.md with the load averages it was measured under.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../scripts/build-freshness.mjs';
import { loadText, median, runContext, writeSection } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TIMEOUT_MS = 60_000;

interface Case {
  readonly name: string;
  readonly goal?: string;
  /** Runs once and answers the milliseconds to the measured point. */
  readonly run: () => Promise<number>;
  /** Runs in the first N rounds only (the slow from-source comparison). */
  readonly rounds?: number;
}

/** Runs a command to its exit; the time includes process start, module loading and output. */
function timeExit(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin', 'voxsync.js'), ...args], {
      cwd: root,
      env: { ...process.env, VOXSYNC_FROM_SOURCE: '0', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code === 0) done(ms);
      else fail(new Error(`voxsync ${args.join(' ')} exited ${code}`));
    });
  });
}

/**
 * Runs `npm start` (the demo) in its own process group until it prints the voxsync URL, then stops the
 * group with SIGTERM and waits for every process in it to let go of the output pipe.
 */
function timeDemo(dataDir: string): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['start', '--silent', '--', '--port', '0', '--data', dataDir], {
      cwd: root,
      env: { ...process.env, VOXSYNC_FROM_SOURCE: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    let ready: number | undefined;
    const stop = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // The group is gone already.
      }
    };
    const timer = setTimeout(() => {
      stop('SIGKILL');
      fail(new Error(`npm start printed no URL within ${TIMEOUT_MS} ms:\n${out}`));
    }, TIMEOUT_MS);
    child.once('error', fail);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (ready === undefined && /voxsync:\s+http:\/\/\S+/.test(out)) {
        ready = performance.now() - t0;
        stop('SIGTERM');
      }
    });
    // 'close': every process holding the pipe (npm, the shell, node) has exited.
    child.once('close', () => {
      clearTimeout(timer);
      if (ready === undefined) fail(new Error(`npm start exited before printing the URL:\n${out}`));
      else done(ready);
    });
  });
}

const reason = staleReason(root);
if (reason) {
  console.log(`building dist/ first (${reason})...`);
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const scratch = mkdtempSync(join(tmpdir(), 'voxsync-bench-startup-'));
const restartDir = join(scratch, 'restart');
let fresh = 0;
const cases: Case[] = [
  { name: '`voxsync --help`', goal: '< 300 ms', run: () => timeExit(['--help']) },
  { name: '`voxsync --version`', run: () => timeExit(['--version']) },
  { name: '`voxsync ews --help` (loads the EWS client)', run: () => timeExit(['ews', '--help']) },
  {
    name: '`voxsync --help` from the sources (tsx; VOXSYNC_FROM_SOURCE=1)',
    run: () => timeExit(['--help'], { VOXSYNC_FROM_SOURCE: '1' }),
    rounds: 3,
  },
  {
    name: '`npm start` to the printed URL, first start (empty data directory)',
    goal: '< 3 s',
    run: () => timeDemo(join(scratch, `fresh-${fresh++}`)),
  },
  {
    name: '`npm start` to the printed URL, restart (data directory from an earlier start)',
    goal: '< 3 s',
    run: () => timeDemo(restartDir),
  },
];

const loadBefore = loadText();
const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
try {
  await timeDemo(restartDir); // creates the restart case's data directory; not measured
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      if (c.rounds !== undefined && round >= c.rounds) continue;
      const ms = await c.run();
      times.get(c)!.push(ms);
    }
    console.log(`round ${round + 1}/${ROUNDS} done (load ${loadText()})`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const loadAfter = loadText();

const ctx = runContext();
const rows = cases.map((c) => {
  const t = times.get(c)!;
  const row = `| ${c.name} | ${t.length} | ${median(t).toFixed(0)} | ${Math.min(...t).toFixed(0)} | ${c.goal ?? ''} |`;
  console.log(row);
  return row;
});
writeSection(
  'startup',
  [
    '## Start-up (`npm run bench:startup`)',
    '',
    `Run ${ctx.date} at commit ${ctx.commit} on ${ctx.cpu} (${ctx.cores} cores), Node ${ctx.node}.`,
    `Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAfter} after. Wall time from spawning the`,
    'process to its exit (help) or to the line with the URL (`npm start -- --port 0 --data DIR`); the built',
    'code in dist/ unless the row says otherwise. Cases interleave round by round; on a loaded machine read',
    'the minimum as the closest to an idle machine.',
    '',
    '| case | runs | median ms | min ms | goal |',
    '|---|---:|---:|---:|---|',
    ...rows,
  ].join('\n'),
);
console.log('table written to docs/benchmarks.md');
