import type { Selectable } from 'kysely';
import {
  locationChangeSchema,
  parseInput,
  type LocationChangeInput,
  type LocationEntry,
} from '../../domain/index.ts';
import type { LocationHistoryTable } from '../schema.ts';
import { inTransaction, newId, type Clock, type Executor } from '../support.ts';
import { requireMailbox } from './mailbox-guard.ts';

type Row = Selectable<LocationHistoryTable>;

export interface CurrentLocation {
  readonly location: string | null;
  /** The latest history entry (its source and time), null when the location was never set. */
  readonly since: LocationEntry | null;
}

/** The UC location of a mailbox: the current value on the mailbox row plus an append-only history. */
export class LocationRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async current(mailboxId: string): Promise<CurrentLocation> {
    await requireMailbox(this.db, mailboxId);
    const mb = await this.db
      .selectFrom('mailboxes')
      .select('uc_location')
      .where('id', '=', mailboxId)
      .executeTakeFirstOrThrow();
    const latest = await this.history(mailboxId, 1);
    return { location: mb.uc_location, since: latest[0] ?? null };
  }

  /** Sets the current location and records it, atomically. */
  async set(mailboxId: string, input: LocationChangeInput): Promise<LocationEntry> {
    const change = parseInput(locationChangeSchema, input);
    return inTransaction(this.db, async (tx) => {
      await requireMailbox(tx, mailboxId);
      const now = this.clock().toISOString();
      const entry = {
        id: newId(),
        mailbox_id: mailboxId,
        location: change.location,
        source: change.source,
        calendar_event_id: change.calendarEventId,
        set_at: now,
      };
      await tx.insertInto('location_history').values(entry).execute();
      await tx
        .updateTable('mailboxes')
        .set({ uc_location: change.location, updated_at: now })
        .where('id', '=', mailboxId)
        .execute();
      return toEntry(entry);
    });
  }

  /**
   * Appends one entry to the history without touching the mailbox row (for a location the caller
   * writes itself, such as one set through the mailbox record).
   */
  async appendHistory(mailboxId: string, location: string, source: LocationEntry['source']): Promise<void> {
    await this.db
      .insertInto('location_history')
      .values({
        id: newId(),
        mailbox_id: mailboxId,
        location,
        source,
        calendar_event_id: null,
        set_at: this.clock().toISOString(),
      })
      .execute();
  }

  /** Newest first. */
  async history(mailboxId: string, limit = 100): Promise<LocationEntry[]> {
    const rows = await this.db
      .selectFrom('location_history')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .orderBy('set_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }
}

function toEntry(r: Row): LocationEntry {
  return {
    id: r.id,
    mailboxId: r.mailbox_id,
    location: r.location,
    source: r.source,
    calendarEventId: r.calendar_event_id,
    setAt: r.set_at,
  };
}
