// `--data DIR` keeps the directory changes made through the control API in DIR/directory.json and replays them
// on the seed at start. Passwords are kept as a salted scrypt hash plus the NT hash NTLM needs; the NT hash is
// password-equivalent, so the file is written with mode 0600 like the mailbox snapshot.
import { chmod, readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Seed } from './config/seed.ts';
import { Credential } from './credential.ts';
import { DirectoryError, type Directory } from './directory.ts';

const storedCredential = z
  .object({ scheme: z.literal('scrypt'), salt: z.string(), hash: z.string(), ntHash: z.string() })
  .strict();
const change = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('addUser'),
      smtp: z.string(),
      displayName: z.string(),
      userName: z.string(),
      sid: z.string(),
      credential: storedCredential,
    })
    .strict(),
  z.object({ op: z.literal('removeUser'), smtp: z.string() }).strict(),
  z
    .object({
      op: z.literal('grant'),
      account: z.string(),
      mailboxes: z.union([z.literal('all'), z.array(z.string())]),
    })
    .strict(),
  z.object({ op: z.literal('revoke'), account: z.string() }).strict(),
]);
const journal = z.object({ version: z.literal(1), changes: z.array(change) }).strict();

export type DirectoryChange = z.infer<typeof change>;

/** directory.json cannot be read back (edited by hand, truncated, from a newer format). */
export class DirectoryJournalError extends Error {
  readonly code = 'exchange_sim.directory_journal_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryJournalError';
  }
}

const FILE = 'directory.json';

export async function loadDirectoryJournal(dir: string): Promise<DirectoryChange[]> {
  const path = join(dir, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DirectoryJournalError(`${path} is not valid JSON`);
  }
  const parsed = journal.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DirectoryJournalError(
      `${path} has an unknown format (${first?.path.join('.') ?? ''}: ${first?.message ?? ''})`,
    );
  }
  return parsed.data.changes;
}

export async function saveDirectoryJournal(dir: string, changes: readonly DirectoryChange[]): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `${FILE}.tmp`);
  const body: z.infer<typeof journal> = { version: 1, changes: [...changes] };
  await writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
  // The mode option only applies when the file is created; a temp file left by a crash keeps its own.
  await chmod(tmp, 0o600);
  await rename(tmp, join(dir, FILE));
}

/** The changes with one more; removing a user also drops its stored credential rather than keeping it. */
export function withChange(changes: readonly DirectoryChange[], change: DirectoryChange): DirectoryChange[] {
  const gone = change.op === 'removeUser' ? change.smtp.toLowerCase() : undefined;
  return [...changes.filter((c) => !(c.op === 'addUser' && c.smtp.toLowerCase() === gone)), change];
}

/**
 * Replays kept changes on a directory built from the seed. The seed stays authoritative for the users it
 * defines: an added user the seed now defines keeps the seed's password, name and SID, and a seed user removed
 * through the control API is back on the next start. Changes that no longer apply (a grant for an account that
 * is gone, a SID the seed now gives someone else) are skipped.
 */
export function replayDirectoryChanges(
  directory: Directory,
  seed: Seed,
  changes: readonly DirectoryChange[],
): void {
  const seeded = new Set(seed.users.map((u) => u.smtp.toLowerCase()));
  for (const c of changes) {
    try {
      if (c.op === 'addUser') {
        if (seeded.has(c.smtp.toLowerCase())) continue;
        directory.addUser({ ...c, credential: Credential.fromStored(c.credential) });
      } else if (c.op === 'removeUser') {
        if (!seeded.has(c.smtp.toLowerCase())) directory.removeUser(c.smtp);
      } else if (c.op === 'grant') directory.grant(c);
      else directory.revoke(c.account);
    } catch (err) {
      if (!(err instanceof DirectoryError)) throw err;
    }
  }
}
