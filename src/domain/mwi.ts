import { ErrorCodes } from './codes.ts';
import { DomainError } from './errors.ts';
import type { Id } from './enums.ts';

/** Message-waiting indication of one mailbox: the lamp and the counts behind it. */
export interface MwiState {
  readonly mailboxId: Id;
  readonly on: boolean;
  /** Unread messages not in the trash. */
  readonly newCount: number;
  /** Read messages not in the trash. */
  readonly oldCount: number;
  /** Unread urgent messages not in the trash. */
  readonly urgentCount: number;
  readonly updatedAt: string;
}

export interface MwiCounts {
  readonly newCount: number;
  readonly oldCount: number;
  readonly urgentCount: number;
}

/** The message fields MWI depends on. */
export interface MwiMessageFacts {
  readonly read: boolean;
  readonly urgent: boolean;
  readonly deletedAt: string | null;
}

export function countMwi(messages: Iterable<MwiMessageFacts>): MwiCounts {
  let newCount = 0;
  let oldCount = 0;
  let urgentCount = 0;
  for (const m of messages) {
    if (m.deletedAt !== null) continue;
    if (m.read) oldCount++;
    else {
      newCount++;
      if (m.urgent) urgentCount++;
    }
  }
  return { newCount, oldCount, urgentCount };
}

/**
 * Builds the state from counts. A count is never negative, fractional or invented: such input is a
 * programming or data error and is refused rather than clamped.
 */
export function mwiFromCounts(mailboxId: Id, counts: MwiCounts, updatedAt: string): MwiState {
  for (const [field, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new DomainError(
        ErrorCodes.mwiCountInvalid,
        field,
        `The MWI count ${field} must be a whole number >= 0.`,
      );
    }
  }
  if (counts.urgentCount > counts.newCount) {
    throw new DomainError(
      ErrorCodes.mwiCountInvalid,
      'urgentCount',
      'The urgent count cannot exceed the count of new messages.',
    );
  }
  return { mailboxId, on: counts.newCount > 0, ...counts, updatedAt };
}

export function sameMwi(a: MwiCounts & { on: boolean }, b: MwiCounts & { on: boolean }): boolean {
  return (
    a.on === b.on && a.newCount === b.newCount && a.oldCount === b.oldCount && a.urgentCount === b.urgentCount
  );
}
