import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { openStore } from './open-store.ts';
import type { CommandRegistrar } from './commands.ts';
import type { CliContext } from './context.ts';

interface MigrateFlags {
  data?: string;
  config?: string;
}

/** `voxsync migrate`: creates or upgrades the database schema (SQLite under --data, or DATABASE_URL). */
export const registerMigrate: CommandRegistrar = (program: Command, ctx: CliContext) => {
  program
    .command('migrate')
    .description('create or upgrade the database schema (SQLite in the data directory, or DATABASE_URL)')
    .option('--data <dir>', 'data directory (default ./data, or VOXSYNC_DATA_DIR)')
    .option('--config <file>', 'JSON configuration file')
    .action(async (flags: MigrateFlags) => {
      const { config } = loadConfig({
        file: flags.config,
        env: ctx.env,
        overrides: flags.data !== undefined ? { dataDir: flags.data } : {},
      });
      const store = await openStore(config, ctx, { create: true });
      try {
        const report = store.migration;
        ctx.stdout.write(`database: ${store.dialect} ${store.location}\n`);
        if (store.keySource.kind === 'file' && store.keySource.created) {
          ctx.stdout.write(
            `created credential key ${store.keySource.path} (mode 0600); back it up with the data\n`,
          );
        }
        if (report === null || report.applied.length === 0) {
          ctx.stdout.write(`schema up to date (${report?.current.length ?? 0} migrations)\n`);
        } else {
          for (const name of report.applied) ctx.stdout.write(`applied ${name}\n`);
          ctx.stdout.write(`schema up to date (${report.current.length} migrations)\n`);
        }
      } finally {
        await store.close();
      }
    });
};
