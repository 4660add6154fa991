import type { Command } from 'commander';
import { createAdminToken, createAdminUser, resetAdminPassword } from '../api/auth/admin-accounts.ts';
import { loadConfig } from '../config/index.ts';
import { Store } from '../store/index.ts';
import type { CommandRegistrar } from './commands.ts';
import { UsageError, type CliContext } from './context.ts';

interface StoreFlags {
  data?: string;
  config?: string;
}

async function withStore<T>(
  flags: StoreFlags,
  ctx: CliContext,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const { config } = loadConfig({ file: flags.config, env: ctx.env, overrides: { dataDir: flags.data } });
  const store = await Store.open({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    secretKey: config.secretKey,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * The password comes from VOXSYNC_ADMIN_PASSWORD or the first line of standard input, never from
 * an argument (arguments show up in `ps` and shell history).
 */
async function readPassword(ctx: CliContext, stdin: NodeJS.ReadableStream): Promise<string> {
  const fromEnv = ctx.env.VOXSYNC_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if ((stdin as { isTTY?: boolean }).isTTY) {
    ctx.stderr.write('password (input is echoed; prefer VOXSYNC_ADMIN_PASSWORD or a pipe): ');
  }
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError('no password given (set VOXSYNC_ADMIN_PASSWORD or pipe it on stdin)');
  return line;
}

export function registerAdminWith(stdin: NodeJS.ReadableStream): CommandRegistrar {
  return (program: Command, ctx: CliContext) => {
    const admin = program
      .command('admin')
      .description('administrators and API tokens, directly on the store');
    const storeOptions = (c: Command) =>
      c
        .option('--data <dir>', 'data directory (default ./data)')
        .option('--config <file>', 'JSON configuration file');

    storeOptions(
      admin
        .command('token')
        .description('create an admin API token and print it (shown only once)')
        .requiredOption('--name <name>', 'what the token is for, e.g. "pbx" or "monitoring"'),
    ).action(async (flags: StoreFlags & { name: string }) => {
      const name = flags.name.trim();
      if (name === '' || name.length > 200) throw new UsageError('--name must be 1 to 200 characters');
      const created = await withStore(flags, ctx, (store) => createAdminToken(store, name, 'cli'));
      ctx.stdout.write(`${created.token}\n`);
    });

    storeOptions(
      admin
        .command('create-user')
        .description('create an administrator; password from VOXSYNC_ADMIN_PASSWORD or stdin')
        .requiredOption('--username <name>', 'login name'),
    ).action(async (flags: StoreFlags & { username: string }) => {
      const password = await readPassword(ctx, stdin);
      await withStore(flags, ctx, (store) => createAdminUser(store, flags.username, password, 'cli'));
      ctx.stdout.write(`administrator "${flags.username}" created\n`);
    });

    storeOptions(
      admin
        .command('reset-password')
        .description(
          "set an administrator's password and end their sessions; password from VOXSYNC_ADMIN_PASSWORD or stdin",
        )
        .requiredOption('--username <name>', 'login name'),
    ).action(async (flags: StoreFlags & { username: string }) => {
      const password = await readPassword(ctx, stdin);
      await withStore(flags, ctx, (store) => resetAdminPassword(store, flags.username, password, 'cli'));
      ctx.stdout.write(`password of "${flags.username}" changed; their sessions ended\n`);
    });
  };
}

export const registerAdmin: CommandRegistrar = registerAdminWith(process.stdin);
