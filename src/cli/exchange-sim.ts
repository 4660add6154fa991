import type { Command } from 'commander';
import type { CommandRegistrar } from './commands.ts';
import { UsageError } from './context.ts';
import { parsePort } from './options.ts';
import { startExchangeSim } from '../exchange-sim/index.ts';
import { loadSeedFile, serverVersionSchema, type Seed } from '../exchange-sim/config/seed.ts';
import { demoSeedPath, describeSeedLogins } from '../exchange-sim/config/demo-seed.ts';

interface Options {
  host: string;
  port: string;
  plain?: boolean;
  seed?: string;
  serverVersion?: string;
  data?: string;
  controlToken?: string;
}

/** `voxsync exchange-sim`: runs the Exchange simulator until SIGINT/SIGTERM. */
export const registerExchangeSim: CommandRegistrar = (program: Command, ctx) => {
  program
    .command('exchange-sim')
    .description(
      'run a simulated on-premises Exchange 2013/2016/2019 EWS endpoint (for tests, demos and development)',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'TCP port', '8443')
    .option('--plain', 'serve plain HTTP instead of HTTPS')
    .option(
      '--seed <file>',
      'JSON seed file: users, service accounts, impersonation grants, throttling (see docs/exchange-sim.md); default: the demo seed docs/exchange-sim.seed.json, whose logins are printed at start',
    )
    .option('--server-version <version>', 'emulated release: 2013, 2016 or 2019')
    .option(
      '--data <dir>',
      'keep mailboxes, control-API users and grants, TLS certificate and sync-state key in this directory',
    )
    .option('--control-token <token>', 'enable the control API at /sim/v1 with this bearer token')
    .action(async (opts: Options) => {
      // The default ('8443') comes from commander, so parsePort always sees a value here.
      const port = parsePort(opts.port) ?? 8443;
      let serverVersion;
      if (opts.serverVersion !== undefined) {
        const parsed = serverVersionSchema.safeParse(opts.serverVersion);
        if (!parsed.success)
          throw new UsageError(`--server-version must be 2013, 2016 or 2019, got ${opts.serverVersion}`);
        serverVersion = parsed.data;
      }
      // Listening for the signals before anything is printed: a supervisor that stops the simulator as soon as
      // it reads the URL must not find the default handler (killed, no clean close) still in place.
      // Without --seed the documented demo seed, so a first start has accounts to log on with.
      const demoSeed: Seed | undefined = opts.seed ? undefined : await loadSeedFile(demoSeedPath());
      let stop = (): void => undefined;
      const stopped = new Promise<void>((resolve) => {
        stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const sim = await startExchangeSim({
        host: opts.host,
        port,
        plain: opts.plain ?? false,
        seed: opts.seed ?? demoSeed,
        ...(serverVersion ? { serverVersion } : {}),
        ...(opts.data ? { dataDir: opts.data } : {}),
        ...(opts.controlToken ? { controlToken: opts.controlToken } : {}),
      }).catch((err: unknown) => {
        stop();
        throw err;
      });
      ctx.stdout.write(`exchange-sim listening: EWS ${sim.ewsUrl}\n`);
      if (sim.fingerprint) ctx.stdout.write(`TLS certificate SHA-256 fingerprint: ${sim.fingerprint}\n`);
      if (opts.controlToken) ctx.stdout.write(`control API: ${sim.url}/sim/v1 (bearer token required)\n`);
      if (demoSeed) {
        ctx.stdout.write(
          `no --seed given: the demo seed ${demoSeedPath()} (docs/exchange-sim.md); logins:\n`,
        );
        ctx.stdout.write(`${describeSeedLogins(demoSeed, sim.state.directory.netbiosDomain).join('\n')}\n`);
      }
      await stopped;
      await sim.close();
    });
};
