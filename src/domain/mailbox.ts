import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import { checkPasswordPair, isEmailAddress, passwordSchema } from './credentials.ts';
import { connectorAvailable } from './endpoint-address.ts';
import type { Endpoint } from './endpoint.ts';
import {
  idSchema,
  licenseSchema,
  storageModeSchema,
  synchronizingLicenses,
  textSchema,
  type Id,
  type License,
  type StorageMode,
} from './enums.ts';
import { ValidationError, type Issue } from './errors.ts';
import type { FeatureGroup } from './feature-group.ts';
import { parseInput } from './validate.ts';

/** A voice mailbox as stored. Secrets (Exchange password, PIN hash) are never part of it. */
export interface Mailbox {
  readonly id: Id;
  /** The mailbox number dialled on the PBX: digits only, unique. */
  readonly number: string;
  readonly displayName: string;
  readonly license: License;
  readonly featureGroupId: Id;
  /** True: the group's service account impersonates `exchangeAddress`. False: own credentials. */
  readonly useFeatureGroupSettings: boolean;
  readonly exchangeUserName: string | null;
  readonly hasExchangePassword: boolean;
  /** The SMTP address of the user's Exchange mailbox; unique across mailboxes (case-insensitive). */
  readonly exchangeAddress: string | null;
  readonly storageMode: StorageMode;
  readonly hasPin: boolean;
  /** Current UC location (see the locations repository for its source and history). */
  readonly ucLocation: string | null;
  readonly demo: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const MAILBOX_NUMBER_RE = /^\d{1,15}$/;
export const PIN_RE = /^\d{4,16}$/;

const numberSchema = z
  .string()
  .trim()
  .refine((s) => MAILBOX_NUMBER_RE.test(s), {
    params: { code: ErrorCodes.mailboxNumberInvalid },
    message: 'The mailbox number must be 1 to 15 digits.',
  });
const exchangeAddressSchema = z
  .string()
  .trim()
  .refine(isEmailAddress, {
    params: { code: ErrorCodes.exchangeAddressInvalid },
    message: 'The Exchange address must be an e-mail address (user@domain).',
  });
/** A mailbox PIN: what every PIN, set by an administrator or by the user, must satisfy. */
export const pinSchema = z.string().refine((s) => PIN_RE.test(s), {
  params: { code: ErrorCodes.pinInvalid },
  message: 'The PIN must be 4 to 16 digits.',
});

const mailboxFields = {
  number: numberSchema,
  displayName: textSchema(200),
  license: licenseSchema,
  featureGroupId: idSchema,
  useFeatureGroupSettings: z.boolean(),
  exchangeUserName: z.string().trim().min(1).max(254).nullable(),
  /** Write-only. Absent = keep; null = remove. */
  exchangePassword: passwordSchema.nullable(),
  exchangePasswordConfirmation: z.string().max(1024),
  exchangeAddress: exchangeAddressSchema.nullable(),
  storageMode: storageModeSchema,
  /** Write-only; stored as a scrypt hash. Absent = keep; null = remove. */
  pin: pinSchema.nullable(),
  ucLocation: textSchema(64).nullable(),
};

export const mailboxInputSchema = z
  .object({
    ...mailboxFields,
    license: mailboxFields.license.default('messaging'),
    useFeatureGroupSettings: mailboxFields.useFeatureGroupSettings.default(true),
    exchangeUserName: mailboxFields.exchangeUserName.optional(),
    exchangePassword: mailboxFields.exchangePassword.optional(),
    exchangePasswordConfirmation: mailboxFields.exchangePasswordConfirmation.optional(),
    exchangeAddress: mailboxFields.exchangeAddress.optional(),
    storageMode: mailboxFields.storageMode.default('local'),
    pin: mailboxFields.pin.optional(),
    ucLocation: mailboxFields.ucLocation.optional(),
    demo: z.boolean().default(false),
  })
  .superRefine((v, ctx) =>
    checkPasswordPair(
      ctx,
      ['exchange'],
      v.exchangePassword ?? undefined,
      v.exchangePasswordConfirmation,
      false,
    ),
  );
export type MailboxInput = z.input<typeof mailboxInputSchema>;

export const mailboxPatchSchema = z
  .object({
    number: mailboxFields.number.optional(),
    displayName: mailboxFields.displayName.optional(),
    license: mailboxFields.license.optional(),
    featureGroupId: mailboxFields.featureGroupId.optional(),
    useFeatureGroupSettings: mailboxFields.useFeatureGroupSettings.optional(),
    exchangeUserName: mailboxFields.exchangeUserName.optional(),
    exchangePassword: mailboxFields.exchangePassword.optional(),
    exchangePasswordConfirmation: mailboxFields.exchangePasswordConfirmation.optional(),
    exchangeAddress: mailboxFields.exchangeAddress.optional(),
    storageMode: mailboxFields.storageMode.optional(),
    pin: mailboxFields.pin.optional(),
    ucLocation: mailboxFields.ucLocation.optional(),
  })
  .superRefine((v, ctx) =>
    checkPasswordPair(
      ctx,
      ['exchange'],
      v.exchangePassword ?? undefined,
      v.exchangePasswordConfirmation,
      false,
    ),
  );
export type MailboxPatch = z.input<typeof mailboxPatchSchema>;

/** The complete new state of a mailbox. `exchangePassword`/`pin` undefined = unchanged. */
export interface MailboxDraft {
  readonly number: string;
  readonly displayName: string;
  readonly license: License;
  readonly featureGroupId: Id;
  readonly useFeatureGroupSettings: boolean;
  readonly exchangeUserName: string | null;
  readonly exchangePassword: string | null | undefined;
  readonly exchangeAddress: string | null;
  readonly storageMode: StorageMode;
  readonly pin: string | null | undefined;
  readonly ucLocation: string | null;
  readonly demo: boolean;
}

export function parseMailboxInput(input: unknown): MailboxDraft {
  const v = parseInput(mailboxInputSchema, input);
  return {
    number: v.number,
    displayName: v.displayName,
    license: v.license,
    featureGroupId: v.featureGroupId,
    useFeatureGroupSettings: v.useFeatureGroupSettings,
    exchangeUserName: v.exchangeUserName ?? null,
    exchangePassword: v.exchangePassword ?? null,
    exchangeAddress: v.exchangeAddress ?? null,
    storageMode: v.storageMode,
    pin: v.pin ?? null,
    ucLocation: v.ucLocation ?? null,
    demo: v.demo,
  };
}

/** A validated mailbox patch: each field present is a checked new value, absent = unchanged. */
export type MailboxPatchValues = z.output<typeof mailboxPatchSchema>;

/** Validates a mailbox patch on its own (field formats, password pair); no cross-record rules. */
export function parseMailboxPatch(patch: unknown): MailboxPatchValues {
  return parseInput(mailboxPatchSchema, patch);
}

export function applyMailboxPatch(current: Mailbox, patch: unknown): MailboxDraft {
  return patchedMailbox(current, parseMailboxPatch(patch));
}

/** The new state of `current` with a validated patch applied. */
export function patchedMailbox(current: Mailbox, p: MailboxPatchValues): MailboxDraft {
  const pick = <T>(next: T | undefined, old: T): T => (next === undefined ? old : next);
  return {
    number: pick(p.number, current.number),
    displayName: pick(p.displayName, current.displayName),
    license: pick(p.license, current.license),
    featureGroupId: pick(p.featureGroupId, current.featureGroupId),
    useFeatureGroupSettings: pick(p.useFeatureGroupSettings, current.useFeatureGroupSettings),
    exchangeUserName: pick(p.exchangeUserName, current.exchangeUserName),
    exchangePassword: p.exchangePassword,
    exchangeAddress: pick(p.exchangeAddress, current.exchangeAddress),
    storageMode: pick(p.storageMode, current.storageMode),
    pin: p.pin,
    ucLocation: pick(p.ucLocation, current.ucLocation),
    demo: current.demo,
  };
}

/** The draft that reproduces a stored mailbox unchanged (secrets left as they are). */
export function mailboxDraftOf(m: Mailbox): MailboxDraft {
  return {
    number: m.number,
    displayName: m.displayName,
    license: m.license,
    featureGroupId: m.featureGroupId,
    useFeatureGroupSettings: m.useFeatureGroupSettings,
    exchangeUserName: m.exchangeUserName,
    exchangePassword: undefined,
    exchangeAddress: m.exchangeAddress,
    storageMode: m.storageMode,
    pin: undefined,
    ucLocation: m.ucLocation,
    demo: m.demo,
  };
}

/**
 * The Exchange mailbox a voxsync mailbox is bound to: the explicit address, or (with its own
 * credentials) a user name written as user@domain.
 */
export function effectiveExchangeAddress(m: {
  exchangeAddress: string | null;
  exchangeUserName: string | null;
  useFeatureGroupSettings: boolean;
}): string | null {
  if (m.exchangeAddress !== null) return m.exchangeAddress;
  if (!m.useFeatureGroupSettings && m.exchangeUserName !== null && isEmailAddress(m.exchangeUserName)) {
    return m.exchangeUserName;
  }
  return null;
}

/** The key that makes two Exchange addresses "the same" (SMTP addresses compare case-insensitively). */
export function exchangeAddressKey(address: string | null): string | null {
  return address === null ? null : address.trim().toLowerCase();
}

/** What the rules need to know about a mailbox's surroundings, looked up by the store. */
export interface MailboxContext {
  /** The referenced feature group, or null when no group has that id. */
  readonly featureGroup: FeatureGroup | null;
  /** The group's endpoint, or null when the group has none. */
  readonly endpoint: Endpoint | null;
  /** Whether a stored own Exchange password exists (used when the draft leaves it unchanged). */
  readonly storedExchangePassword: boolean;
}

/**
 * The cross-record rules of a mailbox. Throws one ValidationError listing every broken rule, each
 * naming the field and the reason. Uniqueness (number, Exchange address) is enforced by the store.
 */
export function checkMailboxRules(draft: MailboxDraft, ctx: MailboxContext): void {
  const issues: Issue[] = [];
  const group = ctx.featureGroup;
  if (group === null) {
    issues.push({
      code: ErrorCodes.featureGroupUnknown,
      field: 'featureGroupId',
      message: `There is no feature group with id "${draft.featureGroupId}".`,
    });
  }
  if (draft.storageMode === 'synchronization') {
    if (!synchronizingLicenses.includes(draft.license)) {
      issues.push({
        code: ErrorCodes.licenseCannotSynchronize,
        field: 'license',
        message: `A mailbox with the "${draft.license}" license cannot use synchronization; only Messaging and Messaging & Collab licenses can.`,
      });
    }
    if (group !== null) {
      if (ctx.endpoint === null) {
        issues.push({
          code: ErrorCodes.syncEndpointMissing,
          field: 'storageMode',
          message: `Synchronization needs a mail server endpoint, and feature group "${group.name}" has none.`,
        });
      } else if (!connectorAvailable(ctx.endpoint.kind)) {
        issues.push({
          code: ErrorCodes.syncConnectorUnavailable,
          field: 'storageMode',
          message: `Endpoint "${ctx.endpoint.name}" is an IMAP server; the IMAP connector is not available yet.`,
        });
      }
      issues.push(...credentialIssues(draft, group, ctx.storedExchangePassword));
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

function credentialIssues(draft: MailboxDraft, group: FeatureGroup, storedPassword: boolean): Issue[] {
  const issues: Issue[] = [];
  if (draft.useFeatureGroupSettings) {
    if (group.sync.serviceAccount === null || !group.sync.hasServicePassword) {
      issues.push({
        code: ErrorCodes.syncCredentialsMissing,
        field: 'useFeatureGroupSettings',
        message: `Synchronization with feature group settings needs the group's service account and password, and feature group "${group.name}" has none.`,
      });
    }
    if (draft.exchangeAddress === null) {
      issues.push({
        code: ErrorCodes.exchangeAddressRequired,
        field: 'exchangeAddress',
        message:
          "Synchronization needs the user's Exchange address (the mailbox the service account impersonates).",
      });
    }
    return issues;
  }
  const hasPassword = draft.exchangePassword === undefined ? storedPassword : draft.exchangePassword !== null;
  if (draft.exchangeUserName === null || !hasPassword) {
    issues.push({
      code: ErrorCodes.syncCredentialsMissing,
      field: draft.exchangeUserName === null ? 'exchangeUserName' : 'exchangePassword',
      message:
        "Synchronization with the mailbox's own credentials needs its Exchange user name and password.",
    });
  }
  if (effectiveExchangeAddress(draft) === null) {
    issues.push({
      code: ErrorCodes.exchangeAddressRequired,
      field: 'exchangeAddress',
      message: "Synchronization needs the user's Exchange address (user@domain).",
    });
  }
  return issues;
}

/** How the sync engine authenticates for a mailbox. */
export type MailboxAuthPlan =
  | { readonly mode: 'impersonation'; readonly serviceAccount: string; readonly impersonate: string }
  | { readonly mode: 'own'; readonly userName: string; readonly mailboxAddress: string };

export function mailboxAuthPlan(mailbox: Mailbox, group: FeatureGroup): MailboxAuthPlan | null {
  const address = effectiveExchangeAddress(mailbox);
  if (address === null) return null;
  if (mailbox.useFeatureGroupSettings) {
    if (group.sync.serviceAccount === null) return null;
    return { mode: 'impersonation', serviceAccount: group.sync.serviceAccount, impersonate: address };
  }
  if (mailbox.exchangeUserName === null) return null;
  return { mode: 'own', userName: mailbox.exchangeUserName, mailboxAddress: address };
}
