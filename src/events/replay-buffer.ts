import { randomBytes } from 'node:crypto';
import type { EventBus } from './bus.ts';
import type { VoxsyncEvent } from './types.ts';

/** What a reconnecting client is owed: the events it missed, or word that they are gone. */
export type Replay =
  | { readonly kind: 'events'; readonly events: readonly VoxsyncEvent[] }
  | { readonly kind: 'gap'; readonly reason: 'unknown_id' | 'too_old' };

export interface ReplayBufferOptions {
  /** Events kept per mailbox; older ones can no longer be replayed. */
  readonly perMailbox?: number;
  /** Mailboxes with kept events; the one quiet the longest is forgotten first. */
  readonly mailboxes?: number;
}

interface MailboxEvents {
  readonly events: VoxsyncEvent[];
  /** Highest event id dropped from this mailbox's window (0: none). */
  droppedUpTo: number;
}

/**
 * The recent events of each mailbox, so an SSE client that reconnects with `Last-Event-ID` gets
 * what was published while it was away.
 *
 * Kept in memory rather than read back from the database: events are not stored (they describe
 * changes whose current state the database holds), their ids are counters of this process, and a
 * client that was away long enough to fall out of the window, or connected to an earlier process,
 * simply refetches state. Stream ids carry a random per-process epoch so an id from before a
 * restart is recognised as unknown instead of being mistaken for a current one.
 */
export class ReplayBuffer {
  readonly epoch = randomBytes(6).toString('hex');
  private readonly perMailbox: number;
  private readonly maxMailboxes: number;
  /** In order of last event, oldest first (Map keeps insertion order; a new event re-inserts). */
  private readonly byMailbox = new Map<string, MailboxEvents>();
  /** Highest id dropped together with a whole forgotten mailbox. */
  private forgottenUpTo = 0;
  private lastId = 0;
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus, opts: ReplayBufferOptions = {}) {
    this.perMailbox = Math.max(1, opts.perMailbox ?? 256);
    this.maxMailboxes = Math.max(1, opts.mailboxes ?? 10_000);
    this.unsubscribe = bus.subscribe((event) => this.add(event));
  }

  /** The stream id of an event: `<epoch>-<event id>`. */
  streamId(eventId: number): string {
    return `${this.epoch}-${eventId}`;
  }

  /** The stream id of the newest event seen, where a client that has refetched state stands. */
  get currentStreamId(): string {
    return this.streamId(this.lastId);
  }

  /**
   * The events after `lastEventId` that `mailboxId` (undefined: every mailbox) would have received,
   * oldest first; a gap when any of them may have been dropped or the id is not one of ours.
   */
  since(lastEventId: string, mailboxId: string | undefined): Replay {
    const m = /^([0-9a-f]{12})-(\d{1,15})$/.exec(lastEventId);
    if (!m || m[1] !== this.epoch) return { kind: 'gap', reason: 'unknown_id' };
    const after = Number(m[2]);
    if (after > this.lastId) return { kind: 'gap', reason: 'unknown_id' };
    if (after < this.forgottenUpTo) return { kind: 'gap', reason: 'too_old' };
    const one = mailboxId === undefined ? undefined : this.byMailbox.get(mailboxId);
    const windows = mailboxId === undefined ? [...this.byMailbox.values()] : one ? [one] : [];
    const events: VoxsyncEvent[] = [];
    for (const w of windows) {
      if (after < w.droppedUpTo) return { kind: 'gap', reason: 'too_old' };
      for (const e of w.events) if (e.id > after) events.push(e);
    }
    events.sort((a, b) => a.id - b.id);
    return { kind: 'events', events };
  }

  close(): void {
    this.unsubscribe();
  }

  private add(event: VoxsyncEvent): void {
    this.lastId = Math.max(this.lastId, event.id);
    const w = this.byMailbox.get(event.mailboxId) ?? { events: [], droppedUpTo: 0 };
    this.byMailbox.delete(event.mailboxId);
    this.byMailbox.set(event.mailboxId, w);
    w.events.push(event);
    if (w.events.length > this.perMailbox) w.droppedUpTo = w.events.shift()?.id ?? w.droppedUpTo;
    if (this.byMailbox.size > this.maxMailboxes) {
      const [oldestKey, oldest] = this.byMailbox.entries().next().value as [string, MailboxEvents];
      this.byMailbox.delete(oldestKey);
      this.forgottenUpTo = Math.max(this.forgottenUpTo, oldest.events.at(-1)?.id ?? 0);
    }
  }
}
