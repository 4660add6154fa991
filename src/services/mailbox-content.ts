import type {
  CalendarEvent,
  CalendarEventInput,
  Contact,
  ContactInput,
  LocationChangeInput,
  LocationEntry,
} from '../domain/index.ts';
import type { Store } from '../store/index.ts';
import { inServiceTransaction } from './transaction.ts';

/** A mailbox's contacts: create, replace, delete (the sync engine will call these too). */
export class ContactService {
  constructor(private readonly store: Store) {}

  list(mailboxId: string): Promise<Contact[]> {
    return this.store.contacts.list(mailboxId);
  }
  get(mailboxId: string, id: string): Promise<Contact> {
    return this.store.contacts.get(mailboxId, id);
  }

  create(mailboxId: string, input: ContactInput): Promise<Contact> {
    return inServiceTransaction(this.store, async (s) => {
      const created = await s.contacts.create(mailboxId, input);
      s.recordChange({ kind: 'contact.changed', mailboxId, entityId: created.id, data: {} });
      return created;
    });
  }

  replace(mailboxId: string, id: string, input: ContactInput): Promise<Contact> {
    return inServiceTransaction(this.store, async (s) => {
      const replaced = await s.contacts.replace(mailboxId, id, input);
      s.recordChange({ kind: 'contact.changed', mailboxId, entityId: id, data: {} });
      return replaced;
    });
  }

  delete(mailboxId: string, id: string): Promise<void> {
    return inServiceTransaction(this.store, async (s) => {
      await s.contacts.delete(mailboxId, id);
      s.recordChange({ kind: 'contact.deleted', mailboxId, entityId: id, data: {} });
    });
  }
}

/** A mailbox's calendar events: create, replace, delete. */
export class CalendarService {
  constructor(private readonly store: Store) {}

  get(mailboxId: string, id: string): Promise<CalendarEvent> {
    return this.store.calendar.get(mailboxId, id);
  }

  create(mailboxId: string, input: CalendarEventInput): Promise<CalendarEvent> {
    return inServiceTransaction(this.store, async (s) => {
      const created = await s.calendar.create(mailboxId, input);
      s.recordChange({ kind: 'event.changed', mailboxId, entityId: created.id, data: {} });
      return created;
    });
  }

  replace(mailboxId: string, id: string, input: CalendarEventInput): Promise<CalendarEvent> {
    return inServiceTransaction(this.store, async (s) => {
      const replaced = await s.calendar.replace(mailboxId, id, input);
      s.recordChange({ kind: 'event.changed', mailboxId, entityId: id, data: {} });
      return replaced;
    });
  }

  delete(mailboxId: string, id: string): Promise<void> {
    return inServiceTransaction(this.store, async (s) => {
      await s.calendar.delete(mailboxId, id);
      s.recordChange({ kind: 'event.deleted', mailboxId, entityId: id, data: {} });
    });
  }
}

/** Sets a mailbox's UC location (manual, or from the calendar when the engine does it). */
export async function setLocation(
  store: Store,
  mailboxId: string,
  input: LocationChangeInput,
): Promise<LocationEntry> {
  return inServiceTransaction(store, async (s) => {
    const entry = await s.locations.set(mailboxId, input);
    s.recordChange({
      kind: 'location.changed',
      mailboxId,
      entityId: entry.id,
      data: { location: entry.location, source: entry.source },
    });
    return entry;
  });
}
