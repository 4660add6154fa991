import { z } from 'zod';
import { ErrorCodes } from './codes.ts';
import type { Id } from './enums.ts';

/** Phone kinds follow Exchange's PhoneNumberKey values so the connector maps them one to one. */
export const phoneKinds = [
  'assistant',
  'businessFax',
  'business',
  'business2',
  'callback',
  'car',
  'companyMain',
  'homeFax',
  'home',
  'home2',
  'isdn',
  'mobile',
  'otherFax',
  'other',
  'pager',
  'primary',
  'radio',
  'telex',
  'ttyTdd',
  'businessMobile',
  'ipPhone',
  'mms',
  'msn',
] as const;
export const phoneKindSchema = z.enum(phoneKinds);
export type PhoneKind = z.infer<typeof phoneKindSchema>;

export const addressKinds = ['business', 'home', 'other'] as const;
export const addressKindSchema = z.enum(addressKinds);

const optText = (max: number) => z.string().trim().max(max).nullable().default(null);

/** Exchange's e-mail slots (EmailAddress1..3). */
export const EMAIL_SLOTS = [1, 2, 3] as const;
export type EmailSlot = (typeof EMAIL_SLOTS)[number];

export const contactEmailSchema = z.object({
  address: z.string().trim().min(1).max(254),
  name: optText(200),
  /**
   * The Exchange slot (EmailAddress1..3) the address sits in, so "E-mail 2" stays "E-mail 2"; null lets
   * the connector place it in the first free slot.
   */
  slot: z
    .union([z.literal(1), z.literal(2), z.literal(3)])
    .nullable()
    .default(null),
});
export const contactPhoneSchema = z.object({
  kind: phoneKindSchema,
  number: z.string().trim().min(1).max(64),
});
export const postalAddressSchema = z.object({
  kind: addressKindSchema,
  street: optText(500),
  city: optText(200),
  state: optText(200),
  postalCode: optText(40),
  country: optText(200),
});

/** Up to three e-mail addresses (Exchange's EmailAddress1..3), phones and postal addresses by kind. */
export const contactInputSchema = z
  .object({
    givenName: optText(200),
    middleName: optText(200),
    surname: optText(200),
    nickname: optText(200),
    displayName: optText(400),
    company: optText(200),
    department: optText(200),
    jobTitle: optText(200),
    emails: z.array(contactEmailSchema).default([]),
    phones: z.array(contactPhoneSchema).max(phoneKinds.length).default([]),
    addresses: z.array(postalAddressSchema).max(addressKinds.length).default([]),
    notes: z.string().max(32000).nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.emails.length > 3) {
      ctx.addIssue({
        code: 'custom',
        params: { code: ErrorCodes.contactTooManyEmails },
        path: ['emails'],
        message: 'A contact holds at most three e-mail addresses.',
      });
    }
    const slots = new Set<number>();
    c.emails.forEach((e, i) => {
      if (e.slot === null) return;
      if (slots.has(e.slot)) {
        ctx.addIssue({
          code: 'custom',
          params: { code: ErrorCodes.contactDuplicateKind },
          path: ['emails', i, 'slot'],
          message: `Only one e-mail address may use slot ${e.slot}.`,
        });
      }
      slots.add(e.slot);
    });
    uniqueKinds(ctx, 'phones', c.phones);
    uniqueKinds(ctx, 'addresses', c.addresses);
    if (
      [c.givenName, c.surname, c.displayName, c.company].every((v) => v === null) &&
      c.emails.length === 0 &&
      c.phones.length === 0
    ) {
      ctx.addIssue({
        code: 'custom',
        params: { code: ErrorCodes.contactEmpty },
        path: ['displayName'],
        message: 'A contact needs at least a name, a company, an e-mail address or a phone number.',
      });
    }
  });

function uniqueKinds(ctx: z.core.$RefinementCtx, field: string, items: readonly { kind: string }[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.kind)) {
      ctx.addIssue({
        code: 'custom',
        params: { code: ErrorCodes.contactDuplicateKind },
        path: [field, i, 'kind'],
        message: `Only one ${field === 'phones' ? 'phone number' : 'postal address'} of kind "${item.kind}" is allowed.`,
      });
    }
    seen.add(item.kind);
  });
}

export type ContactInput = z.input<typeof contactInputSchema>;
export type ContactData = z.output<typeof contactInputSchema>;

export interface Contact extends ContactData {
  readonly id: Id;
  readonly mailboxId: Id;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The name shown in lists: the explicit display name, else "given surname", else company or e-mail. */
export function contactLabel(c: ContactData): string {
  const name = [c.givenName, c.surname].filter((v): v is string => v !== null && v !== '').join(' ');
  return (
    c.displayName ?? (name !== '' ? name : (c.company ?? c.emails[0]?.address ?? c.phones[0]?.number ?? ''))
  );
}
