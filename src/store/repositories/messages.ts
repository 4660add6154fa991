import type { Selectable } from 'kysely';
import {
  ErrorCodes,
  NotFoundError,
  ValidationError,
  audioInfoSchema,
  messageDepositSchema,
  messagePatchSchema,
  parseInput,
  toInstant,
  type AudioInfo,
  type MessageDepositInput,
  type MessagePatch,
  type VoiceMessage,
} from '../../domain/index.ts';
import type { MessagesTable } from '../schema.ts';
import { fromBool, inTransaction, newId, toBool, type Clock, type Executor } from '../support.ts';
import { MwiRepository, type MwiChange } from './mwi.ts';

type Row = Selectable<MessagesTable>;

export interface DepositAudio {
  /** The audio exactly as received (a WAV file); stored unchanged. */
  readonly bytes: Uint8Array;
  /** Format metadata from the audio module's parser. */
  readonly info: AudioInfo;
}

export interface MessageResult {
  readonly message: VoiceMessage;
  readonly mwi: MwiChange;
}

export interface MessageListOptions {
  /** `inbox` (default): not deleted; `trash`: deleted; `all`. */
  readonly folder?: 'inbox' | 'trash' | 'all';
  readonly unreadOnly?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Voice messages and their audio. Audio bytes are stored in the database, in the same transaction as
 * the metadata: a deposit is all-or-nothing on both dialects, nodes sharing PostgreSQL need no shared
 * file system, and a backup is one database. A 60 s message at 8 kHz/16 bit is under 1 MB, which
 * SQLite blobs and PostgreSQL bytea handle well; the retention purge keeps the total bounded.
 * Every change that can move the MWI recomputes it in the same transaction and reports it.
 */
export class MessageRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async deposit(mailboxId: string, meta: MessageDepositInput, audio: DepositAudio): Promise<MessageResult> {
    const m = parseInput(messageDepositSchema, meta);
    const info = parseInput(audioInfoSchema, audio.info);
    if (audio.bytes.byteLength === 0) {
      throw ValidationError.single(ErrorCodes.messageAudioEmpty, 'audio', 'The voice message has no audio.');
    }
    const now = this.clock().toISOString();
    const id = newId();
    return inTransaction(this.db, async (tx) => {
      const mailbox = await tx
        .selectFrom('mailboxes')
        .select('id')
        .where('id', '=', mailboxId)
        .executeTakeFirst();
      if (!mailbox)
        throw new NotFoundError(ErrorCodes.mailboxNotFound, `There is no mailbox with id "${mailboxId}".`);
      await tx
        .insertInto('messages')
        .values({
          id,
          mailbox_id: mailboxId,
          caller_number: m.callerNumber,
          caller_name: m.callerName === '' ? null : m.callerName,
          urgent: fromBool(m.urgent),
          private: fromBool(m.private),
          received_at: m.receivedAt !== undefined ? toInstant(m.receivedAt) : now,
          duration_ms: info.durationMs,
          audio_format: info.format,
          audio_sample_rate: info.sampleRate,
          audio_channels: info.channels,
          audio_size: audio.bytes.byteLength,
          read: 0,
          deleted_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx.insertInto('message_audio').values({ message_id: id, data: audio.bytes }).execute();
      const mwi = await new MwiRepository(tx, this.clock).recompute(mailboxId);
      return { message: await new MessageRepository(tx, this.clock).get(mailboxId, id), mwi };
    });
  }

  async list(mailboxId: string, opts: MessageListOptions = {}): Promise<VoiceMessage[]> {
    let q = this.db
      .selectFrom('messages')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .orderBy('received_at', 'desc')
      .orderBy('id');
    const folder = opts.folder ?? 'inbox';
    if (folder === 'inbox') q = q.where('deleted_at', 'is', null);
    if (folder === 'trash') q = q.where('deleted_at', 'is not', null);
    if (opts.unreadOnly) q = q.where('read', '=', 0);
    if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset ?? 0);
    return (await q.execute()).map(toMessage);
  }

