// Wake-ups for readers of the change feed: "changes may have been committed, read again".
//
// A wake-up carries no data; readers always read the table after their cursor, so a lost, duplicated or
// spurious wake-up never loses or repeats a change, it only delays or costs a query. Sources:
// - this process: `signal()` after a commit that appended changes (immediate, both dialects);
// - PostgreSQL: LISTEN on a dedicated connection; every appending transaction notifies on commit, so a
//   change committed by another node or a CLI process wakes this one. After the listening connection
//   is lost it reconnects with backoff and wakes readers once, for whatever was missed meanwhile;
// - SQLite: another process (a `voxsync deposit`) cannot signal us, so the store's connection polls
//   `PRAGMA data_version`, which changes when another connection commits to the file.
// The cross-process source runs only while someone is subscribed, so a short CLI command opens nothing.
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { CHANGE_CHANNEL } from './repositories/changes.ts';
import type { Database } from './schema.ts';

export interface ChangeWakeups {
  /** Calls `listener` on every wake-up until the returned function is called. */
  subscribe(listener: () => void): () => void;
  /** Tells this process's readers that changes were just committed. */
  signal(): void;
  /** Stops the cross-process source; later subscriptions get local signals only. */
  close(): Promise<void>;
}

/** Something that starts watching other processes and stops again. */
interface ExternalSource {
  start(wake: () => void): void;
  stop(): Promise<void>;
}

export interface WakeupOptions {
  /** PostgreSQL: first reconnect delay of the listening connection, doubled per failure up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** SQLite: how often `PRAGMA data_version` is read. */
  readonly pollMs?: number;
  /** Told when the listening connection fails (it is retried). */
  readonly onError?: (err: unknown) => void;
}

class Wakeups implements ChangeWakeups {
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private running = false;

  constructor(private readonly external: ExternalSource | undefined) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.running && !this.closed && this.external) {
      this.running = true;
      this.external.start(() => this.signal());
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.running) {
        this.running = false;
        void this.external?.stop();
      }
    };
  }

  signal(): void {
    for (const listener of [...this.listeners]) listener();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.running) {
      this.running = false;
      await this.external?.stop();
    }
  }
}

/** In-process signals only (an in-memory SQLite database, which no other process can open). */
export function localWakeups(): ChangeWakeups {
  return new Wakeups(undefined);
}

/** SQLite file: local signals plus a `PRAGMA data_version` poll on the store's own connection. */
export function sqliteWakeups(db: Kysely<Database>, opts: WakeupOptions = {}): ChangeWakeups {
  let timer: NodeJS.Timeout | undefined;
  let last: number | undefined;
  let busy = false;
  const poll = (wake: () => void): void => {
    if (busy) return;
    busy = true;
    sql<{ data_version: number }>`PRAGMA data_version`
      .execute(db)
      .then((r) => {
        const v = r.rows[0]?.data_version;
        if (v !== undefined && last !== undefined && v !== last) wake();
        last = v;
      })
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => (busy = false));
  };
  return new Wakeups({
    start(wake) {
      last = undefined;
      // The baseline is queued on the connection now, before the subscriber's first read, so a commit
      // that the read misses changes the version after the baseline.
      poll(wake);
      timer = setInterval(() => poll(wake), opts.pollMs ?? 200);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      return Promise.resolve();
    },
  });
}

/** PostgreSQL: local signals plus LISTEN on a dedicated connection, reconnected with backoff. */
export function postgresWakeups(url: string, opts: WakeupOptions = {}): ChangeWakeups {
  const base = opts.backoffMs ?? 250;
  const max = opts.maxBackoffMs ?? 10_000;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let active = false;
  let failures = 0;

  const connect = (wake: () => void): void => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000 });
    client = c;
    const lost = (err: unknown): void => {
      if (client !== c) return;
      client = undefined;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (!active) return;
      opts.onError?.(err);
      const delay = Math.min(max, base * 2 ** failures++);
      retry = setTimeout(() => connect(wake), delay);
      retry.unref();
    };
    c.on('error', lost);
    c.on('end', () => lost(new Error('the listening connection ended')));
    c.on('notification', (n) => {
      if (n.channel === CHANGE_CHANNEL) wake();
    });
    void c
      .connect()
      .then(() => c.query(`LISTEN ${CHANGE_CHANNEL}`))
      .then(() => {
        failures = 0;
        // Anything committed while we were not listening is found by the readers' next read.
        wake();
      })
      .catch(lost);
  };

  return new Wakeups({
    start(wake) {
      active = true;
      failures = 0;
      connect(wake);
    },
    async stop() {
      active = false;
      clearTimeout(retry);
      // Taken now: a start() right after this stop() opens a new client that this must not end.
      const c = client;
      client = undefined;
      if (c) await c.end().catch(() => undefined);
    },
  });
}
