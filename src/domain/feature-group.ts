import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import { calendarModeSchema, idSchema, textSchema, type CalendarMode, type Id } from './enums.ts';
import { checkPasswordPair, isLogonName, passwordSchema } from './credentials.ts';
import { ValidationError } from './errors.ts';
import { parseInput } from './validate.ts';

/** A feature group as stored; the service password is never part of it (see `hasServicePassword`). */
export interface FeatureGroup {
  readonly id: Id;
  readonly name: string;
  readonly sync: {
    /** The service account with ApplicationImpersonation (`user@domain`, `DOMAIN\user` or `user`); null when none is set. */
    readonly serviceAccount: string | null;
    readonly hasServicePassword: boolean;
    readonly endpointId: Id | null;
    readonly calendarMode: CalendarMode;
    readonly contacts: boolean;
    readonly messages: boolean;
    /** The Exchange folder voice messages go to. */
    readonly inboxFolder: string;
  };
  readonly mailboxOptions: {
    /** A busy event on the mail server calendar sets the user's UC location while it lasts. */
    readonly changeLocation: boolean;
  };
  readonly demo: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const serviceAccountSchema = z
  .string()
  .trim()
  .max(254)
  .refine(isLogonName, {
    params: { code: ErrorCodes.serviceAccountInvalid },
    message:
      'The service account must be a Windows logon name: user@domain (e.g. svc-voxsync@example.com), DOMAIN\\user (e.g. CONTOSO\\svc-voxsync) or user.',
  });

const syncInputSchema = z
  .object({
    serviceAccount: serviceAccountSchema.nullable().optional(),
    /** Write-only. Absent on update = keep the stored password; null = remove it. */
    password: passwordSchema.nullable().optional(),
    passwordConfirmation: z.string().max(1024).optional(),
    endpointId: idSchema.nullable().optional(),
    calendarMode: calendarModeSchema.optional(),
    contacts: z.boolean().optional(),
    messages: z.boolean().optional(),
    inboxFolder: textSchema(255).optional(),
  })
  .superRefine((v, ctx) => {
    checkPasswordPair(ctx, [], v.password ?? undefined, v.passwordConfirmation, true);
  });

export const featureGroupInputSchema = z.object({
  name: textSchema(100),
  sync: syncInputSchema.default({}),
  mailboxOptions: z.object({ changeLocation: z.boolean().optional() }).default({}),
  demo: z.boolean().default(false),
});
export type FeatureGroupInput = z.input<typeof featureGroupInputSchema>;

export const featureGroupPatchSchema = z.object({
  name: textSchema(100).optional(),
  sync: syncInputSchema.optional(),
  mailboxOptions: z.object({ changeLocation: z.boolean().optional() }).optional(),
});
export type FeatureGroupPatch = z.input<typeof featureGroupPatchSchema>;

/** The complete new state of a feature group, ready to store. `password` undefined = unchanged. */
export interface FeatureGroupDraft {
  readonly name: string;
  readonly sync: {
    readonly serviceAccount: string | null;
    readonly password: string | null | undefined;
    readonly endpointId: Id | null;
    readonly calendarMode: CalendarMode;
    readonly contacts: boolean;
    readonly messages: boolean;
    readonly inboxFolder: string;
  };
  readonly mailboxOptions: { readonly changeLocation: boolean };
  readonly demo: boolean;
}

const DEFAULT_SYNC = {
  serviceAccount: null,
  endpointId: null,
  calendarMode: 'none' as CalendarMode,
  contacts: true,
  messages: true,
  inboxFolder: 'Inbox',
};

export function parseFeatureGroupInput(input: unknown): FeatureGroupDraft {
  const v = parseInput(featureGroupInputSchema, input);
  const draft: FeatureGroupDraft = {
    name: v.name,
    sync: {
      serviceAccount: v.sync.serviceAccount ?? DEFAULT_SYNC.serviceAccount,
      password: v.sync.password ?? null,
      endpointId: v.sync.endpointId ?? DEFAULT_SYNC.endpointId,
      calendarMode: v.sync.calendarMode ?? DEFAULT_SYNC.calendarMode,
      contacts: v.sync.contacts ?? DEFAULT_SYNC.contacts,
      messages: v.sync.messages ?? DEFAULT_SYNC.messages,
      inboxFolder: v.sync.inboxFolder ?? DEFAULT_SYNC.inboxFolder,
    },
    mailboxOptions: { changeLocation: v.mailboxOptions.changeLocation ?? false },
    demo: v.demo,
  };
  checkServiceCredentials(draft, false);
  return draft;
}

export function applyFeatureGroupPatch(current: FeatureGroup, patch: unknown): FeatureGroupDraft {
  const p = parseInput(featureGroupPatchSchema, patch);
  const s = p.sync ?? {};
  const draft: FeatureGroupDraft = {
    name: p.name ?? current.name,
    sync: {
      serviceAccount: s.serviceAccount === undefined ? current.sync.serviceAccount : s.serviceAccount,
      password: s.password,
      endpointId: s.endpointId === undefined ? current.sync.endpointId : s.endpointId,
      calendarMode: s.calendarMode ?? current.sync.calendarMode,
      contacts: s.contacts ?? current.sync.contacts,
      messages: s.messages ?? current.sync.messages,
      inboxFolder: s.inboxFolder ?? current.sync.inboxFolder,
    },
    mailboxOptions: {
      changeLocation: p.mailboxOptions?.changeLocation ?? current.mailboxOptions.changeLocation,
    },
    demo: current.demo,
  };
  checkServiceCredentials(draft, current.sync.hasServicePassword);
  return draft;
}

/** A service account without a password cannot authenticate. */
function checkServiceCredentials(draft: FeatureGroupDraft, storedPassword: boolean): void {
  const hasPassword = draft.sync.password === undefined ? storedPassword : draft.sync.password !== null;
  if (draft.sync.serviceAccount !== null && !hasPassword) {
    throw ValidationError.single(
      ErrorCodes.passwordRequired,
      'sync.password',
      'The service account needs its password (and the confirmation).',
    );
  }
}

/**
 * A feature group synchronizes through its endpoint, so the endpoint must have a connector: today only EWS.
 * An IMAP endpoint stored before addresses without `ews:` were refused cannot be attached.
 */
export function checkGroupEndpoint(endpoint: { readonly name: string; readonly kind: string }): void {
  if (endpoint.kind === 'ews') return;
  throw ValidationError.single(
    ErrorCodes.featureGroupEndpointNotEws,
    'sync.endpointId',
    `Endpoint "${endpoint.name}" is not an Exchange (EWS) endpoint and no connector serves it; attach an endpoint whose address starts with "ews:".`,
  );
}
