import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { ContentFileCodes, ContentFileError } from '../domain/vcard-icalendar/index.ts';
import { parseIndexText, requireSomePart } from './bundle-parts.ts';
import { CALENDAR_FILE, CONTACTS_FILE, INDEX_FILE, MESSAGES_DIR, type ExportBundle } from './bundle.ts';
import type { ImportInput } from './import.ts';

/** Limits for an uploaded archive: every entry is buffered, so the total is bounded. */
const MAX_ENTRIES = 100_000;

/** The export as a POSIX tar archive holding the same files as `voxsync export --out`. */
export async function bundleToTar(bundle: ExportBundle): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const mtime = new Date(0);
  pack.entry({ name: CONTACTS_FILE, mtime }, bundle.contacts);
  pack.entry({ name: CALENDAR_FILE, mtime }, bundle.calendar);
  pack.entry({ name: INDEX_FILE, mtime }, JSON.stringify(bundle.index, null, 2) + '\n');
  for (const [name, bytes] of bundle.audio)
    pack.entry({ name: `${MESSAGES_DIR}/${name}`, mtime }, Buffer.from(bytes));
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Reads a tar archive written by bundleToTar (or by `tar -cf` over an export directory). */
export async function tarToImport(archive: Buffer): Promise<ImportInput> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: unknown) => parts.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name.replace(/^\.\//, ''), Buffer.concat(parts));
        if (files.size > MAX_ENTRIES)
          reject(new ContentFileError(ContentFileCodes.structure, { file: 'archive' }, 'too many entries.'));
        next();
      });
      stream.on('error', reject);
    });
    extract.on('finish', resolve);
    extract.on('error', (err: Error) =>
      reject(
        new ContentFileError(
          ContentFileCodes.syntax,
          { file: 'archive' },
          `not a tar archive: ${err.message}`,
        ),
      ),
    );
    Readable.from([archive]).pipe(extract);
  });
  const text = (name: string) => files.get(name)?.toString('utf8');
  const indexText = text(INDEX_FILE);
  requireSomePart(
    { contacts: text(CONTACTS_FILE), calendar: text(CALENDAR_FILE), index: indexText },
    'archive',
    'in it',
  );
  const index = parseIndexText(indexText);
  const audio = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) {
    if (name.startsWith(`${MESSAGES_DIR}/`) && name !== INDEX_FILE)
      audio.set(name.slice(MESSAGES_DIR.length + 1), bytes);
  }
  return { contacts: text(CONTACTS_FILE), calendar: text(CALENDAR_FILE), index, audio };
}
