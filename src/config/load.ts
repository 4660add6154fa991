import { readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import { z } from 'zod';
import { configFromEnv } from './env.ts';
import { configSchema, type Config, type ConfigInput } from './schema.ts';

export class ConfigError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.code = code;
  }
}

export interface LoadConfigOptions {
  /** Path of a JSON configuration file (`--config`). */
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Values from command-line flags (`--data`, `--host`, `--port`): they win over everything. */
  readonly overrides?: Partial<ConfigInput>;
  /** Base for relative paths given on the command line or in the environment (default cwd). */
  readonly cwd?: string;
}

export interface LoadedConfig {
  readonly config: Config;
  /** Where each key's value came from: `default`, `file`, an environment variable name, or `flag`. */
  readonly sources: Readonly<Record<keyof Config, string>>;
}

/**
 * Loads the configuration: defaults < JSON file < environment < command-line flags. A relative
 * `dataDir` in the file is resolved against the file's directory; elsewhere against `cwd`.
 */
export function loadConfig(opts: LoadConfigOptions = {}): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const sources: Record<string, string> = {};
  const merged: Record<string, unknown> = {};

  if (opts.file !== undefined) {
    const path = resolve(cwd, opts.file);
    const fromFile = readConfigFile(path);
    for (const [k, v] of Object.entries(fromFile)) {
      merged[k] = k === 'dataDir' && typeof v === 'string' && !isAbsolute(v) ? resolve(dirname(path), v) : v;
      sources[k] = 'file';
    }
  }
  const env = configFromEnv(opts.env ?? process.env);
  for (const [k, v] of Object.entries(env.values)) {
    merged[k] = v;
    sources[k] = env.sources[k as keyof ConfigInput] ?? 'env';
  }
  for (const [k, v] of Object.entries(opts.overrides ?? {})) {
    if (v === undefined) continue;
    merged[k] = v;
    sources[k] = 'flag';
  }

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = i.path.map(String).join('.');
      const from = sources[key.split('.')[0] ?? ''] ?? 'default';
      return `${key || '(config)'} (from ${from}): ${i.message}`;
    });
    throw new ConfigError('config.invalid', `Invalid configuration: ${lines.join('; ')}`);
  }
  const config = { ...result.data, dataDir: resolve(cwd, result.data.dataDir) };
  const allSources = Object.fromEntries(
    Object.keys(configSchema.shape).map((k) => [k, sources[k] ?? 'default']),
  ) as Record<keyof Config, string>;
  return { config, sources: allSources };
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'config.file_unreadable',
      `Cannot read the configuration file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      'config.file_invalid_json',
      `The configuration file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const obj = z.record(z.string(), z.unknown()).safeParse(parsed);
  if (!obj.success)
    throw new ConfigError(
      'config.file_not_object',
      `The configuration file ${path} must hold a JSON object.`,
    );
  return obj.data;
}

/** The configuration with secrets redacted, for logs and `voxsync doctor`. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl === undefined ? undefined : redact(config.databaseUrl),
    secretKey: config.secretKey === undefined ? undefined : String(config.secretKey),
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable URL]';
  }
}
