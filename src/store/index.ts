// The store's public surface. The only module that writes SQL.
export { Store, type OpenStoreOptions, type TransactionScope } from './store.ts';
export { DatabaseConnectionLostError } from './postgres-pool.ts';
export {
  openDatabase,
  redactUrl,
  SQLITE_FILE_NAME,
  type DialectName,
  type DatabaseTarget,
  type OpenedDatabase,
} from './dialect.ts';
export { migrateToLatest, MigrationError, type MigrationReport } from './migrator.ts';
export { migrations, type StoreMigration, type MigrationTypes } from './migrations/index.ts';
export type { Database } from './schema.ts';
export {
  inTransaction,
  lockRow,
  uniqueViolation,
  foreignKeyViolation,
  newId,
  systemClock,
  type Clock,
  type Executor,
} from './support.ts';
export * from './repositories/index.ts';
export {
  ChangeRepository,
  CHANGE_CHANNEL,
  type StoredChange,
  type ChangeSlice,
} from './repositories/changes.ts';
export { WebhookFeedRepository, type FeedDelivery } from './repositories/webhook-feed.ts';
export type { ChangeWakeups } from './change-wakeups.ts';
