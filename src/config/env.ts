import type { ConfigInput } from './schema.ts';

type Key = keyof ConfigInput;

/** The environment variables read, the key each sets and how its text is converted. */
export const envVariables: ReadonlyArray<{ name: string; key: Key; kind: 'string' | 'integer' }> = [
  { name: 'VOXSYNC_DATA_DIR', key: 'dataDir', kind: 'string' },
  { name: 'VOXSYNC_HOST', key: 'host', kind: 'string' },
  { name: 'VOXSYNC_PORT', key: 'port', kind: 'integer' },
  { name: 'DATABASE_URL', key: 'databaseUrl', kind: 'string' },
  { name: 'VOXSYNC_DATABASE_URL', key: 'databaseUrl', kind: 'string' },
  { name: 'VOXSYNC_SECRET_KEY', key: 'secretKey', kind: 'string' },
  { name: 'VOXSYNC_LOG_LEVEL', key: 'logLevel', kind: 'string' },
  { name: 'VOXSYNC_MESSAGE_RETENTION_DAYS', key: 'messageRetentionDays', kind: 'integer' },
  { name: 'VOXSYNC_CHANGE_RETENTION_DAYS', key: 'changeRetentionDays', kind: 'integer' },
  { name: 'VOXSYNC_MAX_AUDIO_BYTES', key: 'maxAudioBytes', kind: 'integer' },
  { name: 'VOXSYNC_PUBLIC_URL', key: 'publicUrl', kind: 'string' },
];

/**
 * The configuration keys set by the environment. Empty variables count as unset. A number that does
 * not parse is passed on as text so the schema reports it against the right key.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): {
  values: Partial<Record<Key, unknown>>;
  sources: Partial<Record<Key, string>>;
} {
  const values: Partial<Record<Key, unknown>> = {};
  const sources: Partial<Record<Key, string>> = {};
  for (const v of envVariables) {
    const text = env[v.name];
    if (text === undefined || text === '') continue;
    // DATABASE_URL is the common convention; VOXSYNC_DATABASE_URL wins when both are set.
    if (sources[v.key] !== undefined && v.name !== 'VOXSYNC_DATABASE_URL') continue;
    values[v.key] = v.kind === 'integer' && /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    sources[v.key] = v.name;
  }
  return { values, sources };
}
