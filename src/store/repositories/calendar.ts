import type { Selectable } from 'kysely';
import {
  ErrorCodes,
  NotFoundError,
  calendarEventInputSchema,
  parseInput,
  type CalendarEvent,
  type CalendarEventData,
  type CalendarEventInput,
  type Recurrence,
} from '../../domain/index.ts';
import type { CalendarEventsTable } from '../schema.ts';
import { fromBool, newId, parseJson, toBool, type Clock, type Executor } from '../support.ts';
import { requireMailbox } from './mailbox-guard.ts';

type Row = Selectable<CalendarEventsTable>;

export interface CalendarRange {
  /** Events ending after this instant (ISO). Recurring series are always included (expand them). */
  readonly from?: string;
  /** Events starting before this instant (ISO). */
  readonly to?: string;
}

/**
 * Calendar events of a mailbox. A recurring series is one row: the RRULE, deleted occurrences and
 * modified exceptions travel together as JSON, so a series is always read and written whole.
 */
export class CalendarRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async list(mailboxId: string, range: CalendarRange = {}): Promise<CalendarEvent[]> {
    let q = this.db
      .selectFrom('calendar_events')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .orderBy('start_at')
      .orderBy('id');
    // Timed events store UTC instants and all-day events dates; both sort as text against an ISO bound.
    if (range.from !== undefined) {
      const from = range.from;
      q = q.where((eb) => eb.or([eb('end_at', '>', from), eb('recurrence_json', 'is not', null)]));
    }
    if (range.to !== undefined) q = q.where('start_at', '<', range.to);
    return (await q.execute()).map(toEvent);
  }

  async find(mailboxId: string, id: string): Promise<CalendarEvent | null> {
    const row = await this.db
      .selectFrom('calendar_events')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  async get(mailboxId: string, id: string): Promise<CalendarEvent> {
    const e = await this.find(mailboxId, id);
    if (!e)
      throw new NotFoundError(
        ErrorCodes.calendarEventNotFound,
        `There is no calendar event "${id}" in this mailbox.`,
      );
    return e;
  }

  async create(mailboxId: string, input: CalendarEventInput): Promise<CalendarEvent> {
    const data = parseInput(calendarEventInputSchema, input);
    await requireMailbox(this.db, mailboxId);
    const id = newId();
    const now = this.clock().toISOString();
    await this.db
      .insertInto('calendar_events')
      .values({ id, mailbox_id: mailboxId, ...columns(data), created_at: now, updated_at: now })
      .execute();
    return this.get(mailboxId, id);
  }

  /** Replaces the event (PUT semantics), including its recurrence and exceptions. */
  async replace(mailboxId: string, id: string, input: CalendarEventInput): Promise<CalendarEvent> {
    const data = parseInput(calendarEventInputSchema, input);
    const res = await this.db
      .updateTable('calendar_events')
      .set({ ...columns(data), updated_at: this.clock().toISOString() })
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      throw new NotFoundError(
        ErrorCodes.calendarEventNotFound,
        `There is no calendar event "${id}" in this mailbox.`,
      );
    }
    return this.get(mailboxId, id);
  }

  async delete(mailboxId: string, id: string): Promise<void> {
    const res = await this.db
      .deleteFrom('calendar_events')
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) {
      throw new NotFoundError(
        ErrorCodes.calendarEventNotFound,
        `There is no calendar event "${id}" in this mailbox.`,
      );
    }
  }
}

function columns(e: CalendarEventData) {
  return {
    subject: e.subject,
    start_at: e.start,
    end_at: e.end,
    time_zone: e.timeZone,
    all_day: fromBool(e.allDay),
    location: e.location,
    busy_status: e.busyStatus,
    recurrence_json: e.recurrence === null ? null : JSON.stringify(e.recurrence),
    reminder_minutes: e.reminderMinutes,
    uc_location: e.ucLocation,
    body: e.body,
  };
}

function toEvent(r: Row): CalendarEvent {
  return {
    id: r.id,
    mailboxId: r.mailbox_id,
    subject: r.subject,
    start: r.start_at,
    end: r.end_at,
    timeZone: r.time_zone,
    allDay: toBool(r.all_day),
    location: r.location,
    busyStatus: r.busy_status,
    recurrence: parseJson<Recurrence | null>(r.recurrence_json, null),
    reminderMinutes: r.reminder_minutes,
    ucLocation: r.uc_location,
    body: r.body,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
