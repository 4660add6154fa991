// The change feed as its readers see it: SSE, webhooks and the sync engine read recorded changes after a
// cursor (a sequence number they keep), page by page, and `follow()` waits for wake-ups when caught up.
// See docs/change-feed.md.
import type { ChangeWakeups } from '../store/change-wakeups.ts';
import type { ChangeRepository, StoredChange } from '../store/repositories/changes.ts';

export type { StoredChange } from '../store/repositories/changes.ts';

/** The cursor points before changes that were pruned (older than the retention): they cannot be read. */
export class ChangesPrunedError extends Error {
  readonly code = 'changes.pruned';
  constructor(
    readonly after: number,
    readonly prunedThrough: number,
  ) {
    super(
      `Changes after ${after} are no longer kept (pruned through ${prunedThrough}); read the current state again and continue from the feed's head.`,
    );
    this.name = 'ChangesPrunedError';
  }
}

/** The cursor is beyond the newest change: it does not come from this feed (another database, a reset). */
export class ChangeCursorAheadError extends Error {
  readonly code = 'changes.cursor_ahead';
  constructor(
    readonly after: number,
    readonly head: number,
  ) {
    super(
      `The cursor ${after} is beyond the newest change (${head}); it does not come from this database. Read the current state again and continue from the feed's head.`,
    );
    this.name = 'ChangeCursorAheadError';
  }
}

export interface ChangePage {
  /** Oldest first. */
  readonly changes: readonly StoredChange[];
  /** Where the next read continues: pass it as `after`. Can move past changes of other mailboxes. */
  readonly cursor: number;
  /** True when the page was full: read again at once for the rest. */
  readonly more: boolean;
}

export interface ReadOptions {
  /** Only this mailbox's changes; all changes (including configuration without a mailbox) when absent. */
  readonly mailboxId?: string | undefined;
  /** Page size (default 100, at most 1000). */
  readonly limit?: number | undefined;
}

export interface FollowOptions extends ReadOptions {
  /** Ends the iteration (it then returns normally). */
  readonly signal?: AbortSignal | undefined;
  /** Reads again after this long without a wake-up, as a safety net (default 30 s). */
  readonly recheckMs?: number | undefined;
}

/** What the feed reads from; the Store provides both. */
export interface ChangeFeedSource {
  readonly changes: ChangeRepository;
  readonly changeWakeups: ChangeWakeups;
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

export class ChangeFeed {
  constructor(private readonly source: ChangeFeedSource) {}

  /** The newest committed sequence: a cursor that starts with what happens from now on. */
  head(): Promise<number> {
    return this.source.changes.head();
  }

  /**
   * One page of changes after `after`, oldest first. Throws ChangesPrunedError (`changes.pruned`) when
   * changes after the cursor were pruned, ChangeCursorAheadError (`changes.cursor_ahead`) when the cursor
   * is not from this feed.
   */
  async read(after: number, opts: ReadOptions = {}): Promise<ChangePage> {
    if (!Number.isSafeInteger(after) || after < 0) throw new ChangeCursorAheadError(after, 0);
    const limit = Math.min(MAX_PAGE, Math.max(1, opts.limit ?? DEFAULT_PAGE));
    const slice = await this.source.changes.page(after, { mailboxId: opts.mailboxId, limit });
    if (after < slice.prunedThrough) throw new ChangesPrunedError(after, slice.prunedThrough);
    const last = slice.changes.at(-1)?.seq;
    if (last === undefined && after > slice.head) throw new ChangeCursorAheadError(after, slice.head);
    const more = slice.changes.length === limit;
    // A short page saw every matching change up to the head read before it, so the cursor may move to
    // that head even when the changes there belong to other mailboxes.
    const cursor = more ? (last ?? after) : Math.max(after, slice.head, last ?? 0);
    return { changes: slice.changes, cursor, more };
  }

  /**
   * Every change after `after`, in order, as it is committed: reads pages until caught up, then waits for
   * a wake-up. Ends when `signal` aborts; throws like `read` (also later, if the reader falls behind
   * the retention while it is slow to consume).
   */
  async *follow(after: number, opts: FollowOptions = {}): AsyncGenerator<StoredChange, void, undefined> {
    const { signal } = opts;
    let cursor = after;
    // Set by a wake-up that arrives while a page is being read, so the next read follows at once.
    const pending = { woken: false };
    let wake: (() => void) | undefined;
    const unsubscribe = this.source.changeWakeups.subscribe(() => {
      pending.woken = true;
      wake?.();
    });
    try {
      while (!signal?.aborted) {
        pending.woken = false;
        const page = await this.read(cursor, opts);
        for (const change of page.changes) {
          if (signal?.aborted) return;
          yield change;
          cursor = change.seq;
        }
        cursor = page.cursor;
        if (page.more || pending.woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, opts.recheckMs ?? 30_000);
          function done(): void {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            wake = undefined;
            resolve();
          }
          wake = done;
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      unsubscribe();
    }
  }
}
