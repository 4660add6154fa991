import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { isSid } from '../sid.ts';

/** Exchange release the simulator answers as; decides ServerVersionInfo and accepted request versions. */
export const serverVersionSchema = z.enum(['2013', '2016', '2019']);
export type ServerVersion = z.infer<typeof serverVersionSchema>;

const sid = z
  .string()
  .refine(isSid, 'must be a SID in SDDL form like S-1-5-21-1004336348-1177238915-682003330-1105');

const smtp = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an SMTP address like user@example.com');

const userSchema = z
  .object({
    smtp,
    password: z.string().min(1),
    displayName: z.string().min(1).optional(),
    /** Windows logon name (DOMAIN\user or user@upn); defaults to the SMTP local part. */
    userName: z.string().min(1).optional(),
    /** Security identifier for ExchangeImpersonation by SID; derived from the directory when absent. */
    sid: sid.optional(),
    messages: z.number().int().min(0).max(100_000).default(0),
    contacts: z.number().int().min(0).max(100_000).default(0),
    calendarItems: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();

const serviceAccountSchema = z
  .object({
    userName: z.string().min(1),
    password: z.string().min(1),
    smtp: smtp.optional(),
    sid: sid.optional(),
  })
  .strict();

const grantSchema = z
  .object({
    /** The account holding the ApplicationImpersonation role (user name or SMTP address). */
    account: z.string().min(1),
    /** "all" = every mailbox (organisation scope), else a list of SMTP addresses. */
    mailboxes: z.union([z.literal('all'), z.array(smtp).min(1)]),
  })
  .strict();

/** On-premises GlobalThrottlingPolicy defaults (EWS-PROTOCOL.md section 7). */
const throttlingSchema = z
  .object({
    ewsMaxConcurrency: z.number().int().min(1).max(10_000).default(27),
    ewsMaxSubscriptions: z.number().int().min(1).max(100_000).default(5000),
    hangingConnectionLimit: z.number().int().min(1).max(1000).optional(),
    concurrentSyncCalls: z.number().int().min(1).max(1000).default(5),
    ewsFindCountLimit: z.number().int().min(1).max(100_000).default(1000),
    backOffMilliseconds: z.number().int().min(0).max(600_000).default(2000),
  })
  .strict();
export type ThrottlingPolicy = z.infer<typeof throttlingSchema> & { hangingConnectionLimit: number };

export const seedSchema = z
  .object({
    serverVersion: serverVersionSchema.default('2016'),
    domains: z.array(z.string().min(1)).default([]),
    /** NetBIOS domain used by NTLM; defaults to the first domain's first label in upper case. */
    netbiosDomain: z.string().min(1).optional(),
    realm: z.string().min(1).optional(),
    users: z.array(userSchema).default([]),
    serviceAccounts: z.array(serviceAccountSchema).default([]),
    impersonationGrants: z.array(grantSchema).default([]),
    throttling: throttlingSchema.default({
      ewsMaxConcurrency: 27,
      ewsMaxSubscriptions: 5000,
      concurrentSyncCalls: 5,
      ewsFindCountLimit: 1000,
      backOffMilliseconds: 2000,
    }),
  })
  .strict();

export type SeedInput = z.input<typeof seedSchema>;
export type Seed = z.output<typeof seedSchema>;
export type SeedUser = z.output<typeof userSchema>;
export type SeedServiceAccount = z.output<typeof serviceAccountSchema>;
export type SeedGrant = z.output<typeof grantSchema>;

/** A seed file that does not parse or validate; the message lists every problem with its JSON path. */
export class SeedError extends Error {
  readonly code = 'exchange_sim.seed_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

/** Validates a seed object, adding cross-field checks zod cannot express per field. */
export function parseSeed(input: unknown, source = 'seed'): Seed {
  const result = seedSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`,
    );
    throw new SeedError(`${source} is invalid:\n${lines.join('\n')}`);
  }
  const seed = result.data;
  // Every cross-field problem is collected, so one start lists them all, like the per-field ones above.
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, u] of seed.users.entries()) {
    const key = u.smtp.toLowerCase();
    if (seen.has(key)) problems.push(`users.${i}.smtp: duplicate smtp ${u.smtp}`);
    seen.add(key);
  }
  const sids = new Set<string>();
  for (const [where, list] of [
    ['users', seed.users],
    ['serviceAccounts', seed.serviceAccounts],
  ] as const) {
    for (const [i, a] of list.entries()) {
      if (!a.sid) continue;
      if (sids.has(a.sid.toUpperCase())) problems.push(`${where}.${i}.sid: duplicate SID ${a.sid}`);
      sids.add(a.sid.toUpperCase());
    }
  }
  // A user logs on by its userName, which defaults to the SMTP local part; a grant may name either.
  const accounts = new Set([
    ...seed.users.flatMap((u) => [u.smtp.toLowerCase(), (u.userName ?? smtpLocalPart(u.smtp)).toLowerCase()]),
    ...seed.serviceAccounts.flatMap((s) => [s.userName.toLowerCase(), (s.smtp ?? '').toLowerCase()]),
  ]);
  for (const [i, g] of seed.impersonationGrants.entries()) {
    if (!accounts.has(g.account.toLowerCase()))
      problems.push(`impersonationGrants.${i}.account: unknown account ${g.account}`);
    if (g.mailboxes === 'all') continue;
    for (const [j, m] of g.mailboxes.entries()) {
      if (!seen.has(m.toLowerCase()))
        problems.push(`impersonationGrants.${i}.mailboxes.${j}: no user has the mailbox ${m}`);
    }
  }
  if (problems.length)
    throw new SeedError(`${source} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return seed;
}

function smtpLocalPart(smtp: string): string {
  return smtp.slice(0, smtp.lastIndexOf('@'));
}

/** Reads and validates a JSON seed file. */
export async function loadSeedFile(path: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SeedError(`cannot read seed file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SeedError(`seed file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseSeed(json, `seed file ${path}`);
}

/** Hanging-connection limit per account: 3 on Exchange 2013, 10 on 2016/2019 (EWS-PROTOCOL.md section 5). */
export function effectiveThrottling(seed: Seed): ThrottlingPolicy {
  return {
    ...seed.throttling,
    hangingConnectionLimit:
      seed.throttling.hangingConnectionLimit ?? (seed.serverVersion === '2013' ? 3 : 10),
  };
}
