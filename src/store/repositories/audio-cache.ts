import type { VoiceFormat } from '../../domain/index.ts';
import type { Clock, Executor } from '../support.ts';

/**
 * Converted audio per message and voice format (e.g. the mp3 sent to Exchange, the wav-pcm a browser
 * plays). Rows go with their message (ON DELETE CASCADE), so a purge also clears the cache.
 */
export class AudioCacheRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async get(messageId: string, format: VoiceFormat): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('message_audio_cache')
      .select('data')
      .where('message_id', '=', messageId)
      .where('format', '=', format)
      .executeTakeFirst();
    return row ? Buffer.from(row.data) : null;
  }

  /** Stores (or replaces) a conversion. Two nodes converting at once both succeed; the last one wins. */
  async put(messageId: string, format: VoiceFormat, bytes: Uint8Array): Promise<void> {
    const values = { data: bytes, size: bytes.byteLength, created_at: this.clock().toISOString() };
    await this.db
      .insertInto('message_audio_cache')
      .values({ message_id: messageId, format, ...values })
      .onConflict((oc) => oc.columns(['message_id', 'format']).doUpdateSet(values))
      .execute();
  }

  async formats(messageId: string): Promise<VoiceFormat[]> {
    const rows = await this.db
      .selectFrom('message_audio_cache')
      .select('format')
      .where('message_id', '=', messageId)
      .orderBy('format')
      .execute();
    return rows.map((r) => r.format);
  }

  /** Drops every cached conversion (e.g. after an encoder fix); returns how many. */
  async clear(): Promise<number> {
    const res = await this.db.deleteFrom('message_audio_cache').executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
