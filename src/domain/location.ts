import { z } from 'zod';
import type { Id } from './enums.ts';

export const locationSources = ['manual', 'calendar'] as const;
export const locationSourceSchema = z.enum(locationSources);
export type LocationSource = z.infer<typeof locationSourceSchema>;

/** Setting the user's UC location (e.g. Office, Home, Meeting, Mobile, Vacation). */
export const locationChangeSchema = z.object({
  location: z.string().trim().min(1).max(64),
  source: locationSourceSchema.default('manual'),
  /** The calendar event that set it, when the source is `calendar`. */
  calendarEventId: z.string().min(1).max(64).nullable().default(null),
});
export type LocationChangeInput = z.input<typeof locationChangeSchema>;
export type LocationChange = z.output<typeof locationChangeSchema>;

export interface LocationEntry {
  readonly id: Id;
  readonly mailboxId: Id;
  readonly location: string;
  readonly source: LocationSource;
  readonly calendarEventId: Id | null;
  readonly setAt: string;
}
