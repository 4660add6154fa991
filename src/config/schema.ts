import { z } from 'zod';
import { Secret } from '../secrets/secret.ts';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * voxsync's configuration. Every key can come from the JSON config file, and most from a `VOXSYNC_*`
 * variable (see ./env.ts and docs/configuration.md). Secrets (`databaseUrl` may hold a password,
 * `secretKey`) are never printed by `describeConfig`.
 */
export const configSchema = z
  .object({
    /** Directory for the SQLite database, the key file and other local state. */
    dataDir: z.string().min(1).default('./data'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** postgres:// URL; when unset the SQLite file `<dataDir>/voxsync.sqlite` is used. */
    databaseUrl: z
      .string()
      .regex(/^postgres(?:ql)?:\/\//, { message: 'Must be a postgres:// or postgresql:// URL' })
      .optional(),
    /** Base64 32-byte AES key for credentials; when unset `<dataDir>/secret.key` is created (mode 0600). */
    secretKey: z
      .string()
      .min(1)
      .transform((s) => new Secret(s))
      .optional(),
    logLevel: z.enum(logLevels).default('info'),
    /** Days a deleted voice message stays in the trash before it is purged. */
    messageRetentionDays: z.number().int().min(1).max(3650).default(30),
    /**
     * Days a change stays in the change feed: how long an SSE client can be away and resume with
     * Last-Event-ID, a webhook receiver can be down, or the sync engine can lag. Older changes are pruned hourly.
     */
    changeRetentionDays: z.number().int().min(1).max(365).default(7),
    /** Largest accepted voice message upload, in bytes. */
    maxAudioBytes: z
      .number()
      .int()
      .min(1024)
      .max(512 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    /** Public base URL when voxsync runs behind a reverse proxy (used in links and webhooks). */
    publicUrl: z.url().optional(),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
