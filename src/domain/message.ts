import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import { voiceFormatSchema, type Id, type VoiceFormat } from './enums.ts';

/**
 * Format metadata of stored audio. voxsync keeps audio as received (`wav-pcm`, `wav-ulaw`,
 * `wav-alaw`) and caches conversions into endpoint formats; the audio module supplies these values.
 */
export const audioInfoSchema = z.object({
  format: voiceFormatSchema,
  sampleRate: z.number().int().min(1000).max(192000),
  channels: z.number().int().min(1).max(8),
  durationMs: z.number().int().min(0),
});
export type AudioInfo = z.infer<typeof audioInfoSchema>;

/** A voice message's metadata (audio bytes are read separately). */
export interface VoiceMessage {
  readonly id: Id;
  readonly mailboxId: Id;
  /** E.164-ish digits with an optional leading +; empty when the caller withheld the number. */
  readonly callerNumber: string;
  readonly callerName: string | null;
  readonly urgent: boolean;
  readonly private: boolean;
  readonly receivedAt: string;
  readonly durationMs: number;
  readonly audio: {
    readonly format: VoiceFormat;
    readonly sampleRate: number;
    readonly channels: number;
    readonly size: number;
  };
  readonly read: boolean;
  /** Set when the message is in the trash; purged after the retention period. */
  readonly deletedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const CALLER_NUMBER_RE = /^\+?[0-9*#]{1,32}$/;

/** The deposit's metadata (the API's multipart fields / the CLI's flags). */
export const messageDepositSchema = z.object({
  callerNumber: z
    .string()
    .trim()
    .refine((s) => s === '' || CALLER_NUMBER_RE.test(s.replace(/[\s().-]/g, '')), {
      params: { code: ErrorCodes.messageCallerNumberInvalid },
      message: 'The caller number may hold only digits, * and # (with an optional leading +).',
    })
    .transform((s) => s.replace(/[\s().-]/g, ''))
    .default(''),
  callerName: z.string().trim().max(200).nullable().default(null),
  urgent: z.boolean().default(false),
  private: z.boolean().default(false),
  /** ISO 8601 instant; defaults to the time of the deposit. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export type MessageDepositInput = z.input<typeof messageDepositSchema>;
export type MessageDeposit = z.output<typeof messageDepositSchema>;

export const messagePatchSchema = z.object({
  read: z.boolean().optional(),
  urgent: z.boolean().optional(),
  private: z.boolean().optional(),
});
export type MessagePatch = z.infer<typeof messagePatchSchema>;

/** Messages deleted before this instant are purged from the trash. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/** Normalises any parseable instant to the store's canonical form (UTC, milliseconds, `Z`). */
export function toInstant(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
