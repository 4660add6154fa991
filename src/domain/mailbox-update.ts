import {
  checkMailboxRules,
  patchedMailbox,
  type Mailbox,
  type MailboxContext,
  type MailboxDraft,
  type MailboxPatchValues,
} from './mailbox.ts';

/**
 * The decisions of a mailbox change, taken without a database: the service looks up the facts
 * (the target feature group, its endpoint, whether a password is stored), these functions apply the
 * change and check every rule, and the service writes what they return.
 */

/**
 * Checks a new mailbox (already parsed with `parseMailboxInput`) against the facts of its feature
 * group. Throws one ValidationError listing every broken rule.
 */
export function planMailboxCreate(
  draft: MailboxDraft,
  ctx: Omit<MailboxContext, 'storedExchangePassword'>,
): MailboxDraft {
  checkMailboxRules(draft, { ...ctx, storedExchangePassword: false });
  return draft;
}

/** The feature group a mailbox belongs to after `patch`: the one whose facts the rules need. */
export function featureGroupAfter(current: Mailbox, patch: MailboxPatchValues): string {
  return patch.featureGroupId ?? current.featureGroupId;
}

export interface MailboxUpdatePlan {
  /** The complete new state; `pin` / `exchangePassword` undefined = leave as stored. */
  readonly draft: MailboxDraft;
  /**
   * The location to append to the history as a manual change, or null: a location set through the
   * mailbox record is a manual change, recorded only when it actually moves to a non-empty value.
   */
  readonly manualLocation: string | null;
}

/**
 * Applies a validated patch to the current mailbox and checks the rules against `ctx` (the facts of
 * the feature group the mailbox belongs to afterwards). Throws one ValidationError listing every
 * broken rule.
 */
export function planMailboxUpdate(
  current: Mailbox,
  patch: MailboxPatchValues,
  ctx: Omit<MailboxContext, 'storedExchangePassword'>,
): MailboxUpdatePlan {
  const draft = patchedMailbox(current, patch);
  checkMailboxRules(draft, { ...ctx, storedExchangePassword: current.hasExchangePassword });
  const moved = draft.ucLocation !== null && draft.ucLocation !== current.ucLocation;
  return { draft, manualLocation: moved ? draft.ucLocation : null };
}
