import { ErrorCodes } from './codes.ts';
import type { Endpoint } from './endpoint.ts';
import { ConflictError, ValidationError } from './errors.ts';
import { checkGroupEndpoint, type FeatureGroup, type FeatureGroupDraft } from './feature-group.ts';
import { checkMailboxRules, mailboxDraftOf, type Mailbox } from './mailbox.ts';

/**
 * The feature-group rules that need facts from other records, decided without a database: the
 * service looks the facts up (the endpoint, the member mailboxes, how many there are) and passes them
 * in as plain values.
 */

/**
 * The endpoint a group draft names must exist and be served by a connector. `found` is the endpoint
 * looked up by `endpointId` (null when there is none). Returns the endpoint, null when the group has none.
 */
export function checkGroupEndpointFound(endpointId: string | null, found: Endpoint | null): Endpoint | null {
  if (endpointId === null) return null;
  if (found === null) {
    throw ValidationError.single(
      ErrorCodes.endpointUnknown,
      'sync.endpointId',
      `There is no mail server endpoint with id "${endpointId}".`,
    );
  }
  checkGroupEndpoint(found);
  return found;
}

/**
 * A group change must not stop any of its synchronizing mailboxes (`members`) from synchronizing:
 * each must still pass the mailbox rules against the changed group and its endpoint. Refused with one
 * issue naming every broken mailbox and why.
 */
export function checkSynchronizingMembers(
  group: FeatureGroup,
  endpoint: Endpoint | null,
  members: readonly Mailbox[],
): void {
  const broken: string[] = [];
  for (const m of members) {
    try {
      checkMailboxRules(mailboxDraftOf(m), {
        featureGroup: group,
        endpoint,
        storedExchangePassword: m.hasExchangePassword,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      broken.push(`${m.number} (${err.issues.map((i) => i.message).join(' ')})`);
    }
  }
  if (broken.length > 0) {
    throw ValidationError.single(
      ErrorCodes.groupBreaksSynchronizingMailboxes,
      'sync',
      `This change would stop synchronizing mailbox(es) ${broken.join('; ')}`,
    );
  }
}

/** A group that still has mailboxes cannot be deleted; they must be moved or deleted first. */
export function checkFeatureGroupDeletable(group: FeatureGroup, mailboxCount: number): void {
  if (mailboxCount === 0) return;
  throw new ConflictError(
    ErrorCodes.featureGroupInUse,
    undefined,
    `Feature group "${group.name}" still has ${mailboxCount} mailbox(es); move or delete them first.`,
  );
}

/**
 * What to write as the stored service password after a change: the new one when given, nothing when
 * the patch left it out (undefined), and none at all (null) once the service account is removed.
 */
export function servicePasswordChange(draft: FeatureGroupDraft): string | null | undefined {
  if (draft.sync.serviceAccount === null) return null;
  return draft.sync.password;
}
