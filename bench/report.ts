// What every benchmark records beside its numbers (when, where, under what load, at which commit), and
// the replacement of its own section of docs/benchmarks.md between `<!-- bench:NAME -->` markers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface RunContext {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly commit: string;
}

export function runContext(): RunContext {
  let commit = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    commit = dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    // Not a git checkout (an installed package): the date and versions still identify the run.
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    commit,
  };
}

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
export function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Replaces (or appends) the `<!-- bench:NAME -->` … `<!-- /bench:NAME -->` section of docs/benchmarks.md. */
export function writeSection(name: string, body: string): void {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${begin}\n${body.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
