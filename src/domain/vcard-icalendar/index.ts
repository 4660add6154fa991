// Pure mapping between voxsync's mailbox content and interchange formats (vCard, iCalendar, JSON index).
export { ContentFileError, ContentFileCodes } from './errors.ts';
export { contactsToVCard, parseVCards, type ImportedContact } from './vcard.ts';
export { eventsToICalendar } from './icalendar-write.ts';
export { parseICalendar, type ImportedEvent } from './icalendar-read.ts';
export {
  indexEntryOf,
  messageIndexSchema,
  messageIndexEntrySchema,
  MESSAGE_INDEX_VERSION,
  type MessageIndex,
  type MessageIndexEntry,
} from './message-index.ts';
