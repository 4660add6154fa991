import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIndexText, requireSomePart } from './bundle-parts.ts';
import { CALENDAR_FILE, CONTACTS_FILE, INDEX_FILE, MESSAGES_DIR, type ExportBundle } from './bundle.ts';
import type { ImportInput } from './import.ts';

/** Writes an export into `dir` (created when missing). */
export async function writeBundle(dir: string, bundle: ExportBundle): Promise<void> {
  await mkdir(join(dir, MESSAGES_DIR), { recursive: true });
  await writeFile(join(dir, CONTACTS_FILE), bundle.contacts, 'utf8');
  await writeFile(join(dir, CALENDAR_FILE), bundle.calendar, 'utf8');
  await writeFile(join(dir, INDEX_FILE), JSON.stringify(bundle.index, null, 2) + '\n', 'utf8');
  for (const [name, bytes] of bundle.audio) await writeFile(join(dir, MESSAGES_DIR, name), bytes);
}

/** Reads an export directory; a missing contacts, calendar or messages part is simply not imported. */
export async function readBundle(dir: string): Promise<ImportInput> {
  const optional = async (p: string) => {
    try {
      return await readFile(join(dir, p), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const contacts = await optional(CONTACTS_FILE);
  const calendar = await optional(CALENDAR_FILE);
  const indexText = await optional(INDEX_FILE);
  requireSomePart({ contacts, calendar, index: indexText }, dir, 'there');
  const index = parseIndexText(indexText);
  const audio = new Map<string, Uint8Array>();
  if (indexText !== undefined) {
    for (const name of await readdir(join(dir, MESSAGES_DIR))) {
      if (name !== 'index.json') audio.set(name, await readFile(join(dir, MESSAGES_DIR, name)));
    }
  }
  return { contacts, calendar, index, audio };
}
