import type { Transaction } from 'kysely';
import type { ChangeRecord } from '../domain/index.ts';
import type { Clock, Database, Repositories, Store } from '../store/index.ts';

/**
 * What a use case works with inside its transaction: the transaction itself, the store's
 * repositories bound to it, the clock, and `recordChange` for every change it makes.
 */
export interface ServiceScope extends Repositories {
  readonly db: Transaction<Database>;
  readonly clock: Clock;
  recordChange(change: ChangeRecord): void;
}

/** Told, after a commit, about the changes that transaction recorded (in order). */
export type CommittedChangesListener = (changes: readonly ChangeRecord[]) => void;

const listeners = new WeakMap<Store, Set<CommittedChangesListener>>();

/**
 * Runs one use case in one database transaction: it commits when `fn` resolves and rolls back (and
 * forgets the recorded changes) when it throws. Services own their transaction this way; the
 * repositories they call only do I/O on `scope`.
 */
export async function inServiceTransaction<T>(
  store: Store,
  fn: (scope: ServiceScope) => Promise<T>,
): Promise<T> {
  const changes: ChangeRecord[] = [];
  const result = await store.transaction((tx) =>
    fn({ ...tx, clock: store.clock, recordChange: (change) => changes.push(change) }),
  );
  if (changes.length > 0) publishCommittedChanges(store, changes);
  return result;
}

/** Subscribes to the changes committed through `store` in this process; returns the unsubscribe. */
export function onCommittedChanges(store: Store, listener: CommittedChangesListener): () => void {
  let set = listeners.get(store);
  if (!set) listeners.set(store, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * THE PLACE THE CHANGE FEED PLUGS IN. Today the committed changes go to in-process listeners (the
 * server bridges them to its event bus for SSE and webhooks), so a change made by another process
 * is not seen. The durable change feed replaces this: the changes are written to the change table
 * inside the transaction above, and readers follow the table instead.
 */
function publishCommittedChanges(store: Store, changes: readonly ChangeRecord[]): void {
  for (const listener of listeners.get(store) ?? []) {
    try {
      listener(changes);
    } catch {
      // A listener's failure is its own (the bus reports listener errors itself); the commit stands.
    }
  }
}
