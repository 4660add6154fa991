import { z } from 'zod';
import { voiceFormatSchema, type VoiceMessage } from '../index.ts';

export const MESSAGE_INDEX_VERSION = 1;

/** One voice message in `messages/index.json`; `file` is the audio's name next to the index. */
export const messageIndexEntrySchema = z.object({
  id: z.string().min(1).max(200),
  callerNumber: z.string().max(64),
  callerName: z.string().max(200).nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().int().min(0),
  urgent: z.boolean(),
  private: z.boolean(),
  read: z.boolean(),
  deletedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  format: voiceFormatSchema,
  file: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'a plain file name (letters, digits, . _ -)')
    .refine((s) => s !== '.' && s !== '..', 'a plain file name'),
});
export type MessageIndexEntry = z.output<typeof messageIndexEntrySchema>;

export const messageIndexSchema = z.object({
  version: z.literal(MESSAGE_INDEX_VERSION),
  messages: z.array(messageIndexEntrySchema),
});
export type MessageIndex = z.output<typeof messageIndexSchema>;

export function indexEntryOf(m: VoiceMessage): MessageIndexEntry {
  return {
    id: m.id,
    callerNumber: m.callerNumber,
    callerName: m.callerName,
    receivedAt: m.receivedAt,
    durationMs: m.durationMs,
    urgent: m.urgent,
    private: m.private,
    read: m.read,
    deletedAt: m.deletedAt,
    format: m.audio.format,
    file: `${m.id}.wav`,
  };
}
