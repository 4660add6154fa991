// How CLI commands open the store. Every command says on stderr which store it opened, so a token printed by
// `voxsync admin token` can be traced to the database the server reads. Only serve, migrate and demo may
// create a store: any other command run from another folder (or with a mistyped --data) would otherwise
// create a new empty one silently and, say, print a token the running server rejects.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.ts';
import { SQLITE_FILE_NAME, redactUrl } from '../store/dialect.ts';
import { Store, type OpenStoreOptions } from '../store/index.ts';
import type { CliContext } from './context.ts';

/** No store where the command looked; the message names the place and how to point at the right one. */
export class StoreNotFoundError extends Error {
  readonly code = 'cli.store_not_found';
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotFoundError';
  }
}

type StoreConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'secretKey'>;

function storeOptions(config: StoreConfig, extra: Partial<OpenStoreOptions>): OpenStoreOptions {
  return {
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    secretKey: config.secretKey,
    ...extra,
  };
}

const HOW_TO_POINT =
  'Run the command in the folder the server was started in, or point at the store with --data DIR, ' +
  'VOXSYNC_DATA_DIR, --config FILE or DATABASE_URL; `voxsync migrate` (or `voxsync serve`) creates a new store.';

/** Refuses when the configured store does not exist yet, creating nothing (no file, no schema, no key). */
async function requireExistingStore(config: StoreConfig): Promise<void> {
  if (config.databaseUrl === undefined) {
    const path = join(config.dataDir, SQLITE_FILE_NAME);
    if (!existsSync(path))
      throw new StoreNotFoundError(`There is no voxsync store at ${path}. ${HOW_TO_POINT}`);
    return;
  }
  // A probe without migrations and with a throw-away key, so an empty database is left as it was found.
  const probe = await Store.open(
    storeOptions(config, { migrate: false, secretKey: randomBytes(32).toString('base64') }),
  );
  try {
    const tables = await probe.db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((t) => t.name === 'kysely_migration')) {
      throw new StoreNotFoundError(
        `The PostgreSQL database ${redactUrl(config.databaseUrl)} holds no voxsync store. ${HOW_TO_POINT}`,
      );
    }
  } finally {
    await probe.close();
  }
}

/**
 * Opens the configured store and writes `store: <dialect> <location>` to stderr. Unless `create` is set
 * (serve, migrate, demo), a store that does not exist yet is refused with StoreNotFoundError.
 */
export async function openStore(
  config: StoreConfig,
  ctx: Pick<CliContext, 'stderr'>,
  opts: { readonly create?: boolean } & Partial<OpenStoreOptions> = {},
): Promise<Store> {
  const { create, ...extra } = opts;
  if (!create) await requireExistingStore(config);
  const store = await Store.open(storeOptions(config, extra));
  ctx.stderr.write(`store: ${store.dialect} ${store.location}\n`);
  return store;
}
