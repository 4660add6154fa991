import { AudioError, probeWav, type WavInfo } from '../audio/index.ts';
import type { AudioInfo, VoiceFormat } from '../domain/index.ts';
import {
  InterchangeCodes,
  InterchangeError,
  messageIndexSchema,
  parseICalendar,
  parseVCards,
  type MessageIndexEntry,
} from '../domain/interchange/index.ts';
import type { Store } from '../store/index.ts';
import { CALENDAR_FILE, CONTACTS_FILE, INDEX_FILE, MESSAGES_DIR } from './bundle.ts';
import { upsertByUid } from './keys.ts';

/** What an import did. `dropped` lists what the model could not hold (reported, not silently lost). */
export interface ImportReport {
  readonly contacts: { created: number; updated: number };
  readonly events: { created: number; updated: number };
  readonly messages: { created: number; updated: number };
  readonly dropped: readonly string[];
}

/** The parts of an export to import; missing ones are left alone. */
export interface ImportInput {
  readonly contacts?: string | undefined;
  readonly calendar?: string | undefined;
  readonly index?: unknown;
  readonly audio?: ReadonlyMap<string, Uint8Array>;
}

const STORED_FORMAT: Record<WavInfo['encoding'], VoiceFormat> = {
  pcm16: 'wav-pcm',
  mulaw: 'wav-ulaw',
  alaw: 'wav-alaw',
};

/**
 * Imports an export into a mailbox in one transaction: every file is parsed and checked first, and
 * any refusal leaves the mailbox unchanged. Items are matched by UID / message id, so importing the
 * same export again updates instead of duplicating.
 */
export async function importMailbox(
  store: Store,
  mailboxId: string,
  input: ImportInput,
): Promise<ImportReport> {
  await store.mailboxes.get(mailboxId);
  const contacts = input.contacts !== undefined ? parseVCards(input.contacts, CONTACTS_FILE) : [];
  const events = input.calendar !== undefined ? parseICalendar(input.calendar, CALENDAR_FILE) : [];
  const messages = input.index !== undefined ? checkMessages(input.index, input.audio ?? new Map()) : [];
  const dropped = contacts.flatMap((c) => c.dropped.map((d) => `${CONTACTS_FILE} line ${c.line}: ${d}`));

  return store.transaction(async (tx) => {
    const report = {
      contacts: { created: 0, updated: 0 },
      events: { created: 0, updated: 0 },
      messages: { created: 0, updated: 0 },
      dropped,
    };
    for (const [i, c] of contacts.entries()) {
      const uid = c.uid ?? `line-${i}-${JSON.stringify(c.contact)}`;
      const outcome = await upsertByUid(tx.importedIds, 'contacts', mailboxId, uid, {
        replace: (id) => tx.contacts.replace(mailboxId, id, c.contact),
        create: () => tx.contacts.create(mailboxId, c.contact),
      });
      report.contacts[outcome] += 1;
    }
    for (const e of events) {
      const outcome = await upsertByUid(tx.importedIds, 'calendar_events', mailboxId, e.uid, {
        replace: (id) => tx.calendar.replace(mailboxId, id, e.event),
        create: () => tx.calendar.create(mailboxId, e.event),
      });
      report.events[outcome] += 1;
    }
    for (const m of messages) {
      const { id, exists } = await tx.importedIds.localIdFor('messages', mailboxId, m.entry.id);
      if (exists) {
        await tx.messages.update(mailboxId, id, {
          read: m.entry.read,
          urgent: m.entry.urgent,
          private: m.entry.private,
        });
        const current = await tx.messages.get(mailboxId, id);
        if ((current.deletedAt !== null) !== (m.entry.deletedAt !== null)) {
          if (m.entry.deletedAt !== null) await tx.messages.moveToTrash(mailboxId, id);
          else await tx.messages.restore(mailboxId, id);
        }
        report.messages.updated += 1;
      } else {
        const deposited = await tx.messages.deposit(
          mailboxId,
          {
            callerNumber: m.entry.callerNumber,
            callerName: m.entry.callerName,
            urgent: m.entry.urgent,
            private: m.entry.private,
            receivedAt: m.entry.receivedAt,
          },
          { bytes: m.bytes, info: m.info },
        );
        await tx.importedIds.rekeyMessage(deposited.message.id, id, {
          read: m.entry.read,
          deletedAt: m.entry.deletedAt,
        });
        report.messages.created += 1;
      }
    }
    if (messages.length > 0) await tx.mwi.recompute(mailboxId);
    return report;
  });
}

interface CheckedMessage {
  readonly entry: MessageIndexEntry;
  readonly bytes: Uint8Array;
  readonly info: AudioInfo;
}

function checkMessages(index: unknown, audio: ReadonlyMap<string, Uint8Array>): CheckedMessage[] {
  const parsed = messageIndexSchema.safeParse(index);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InterchangeError(
      InterchangeCodes.index,
      { file: INDEX_FILE, property: issue?.path.join('.') },
      issue?.message ?? 'invalid index',
    );
  }
  return parsed.data.messages.map((entry, i) => {
    const file = `${MESSAGES_DIR}/${entry.file}`;
    const bytes = audio.get(entry.file);
    if (!bytes) {
      throw new InterchangeError(
        InterchangeCodes.missing,
        { file, property: `messages.${i}.file` },
        'the audio file is missing.',
      );
    }
    let info: AudioInfo;
    try {
      const w = probeWav(bytes);
      info = {
        format: STORED_FORMAT[w.encoding],
        sampleRate: w.sampleRate,
        channels: w.channels,
        durationMs: Math.round(w.durationSeconds * 1000),
      };
    } catch (err) {
      if (err instanceof AudioError)
        throw new InterchangeError(InterchangeCodes.audio, { file }, err.message);
      throw err;
    }
    if (info.format !== entry.format) {
      throw new InterchangeError(
        InterchangeCodes.audio,
        { file },
        `the index says ${entry.format} but the file holds ${info.format}.`,
      );
    }
    return { entry, bytes, info };
  });
}
