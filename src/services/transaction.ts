import type { Transaction } from 'kysely';
import type { ChangeRecord } from '../domain/index.ts';
import {
  ChangeRepository,
  type Clock,
  type Database,
  type Repositories,
  type Store,
} from '../store/index.ts';

/**
 * What a use case works with inside its transaction: the transaction itself, the store's
 * repositories bound to it, the clock, and `recordChange` for every change it makes.
 */
export interface ServiceScope extends Repositories {
  readonly db: Transaction<Database>;
  readonly clock: Clock;
  recordChange(change: ChangeRecord): void;
}

/**
 * Runs one use case in one database transaction: it commits when `fn` resolves and rolls back (and
 * forgets the recorded changes) when it throws. Services own their transaction this way; the
 * repositories they call only do I/O on `scope`.
 *
 * The recorded changes are appended to the change feed as the transaction's last write, so a change
 * and its record commit together (nothing is lost between commit and publish, whichever process made
 * the change); see docs/change-feed.md. Last, because on PostgreSQL the append takes the lock that keeps
 * sequences in commit order, and holding it while waiting for row locks would serialize more than the
 * commit. After the commit this process's readers are woken; other processes learn of it through
 * NOTIFY (PostgreSQL) or the data_version poll (SQLite).
 */
export async function inServiceTransaction<T>(
  store: Store,
  fn: (scope: ServiceScope) => Promise<T>,
): Promise<T> {
  let recorded = 0;
  const result = await store.transaction(async (tx) => {
    const changes: ChangeRecord[] = [];
    const value = await fn({ ...tx, clock: store.clock, recordChange: (change) => changes.push(change) });
    await new ChangeRepository(tx.db, store.dialect, store.clock).append(changes);
    recorded = changes.length;
    return value;
  });
  if (recorded > 0) store.changeWakeups.signal();
  return result;
}
