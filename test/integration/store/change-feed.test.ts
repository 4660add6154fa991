// The change feed at the store level: sequences, pages and cursors, pruning, wake-ups from this store,
// from a second store on the same database (another node or process), and commit order on PostgreSQL.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { ChangeRecord } from '../../../src/domain/change.ts';
import {
  ChangeCursorAheadError,
  ChangeFeed,
  ChangesPrunedError,
  type StoredChange,
} from '../../../src/services/change-feed.ts';
import { ChangeRepository, Store } from '../../../src/store/index.ts';
import { eachDatabase } from '../../helpers/databases.ts';

const change = (mailboxId: string | null, n: number): ChangeRecord => ({
  kind: mailboxId === null ? 'feature_group.changed' : 'message.created',
  mailboxId,
  entityId: `e${n}`,
  data: { n },
});

/** Collects what `follow` yields until `count` changes arrived. */
function collect(feed: ChangeFeed, after: number, count: number, mailboxId?: string) {
  const stop = new AbortController();
  const seen: StoredChange[] = [];
  const done = (async () => {
    for await (const c of feed.follow(after, { mailboxId, signal: stop.signal })) {
      seen.push(c);
      if (seen.length >= count) break;
    }
    return seen;
  })();
  const timer = setTimeout(() => stop.abort(), 15_000);
  return {
    seen,
    done: done.finally(() => clearTimeout(timer)),
  };
}

