import { mkdir, readFile, readdir, realpath, writeFile } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
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

/** A file of an export directory that is a symbolic link leading out of it. */
export class BundleOutsideError extends Error {
  readonly code = 'bundle.outside_directory';
  constructor(message: string) {
    super(message);
    this.name = 'BundleOutsideError';
  }
}

/**
 * The path of `name` in `dir` once symbolic links are resolved; refused when it leads out of `dir`, so an
 * import reads only what the directory holds (a link to ~/.ssh/id_rsa named contacts.vcf must not be read).
 */
async function insidePath(root: string, dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  const real = await realpath(path);
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new BundleOutsideError(
      `${path} is a symbolic link leading out of ${dir} (to ${real}); refusing to read it.`,
    );
  }
  return real;
}

/** Reads an export directory; a missing contacts, calendar or messages part is simply not imported. */
export async function readBundle(dir: string): Promise<ImportInput> {
  const root = await realpath(dir);
  const optional = async (p: string) => {
    try {
      return await readFile(await insidePath(root, dir, p), 'utf8');
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
    const messages = await insidePath(root, dir, MESSAGES_DIR);
    for (const name of await readdir(messages)) {
      if (name !== 'index.json')
        audio.set(name, await readFile(await insidePath(root, dir, join(MESSAGES_DIR, name))));
    }
  }
  return { contacts, calendar, index, audio };
}
