// The PostgreSQL connection pool behind the store, made safe against connections the server ends.
//
// Two properties of node-postgres (pg 8 / pg-pool 3) matter here:
// - When the server ends a connection the pool holds idle (a PostgreSQL restart, pg_terminate_backend, an
//   idle-session timeout, DROP DATABASE ... WITH (FORCE)), the pool emits 'error'. An 'error' event nobody
//   listens to is thrown by Node as an uncaught exception, which would end the whole process. The pool has
//   already discarded that connection and opens a new one for the next query, so the right reaction is to
//   report it and carry on. A client checked out at that moment emits 'error' on itself too (its query
//   fails on its own), so every client gets a listener as well.
// - `pool.end()` resolves once it has asked every connection to close, not once they are closed: the
//   server may still hold those sessions for a while. `close()` below waits until each one has gone.
import pg from 'pg';

/** A connection the pool held was ended by the server or the network; the pool replaces it on demand. */
export class DatabaseConnectionLostError extends Error {
  readonly code = 'store.connection_lost';
  constructor(cause: unknown) {
    super(
      `A PostgreSQL connection was closed by the server or the network (${cause instanceof Error ? cause.message : String(cause)}); the next query opens a new one.`,
      { cause },
    );
    this.name = 'DatabaseConnectionLostError';
  }
}

export interface PostgresPoolOptions {
  readonly url: string;
  readonly max: number;
  /** Called for every lost connection; defaults to a process warning. */
  readonly onConnectionLost?: ((err: DatabaseConnectionLostError) => void) | undefined;
}

export interface PostgresPool {
  readonly pool: pg.Pool;
  /** Resolves once every connection the pool opened is closed (call after `pool.end()`). */
  closed(): Promise<void>;
}

// How long `closed()` waits for the server to close sessions before giving up on them (a dead network
// must not hang shutdown).
const CLOSE_WAIT_MS = 10_000;

export function createPostgresPool(opts: PostgresPoolOptions): PostgresPool {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.max });
  const open = new Set<pg.PoolClient>();
  let waiters: (() => void)[] = [];

  const report = (err: unknown): void => {
    // While the pool is being closed, connections ending is what was asked for.
    if (pool.ending) return;
    const lost = new DatabaseConnectionLostError(err);
    if (opts.onConnectionLost) opts.onConnectionLost(lost);
    else process.emitWarning(lost.message, { code: lost.code });
  };

  pool.on('error', report);
  pool.on('connect', (client) => {
    open.add(client);
    // Errors on a checked-out client also reach the query that was running; this listener only keeps the
    // event from becoming an uncaught exception. Idle clients are reported through the pool's 'error'.
    client.on('error', () => undefined);
  });
  pool.on('remove', (client) => {
    open.delete(client);
    if (open.size === 0) {
      const done = waiters;
      waiters = [];
      for (const w of done) w();
    }
  });

  return {
    pool,
    closed: () => {
      if (open.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_WAIT_MS);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
