// `voxsync demo` (what `npm start` runs): voxsync on SQLite in ./data plus the bundled Exchange
// simulator over HTTPS, configured as a demo endpoint with a feature group and three mailboxes.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { createLogger } from '../logging/logger.ts';
import { startExchangeSim, type ExchangeSim } from '../exchange-sim/index.ts';
import { compose, type Composed } from '../server.ts';
import { Store } from '../store/index.ts';
import type { CommandRegistrar } from './commands.ts';
import type { CliContext } from './context.ts';
import { parsePort } from './options.ts';
import {
  DEMO_ADMIN,
  DEMO_CREDENTIALS_FILE,
  DEMO_PIN,
  DEMO_SERVICE_ACCOUNT,
  configureDemo,
  demoSeed,
  ensureDemoAdmin,
  loadOrCreateDemoCredentials,
  type DemoRecords,
} from './demo-setup.ts';

export interface DemoOptions {
  /** Default ./data. */
  readonly dataDir?: string;
  readonly host?: string;
  /** API port; default 8080, 0 = any free port. */
  readonly port?: number;
  /** Simulator port; default any free port. */
  readonly simPort?: number;
  readonly logger?: Logger;
  /** VOXSYNC_SECRET_KEY, when set. */
  readonly secretKey?: string;
}

export interface Demo {
  readonly url: string;
  readonly simulatorUrl: string;
  readonly admin: { readonly username: string; readonly password: string };
  readonly records: DemoRecords;
  readonly dataDir: string;
  /** The store it opened, e.g. `sqlite /path/data/voxsync.sqlite`. */
  readonly store: string;
  close(): Promise<void>;
}

/** Starts the simulator and voxsync and configures the demo; `close()` stops both and the store. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const dataDir = resolve(options.dataDir ?? './data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { credentials, created } = await loadOrCreateDemoCredentials(dataDir);
  const logger = options.logger ?? createLogger('info');
  const host = options.host ?? '127.0.0.1';

  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const sim: ExchangeSim = await startExchangeSim({
      port: options.simPort ?? 0,
      seed: demoSeed(credentials),
      dataDir: join(dataDir, 'exchange-sim'),
    });
    cleanups.push(() => sim.close());
    const store = await Store.open({ dataDir, secretKey: options.secretKey });
    cleanups.push(() => store.close());
    const records = await configureDemo(store, sim, credentials);
    const composed: Composed = await compose(store, logger);
    cleanups.push(() => composed.close());
    await ensureDemoAdmin(composed.repos, credentials, created);
    await composed.app.listen({ host, port: options.port ?? 8080 });
    const address = composed.app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      simulatorUrl: sim.url,
      admin: { username: DEMO_ADMIN, password: credentials.adminPassword },
      records,
      dataDir,
      store: `${store.dialect} ${store.location}`,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

export function describeDemo(demo: Demo): string {
  const lines = [
    'voxsync demo is running (everything named "Demo" is demo data).',
    `  voxsync:           ${demo.url}   (API docs ${demo.url}/api/docs)`,
    `  admin login:       ${demo.admin.username} / ${demo.admin.password}   (kept in ${join(demo.dataDir, DEMO_CREDENTIALS_FILE)})`,
    `  Exchange sim:      ${demo.records.endpoint.url ?? ''}   (${demo.records.endpoint.name})`,
    `  service account:   ${DEMO_SERVICE_ACCOUNT} with ApplicationImpersonation`,
    `  demo mailboxes:    ${demo.records.mailboxes.map((m) => m.number).join(', ')} (PIN ${DEMO_PIN})`,
    `  data directory:    ${demo.dataDir}`,
    'Press Ctrl-C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}

interface DemoFlags {
  data?: string;
  host?: string;
  port?: string;
}

/** Runs the demo until SIGINT/SIGTERM (or `signal`), then stops everything. */
export async function runDemo(flags: DemoFlags, ctx: CliContext, signal?: AbortSignal): Promise<void> {
  const port = parsePort(flags.port);
  const demo = await startDemo({
    ...(flags.data ? { dataDir: flags.data } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    ...(port !== undefined ? { port } : {}),
    logger: createLogger(ctx.env.VOXSYNC_LOG_LEVEL || 'warn'),
    ...(ctx.env.VOXSYNC_SECRET_KEY ? { secretKey: ctx.env.VOXSYNC_SECRET_KEY } : {}),
  });
  // Handlers first: a supervisor may signal as soon as it reads the ready lines (see exchange-sim.ts).
  const stopped = new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  ctx.stderr.write(`store: ${demo.store}\n`);
  ctx.stdout.write(describeDemo(demo));
  await stopped;
  ctx.stdout.write('stopping the demo...\n');
  await demo.close();
}

export const registerDemo: CommandRegistrar = (program: Command, ctx: CliContext) => {
  program
    .command('demo')
    .description('run voxsync with the bundled Exchange simulator and demo data (what `npm start` runs)')
    .option('--data <dir>', 'data directory (default ./data)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'API port (default 8080)')
    .action(async (flags: DemoFlags) => runDemo(flags, ctx));
};