await eachDatabase('change feed', (db) => {
  it('gives increasing sequences and reads them in pages, for one mailbox or all', async () => {
    const feed = new ChangeFeed(db.store);
    const start = await feed.head();
    const last = await db.store.changes.append([change('mb-a', 1), change('mb-b', 2), change(null, 3)]);
    await db.store.changes.append([change('mb-a', 4)]);
    assert.equal(last, start + 3);
    assert.equal(await feed.head(), start + 4);

    const first = await feed.read(start, { limit: 2 });
    assert.deepEqual(
      first.changes.map((c) => [c.seq - start, c.kind, c.mailboxId, c.data.n]),
      [
        [1, 'message.created', 'mb-a', 1],
        [2, 'message.created', 'mb-b', 2],
      ],
    );
    assert.equal(first.more, true);
    const second = await feed.read(first.cursor, { limit: 2 });
    assert.deepEqual(
      second.changes.map((c) => [c.mailboxId, c.entityId]),
      [
        [null, 'e3'],
        ['mb-a', 'e4'],
      ],
    );

    const mine = await feed.read(start, { mailboxId: 'mb-a' });
    assert.deepEqual(
      mine.changes.map((c) => c.data.n),
      [1, 4],
    );
    assert.equal(mine.more, false);
    // A short page moves the cursor to the head, past other mailboxes' changes.
    assert.equal(mine.cursor, start + 4);
    const none = await feed.read(start + 1, { mailboxId: 'mb-c' });
    assert.deepEqual(none, { changes: [], cursor: start + 4, more: false });
  });

  it('a cursor older than what was pruned, or beyond the head, is refused with a typed error', async () => {
    const feed = new ChangeFeed(db.store);
    const before = await feed.head();
    await db.store.changes.append([change('mb-p', 1), change('mb-p', 2)]);
    const removed = await db.store.changes.prune(new Date(Date.now() + 60_000));
    assert.ok(removed >= 2);
    const head = await feed.head();
    assert.equal(head, before + 2, 'the head survives pruning everything');
    await assert.rejects(feed.read(before), (err: unknown) => {
      assert.ok(err instanceof ChangesPrunedError);
      assert.equal(err.code, 'changes.pruned');
      assert.equal(err.prunedThrough, head);
      return true;
    });
    assert.deepEqual(await feed.read(head), { changes: [], cursor: head, more: false });
    await assert.rejects(feed.read(head + 5), (err: unknown) => {
      assert.ok(err instanceof ChangeCursorAheadError);
      assert.equal(err.code, 'changes.cursor_ahead');
      return true;
    });
    const next = await db.store.changes.append([change('mb-p', 3)]);
    assert.equal(next, head + 1, 'sequences are never reused after pruning');
  });

  it('follow() yields what this store commits, in order, woken by its signal', async () => {
    const feed = new ChangeFeed(db.store);
    const after = await feed.head();
    const reader = collect(feed, after, 3, 'mb-f');
    await db.store.transaction(async ({ db: tx }) => {
      await new ChangeRepository(tx, db.store.dialect, db.store.clock).append([change('mb-f', 1)]);
    });
    db.store.changeWakeups.signal();
    await db.store.changes.append([change('mb-other', 2), change('mb-f', 3)]);
    db.store.changeWakeups.signal();
    await db.store.changes.append([change('mb-f', 4)]);
    db.store.changeWakeups.signal();
    const seen = await reader.done;
    assert.deepEqual(
      seen.map((c) => c.data.n),
      [1, 3, 4],
    );
    assert.ok(seen[0]!.seq < seen[1]!.seq && seen[1]!.seq < seen[2]!.seq);
  });

  it('follow() is woken by a commit from a second store on the same database (no local signal)', async () => {
    const second = await Store.open(db.options);
    try {
      const feed = new ChangeFeed(db.store);
      const after = await feed.head();
      const reader = collect(feed, after, 2);
      // Only the second store's commit; nothing in this process signals the first store. The reader
      // must learn of it through LISTEN/NOTIFY (PostgreSQL) or PRAGMA data_version (SQLite).
      await second.changes.append([change('mb-x', 1)]);
      await second.changes.append([change('mb-x', 2)]);
      const seen = await reader.done;
      assert.deepEqual(
        seen.map((c) => c.data.n),
        [1, 2],
      );
    } finally {
      await second.close();
    }
  });

  it('the listening connection, when the server ends it, is reopened and wake-ups resume', async (t) => {
    if (db.dialect !== 'postgres') {
      t.skip('PostgreSQL only: SQLite has no listening connection');
      return;
    }
    const admin = new pg.Client({ connectionString: db.options.databaseUrl });
    await admin.connect();
    const second = await Store.open(db.options);
    const listeners = async (): Promise<number[]> =>
      (
        await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN voxsync_changes'",
        )
      ).rows.map((r) => r.pid);
    try {
      const feed = new ChangeFeed(db.store);
      const reader = collect(feed, await feed.head(), 2, 'mb-r');
      await until(async () => (await listeners()).length === 1);
      const [old] = await listeners();
      await admin.query('SELECT pg_terminate_backend($1)', [old]);
      await until(async () => {
        const now = await listeners();
        return now.length === 1 && now[0] !== old;
      });
      await second.changes.append([change('mb-r', 1)]);
      await second.changes.append([change('mb-r', 2)]);
      assert.deepEqual(
        (await reader.done).map((c) => c.data.n),
        [1, 2],
      );
    } finally {
      await second.close();
      await admin.end();
    }
  });

  it('sequence order is commit order: an appender waits for an earlier one to commit', async (t) => {
    if (db.dialect !== 'postgres') {
      t.skip('SQLite serializes writers; there is no interleaving to test');
      return;
    }
    const feed = new ChangeFeed(db.store);
    const before = await feed.head();
    const second = await Store.open(db.options);
    const admin = new pg.Client({ connectionString: db.options.databaseUrl });
    await admin.connect();
    try {
      let releaseA!: () => void;
      const holdA = new Promise<void>((r) => (releaseA = r));
      let seqA = 0;
      const a = db.store.transaction(async ({ db: tx }) => {
        seqA = (await new ChangeRepository(tx, 'postgres', db.store.clock).append([change('mb-o', 1)]))!;
        await holdA;
      });
      // Wait until A holds the append lock (its change is written, not committed).
      await until(async () => seqA > 0);
      const b = second.changes.append([change('mb-o', 2)]);
      // B is observably blocked on the advisory lock while A is open.
      await until(async () => {
        const r = await admin.query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        );
        return (r.rows[0] as { n: number }).n > 0;
      });
      assert.deepEqual((await feed.read(before)).changes, [], 'nothing is visible before A commits');
      releaseA();
      await a;
      const seqB = (await b)!;
      assert.ok(seqA < seqB, `A ${seqA} committed first and has the lower sequence than B ${seqB}`);
      assert.deepEqual(
        (await feed.read(before)).changes.map((c) => c.data.n),
        [1, 2],
      );
    } finally {
      await admin.end();
      await second.close();
    }
  });
});

async function until(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
