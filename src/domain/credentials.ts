import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import { addIssue } from './validate.ts';

/** `user@domain`: the form Exchange accepts for a service account or a mailbox user (UPN). */
export const EMAIL_RE =
  /^[^\s@"<>(),;:\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL_RE.test(value);
}

/** The domain of `DOMAIN\user`: a NetBIOS name, or the DNS name some clients write there. */
const DOWNLEVEL_DOMAIN_RE = /^[^\s\\/:*?"<>|@]{1,253}$/;
/** A pre-Windows 2000 logon name (sAMAccountName): up to 20 characters, none of those Windows forbids. */
const SAM_ACCOUNT_RE = /^[^\s\\/[\]:;|=,+*?<>"@]{1,20}$/;

/**
 * A Windows logon name in one of the forms Exchange accepts for Basic and NTLM: `user@domain` (UPN),
 * `DOMAIN\user` (down-level logon name) or the bare `user`, the forms `voxsync ews --user` documents.
 */
export function isLogonName(value: string): boolean {
  if (isEmailAddress(value)) return true;
  const slash = value.indexOf('\\');
  if (slash < 0) return SAM_ACCOUNT_RE.test(value);
  return DOWNLEVEL_DOMAIN_RE.test(value.slice(0, slash)) && SAM_ACCOUNT_RE.test(value.slice(slash + 1));
}

/** A password as typed by an administrator; never trimmed (spaces may be part of it). */
export const passwordSchema = z.string().min(1).max(1024);

/**
 * Checks a password/confirmation pair: when a password is given, the confirmation must equal it.
 * `requireConfirmation` follows the seed's "Account / Confirm Password" form for the feature group.
 */
export function checkPasswordPair(
  ctx: z.core.$RefinementCtx,
  prefix: readonly (string | number)[],
  password: string | undefined,
  confirmation: string | undefined,
  requireConfirmation: boolean,
): void {
  if (password === undefined) return;
  if (confirmation === undefined && !requireConfirmation) return;
  if (confirmation !== password) {
    addIssue(
      ctx,
      ErrorCodes.passwordConfirmationMismatch,
      [...prefix, 'passwordConfirmation'],
      'The password confirmation does not match the password.',
    );
  }
}
