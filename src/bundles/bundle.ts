import type { MessageIndex } from '../domain/vcard-icalendar/index.ts';

/** The files of one mailbox export, as written to a directory or an archive. */
export interface ExportBundle {
  /** contacts.vcf (vCard 4.0). */
  readonly contacts: string;
  /** calendar.ics (iCalendar). */
  readonly calendar: string;
  /** messages/index.json. */
  readonly index: MessageIndex;
  /** messages/<file> audio, exactly as received, by the index's file name. */
  readonly audio: ReadonlyMap<string, Uint8Array>;
}

export const CONTACTS_FILE = 'contacts.vcf';
export const CALENDAR_FILE = 'calendar.ics';
export const MESSAGES_DIR = 'messages';
export const INDEX_FILE = 'messages/index.json';
