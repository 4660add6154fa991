import { ContentFileCodes, ContentFileError } from '../domain/vcard-icalendar/index.ts';
import { CALENDAR_FILE, CONTACTS_FILE, INDEX_FILE } from './bundle.ts';

/**
 * Refuses a directory or archive holding none of the export's parts: an import of nothing is far
 * more likely a wrong path or file than an intent. `where` names it, `place` ends the sentence.
 */
export function requireSomePart(
  parts: { contacts?: string | undefined; calendar?: string | undefined; index?: string | undefined },
  where: string,
  place: string,
): void {
  if (parts.contacts === undefined && parts.calendar === undefined && parts.index === undefined) {
    throw new ContentFileError(
      ContentFileCodes.missing,
      { file: where },
      `none of ${CONTACTS_FILE}, ${CALENDAR_FILE}, ${INDEX_FILE} is ${place}.`,
    );
  }
}

/** messages/index.json as JSON; its shape is checked by the import with every other part. */
export function parseIndexText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContentFileError(
      ContentFileCodes.index,
      { file: INDEX_FILE },
      `not JSON: ${(err as Error).message}`,
    );
  }
}
