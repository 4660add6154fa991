import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../logging/logger.ts';
import { compose } from '../server.ts';
import { openStore } from './open-store.ts';
import type { CommandRegistrar } from './commands.ts';
import type { CliContext } from './context.ts';
import { parsePort } from './options.ts';

interface ServeFlags {
  host?: string;
  port?: string;
  data?: string;
  config?: string;
}

/** `voxsync serve`: opens (and migrates) the store, starts the API and prints its URL; runs until SIGINT/SIGTERM. */
export async function serve(flags: ServeFlags, ctx: CliContext, signal?: AbortSignal): Promise<void> {
  const { config } = loadConfig({
    file: flags.config,
    env: ctx.env,
    overrides: { host: flags.host, port: parsePort(flags.port), dataDir: flags.data },
  });
  const logger = createLogger(config.logLevel);
  const store = await openStore(config, ctx, {
    create: true,
    // A PostgreSQL restart ends idle sessions; the pool reconnects on the next query, so this is a warning.
    onConnectionLost: (err) => logger.warn({ code: err.code }, err.message),
  });
  if (store.keySource.kind === 'file' && store.keySource.created) {
    ctx.stdout.write(`created the credential key ${store.keySource.path} (mode 0600); back it up\n`);
  }
  const composed = await compose(store, logger, {
    app: {
      metricsScrapeToken: ctx.env.VOXSYNC_METRICS_TOKEN || undefined,
      trustProxy: config.publicUrl !== undefined,
    },
    maxUploadBytes: config.maxAudioBytes,
    messageRetentionDays: config.messageRetentionDays,
    changeRetentionDays: config.changeRetentionDays,
  });
  await composed.app.listen({ host: config.host, port: config.port });
  const address = composed.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // Handlers first: a supervisor may signal as soon as it reads the ready lines (see exchange-sim.ts).
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  ctx.stdout.write(`voxsync listening on http://${host}:${port} (database: ${store.location})\n`);
  ctx.stdout.write(`API docs: http://${host}:${port}/api/docs\n`);
  await stopped;
  await composed.close();
  await store.close();
}

export const registerServe: CommandRegistrar = (program: Command, ctx: CliContext) => {
  program
    .command('serve')
    .description('run voxsync: the API (and later the web app and sync engine) on one node')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)')
    .option('--data <dir>', 'data directory: SQLite database and credential key (default ./data)')
    .option('--config <file>', 'JSON configuration file')
    .action(async (flags: ServeFlags) => serve(flags, ctx));
};