  async find(mailboxId: string, id: string): Promise<VoiceMessage | null> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  /** A message of that mailbox; another mailbox's message id is "not found", never revealed. */
  async get(mailboxId: string, id: string): Promise<VoiceMessage> {
    const m = await this.find(mailboxId, id);
    if (!m)
      throw new NotFoundError(ErrorCodes.messageNotFound, `There is no message "${id}" in this mailbox.`);
    return m;
  }

  /** The audio as received, with its metadata. */
  async audio(mailboxId: string, id: string): Promise<{ message: VoiceMessage; bytes: Buffer }> {
    const message = await this.get(mailboxId, id);
    const row = await this.db
      .selectFrom('message_audio')
      .select('data')
      .where('message_id', '=', id)
      .executeTakeFirstOrThrow();
    return { message, bytes: Buffer.from(row.data) };
  }

  /** Sets read/urgent/private. */
  async update(mailboxId: string, id: string, patch: MessagePatch): Promise<MessageResult> {
    const p = parseInput(messagePatchSchema, patch);
    return inTransaction(this.db, async (tx) => {
      const repo = new MessageRepository(tx, this.clock);
      await repo.get(mailboxId, id);
      const set = {
        ...(p.read !== undefined ? { read: fromBool(p.read) } : {}),
        ...(p.urgent !== undefined ? { urgent: fromBool(p.urgent) } : {}),
        ...(p.private !== undefined ? { private: fromBool(p.private) } : {}),
      };
      if (Object.keys(set).length > 0) {
        await tx
          .updateTable('messages')
          .set({ ...set, updated_at: this.clock().toISOString() })
          .where('id', '=', id)
          .execute();
      }
      const mwi = await new MwiRepository(tx, this.clock).recompute(mailboxId);
      return { message: await repo.get(mailboxId, id), mwi };
    });
  }

  /** Moves the message to the trash (kept until the retention purge). Idempotent. */
  async moveToTrash(mailboxId: string, id: string): Promise<MessageResult> {
    return this.setDeleted(mailboxId, id, true);
  }

  async restore(mailboxId: string, id: string): Promise<MessageResult> {
    return this.setDeleted(mailboxId, id, false);
  }

  /** Deletes the message and its audio now (no trash). */
  async deletePermanently(mailboxId: string, id: string): Promise<MwiChange> {
    return inTransaction(this.db, async (tx) => {
      await new MessageRepository(tx, this.clock).get(mailboxId, id);
      await tx.deleteFrom('messages').where('id', '=', id).execute();
      return new MwiRepository(tx, this.clock).recompute(mailboxId);
    });
  }

  /**
   * Purges messages that have been in the trash since before `cutoff` (see domain retentionCutoff).
   * Trashed messages do not count in MWI, so no recomputation is needed. Returns how many were purged.
   */
  async purgeTrash(cutoff: Date): Promise<number> {
    const res = await this.db
      .deleteFrom('messages')
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '<', cutoff.toISOString())
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  private async setDeleted(mailboxId: string, id: string, deleted: boolean): Promise<MessageResult> {
    return inTransaction(this.db, async (tx) => {
      const repo = new MessageRepository(tx, this.clock);
      const current = await repo.get(mailboxId, id);
      if ((current.deletedAt !== null) !== deleted) {
        const now = this.clock().toISOString();
        await tx
          .updateTable('messages')
          .set({ deleted_at: deleted ? now : null, updated_at: now })
          .where('id', '=', id)
          .execute();
      }
      const mwi = await new MwiRepository(tx, this.clock).recompute(mailboxId);
      return { message: await repo.get(mailboxId, id), mwi };
    });
  }
}

export function toMessage(r: Row): VoiceMessage {
  return {
    id: r.id,
    mailboxId: r.mailbox_id,
    callerNumber: r.caller_number,
    callerName: r.caller_name,
    urgent: toBool(r.urgent),
    private: toBool(r.private),
    receivedAt: r.received_at,
    durationMs: r.duration_ms,
    audio: {
      format: r.audio_format,
      sampleRate: r.audio_sample_rate,
      channels: r.audio_channels,
      size: r.audio_size,
    },
    read: toBool(r.read),
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
