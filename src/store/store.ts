import type { Kysely, Transaction } from 'kysely';
import { CredentialCipher, Secret, loadOrCreateKey, type KeySource } from '../secrets/index.ts';
import { openDatabase, type DialectName, type OpenedDatabase } from './dialect.ts';
import type { DatabaseConnectionLostError } from './postgres-pool.ts';
import { migrateToLatest, type MigrationReport } from './migrator.ts';
import { migrations as allMigrations, type StoreMigration } from './migrations/index.ts';
import { createRepositories, type Repositories } from './repositories/index.ts';
import type { Database } from './schema.ts';
import { systemClock, type Clock } from './support.ts';

export interface OpenStoreOptions {
  /** Data directory: holds the SQLite file and the key file unless overridden. */
  readonly dataDir: string;
  /** PostgreSQL URL (DATABASE_URL); SQLite under dataDir when absent. */
  readonly databaseUrl?: string | undefined;
  /** Base64 32-byte key (VOXSYNC_SECRET_KEY); else `<dataDir>/secret.key`, created on first start. */
  readonly secretKey?: Secret | string | undefined;
  /** SQLite file path override (`:memory:` in tests). */
  readonly sqlitePath?: string | undefined;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
  readonly migrations?: readonly StoreMigration[];
  readonly clock?: Clock;
  /** PostgreSQL: told about each pooled connection the server ended (a restart, pg_terminate_backend);
   * the store carries on and reconnects on the next query. Default: a process warning. */
  readonly onConnectionLost?: ((err: DatabaseConnectionLostError) => void) | undefined;
}

/** Repositories bound to one transaction, plus the transaction itself. */
export type TransactionScope = Repositories & { readonly db: Transaction<Database> };

/**
 * The store: the database, the credential cipher, and every repository. Open one per process and
 * share it; `transaction` groups changes across aggregates atomically.
 */
export class Store implements Repositories {
  readonly endpoints;
  readonly featureGroups;
  readonly mailboxes;
  readonly messages;
  readonly audioCache;
  readonly mwi;
  readonly contacts;
  readonly calendar;
  readonly locations;
  readonly importedIds;
  readonly adminUsers;
  readonly apiTokens;
  readonly sessions;
  readonly auditLog;
  readonly webhooks;
  readonly webhookDeliveries;
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data lives (password removed from a PostgreSQL URL); safe to log. */
  readonly location: string;

  private readonly closeDatabase: OpenedDatabase['close'];

  private constructor(
    opened: OpenedDatabase,
    readonly cipher: CredentialCipher,
    readonly keySource: KeySource,
    readonly migration: MigrationReport | null,
    readonly clock: Clock,
  ) {
    this.db = opened.db;
    this.dialect = opened.dialect;
    this.location = opened.location;
    this.closeDatabase = opened.close;
    const r = createRepositories(this.db, cipher, clock);
    this.endpoints = r.endpoints;
    this.featureGroups = r.featureGroups;
    this.mailboxes = r.mailboxes;
    this.messages = r.messages;
    this.audioCache = r.audioCache;
    this.mwi = r.mwi;
    this.contacts = r.contacts;
    this.calendar = r.calendar;
    this.locations = r.locations;
    this.importedIds = r.importedIds;
    this.adminUsers = r.adminUsers;
    this.apiTokens = r.apiTokens;
    this.sessions = r.sessions;
    this.auditLog = r.auditLog;
    this.webhooks = r.webhooks;
    this.webhookDeliveries = r.webhookDeliveries;
  }

  static async open(opts: OpenStoreOptions): Promise<Store> {
    const envKey = opts.secretKey instanceof Secret ? opts.secretKey.reveal() : opts.secretKey;
    const { key, source } = loadOrCreateKey(opts.dataDir, envKey);
    const opened = openDatabase(opts);
    try {
      const report =
        opts.migrate === false
          ? null
          : await migrateToLatest(opened.db, opened.dialect, opts.migrations ?? allMigrations);
      return new Store(opened, new CredentialCipher(key), source, report, opts.clock ?? systemClock);
    } catch (err) {
      await opened.close();
      throw err;
    }
  }

  /** Runs `fn` in one database transaction; it commits when `fn` resolves and rolls back when it throws. */
  async transaction<T>(fn: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((tx) => fn({ ...createRepositories(tx, this.cipher, this.clock), db: tx }));
  }

  /** Closes the database; resolves once no connection to it is left open. */
  async close(): Promise<void> {
    await this.closeDatabase();
  }
}
