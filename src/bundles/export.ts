import {
  MESSAGE_INDEX_VERSION,
  contactsToVCard,
  eventsToICalendar,
  indexEntryOf,
} from '../domain/vcard-icalendar/index.ts';
import type { Repositories } from '../store/index.ts';
import type { ExportBundle } from './bundle.ts';

/** Everything a mailbox holds as interchange files: contacts, calendar, voice messages (inbox and trash). */
export async function exportMailbox(repos: Repositories, mailboxId: string): Promise<ExportBundle> {
  await repos.mailboxes.get(mailboxId);
  const contacts = await repos.contacts.list(mailboxId);
  const events = await repos.calendar.list(mailboxId);
  const messages = await repos.messages.list(mailboxId, { folder: 'all' });
  const audio = new Map<string, Uint8Array>();
  const entries = [];
  for (const m of messages) {
    const entry = indexEntryOf(m);
    audio.set(entry.file, (await repos.messages.audio(mailboxId, m.id)).bytes);
    entries.push(entry);
  }
  return {
    contacts: contactsToVCard(contacts),
    calendar: eventsToICalendar(events),
    index: { version: MESSAGE_INDEX_VERSION, messages: entries },
    audio,
  };
}
