import { createHash } from 'node:crypto';
import type { Seed, SeedGrant } from './config/seed.ts';
import { Credential } from './credential.ts';

function u32(hash: Buffer, at: number): number {
  return hash.readUInt32BE(at);
}

/** An account that can log on: a mailbox user or a service account without a mailbox. */
export interface Account {
  readonly userName: string;
  readonly credential: Credential;
  /** Primary SMTP address; service accounts may have none. */
  readonly smtp: string | undefined;
  readonly displayName: string;
  readonly hasMailbox: boolean;
  /** Windows security identifier (SDDL form), for ExchangeImpersonation by SID. */
  readonly sid: string;
}

/** Users, service accounts and ApplicationImpersonation grants of the simulated organisation. */
export class Directory {
  private readonly byLogon = new Map<string, Account>();
  private readonly bySmtp = new Map<string, Account>();
  private readonly grants = new Map<Account, 'all' | Set<string>>();
  private readonly bySid = new Map<string, Account>();
  readonly netbiosDomain: string;
  readonly dnsDomain: string;
  /** Every domain a logon name may carry (`user@domain`, `DOMAIN\user`): NetBIOS, DNS and SMTP domains. */
  private readonly logonDomains = new Set<string>();
  /**
   * The domain's SID (S-1-5-21-a-b-c), derived from the DNS domain so it is the same on every start; account
   * SIDs append a relative id derived from the account's name (see sidFor).
   */
  readonly domainSid: string;

  constructor(seed: Seed) {
    this.dnsDomain = seed.domains[0] ?? seed.users[0]?.smtp.split('@')[1] ?? 'example.com';
    this.netbiosDomain = seed.netbiosDomain ?? (this.dnsDomain.split('.')[0] ?? 'EXAMPLE').toUpperCase();
    const h = createHash('sha256').update(`domain:${this.dnsDomain.toLowerCase()}`).digest();
    this.domainSid = `S-1-5-21-${u32(h, 0)}-${u32(h, 4)}-${u32(h, 8)}`;
    for (const d of [this.netbiosDomain, this.dnsDomain, ...seed.domains])
      this.logonDomains.add(d.toLowerCase());
    // Seeded SIDs first, so a derived one never takes a SID the seed file names later in the list.
    for (const u of seed.users) if (u.sid) this.bySid.set(u.sid.toUpperCase(), PLACEHOLDER);
    for (const s of seed.serviceAccounts) if (s.sid) this.bySid.set(s.sid.toUpperCase(), PLACEHOLDER);
    for (const u of seed.users) {
      this.addUser({
        smtp: u.smtp,
        credential: Credential.fromPassword(u.password),
        displayName: u.displayName,
        userName: u.userName,
        sid: u.sid,
      });
    }
    for (const s of seed.serviceAccounts) {
      this.add({
        userName: s.userName,
        credential: Credential.fromPassword(s.password),
        smtp: s.smtp,
        displayName: s.userName,
        hasMailbox: false,
        sid: this.sidFor(s.userName, s.sid),
      });
    }
    for (const g of seed.impersonationGrants) this.grant(g);
  }

  /**
   * The SID an account gets: the one given (seed file, control API), else the domain SID plus a relative id
   * from a hash of the account's name (user accounts: the SMTP address), from 1000 up like the RIDs Active
   * Directory hands out. The same directory always yields the same SIDs; a clash moves to the next free id.
   */
  private sidFor(name: string, given: string | undefined): string {
    if (given) {
      const held = this.bySid.get(given.toUpperCase());
      if (held && held !== PLACEHOLDER)
        throw new DirectoryError(
          'exchange_sim.sid_exists',
          `the SID ${given} already belongs to ${held.userName}`,
        );
      return given.toUpperCase();
    }
    const h = createHash('sha256').update(`account:${name.toLowerCase()}`).digest();
    let rid = 1000 + (u32(h, 0) % 0x3fff0000);
    while (this.bySid.has(`${this.domainSid}-${rid}`.toUpperCase())) rid++;
    return `${this.domainSid}-${rid}`;
  }

  private add(a: Account): void {
    this.bySid.set(a.sid.toUpperCase(), a);
    const local = a.smtp?.split('@')[0];
    for (const key of [a.userName, a.smtp, local, `${this.netbiosDomain}\\${a.userName}`]) {
      if (key) this.byLogon.set(key.toLowerCase(), a);
    }
    if (a.smtp) {
      this.bySmtp.set(a.smtp.toLowerCase(), a);
      this.logonDomains.add(a.smtp.slice(a.smtp.lastIndexOf('@') + 1).toLowerCase());
    }
  }

  addUser(u: {
    smtp: string;
    credential: Credential;
    displayName?: string | undefined;
    userName?: string | undefined;
    sid?: string | undefined;
  }): Account {
    if (this.bySmtp.has(u.smtp.toLowerCase()))
      throw new DirectoryError('exchange_sim.user_exists', `${u.smtp} already exists`);
    const account: Account = {
      sid: this.sidFor(u.smtp, u.sid),
      smtp: u.smtp,
      credential: u.credential,
      userName: u.userName ?? u.smtp.split('@')[0] ?? u.smtp,
      displayName: u.displayName ?? u.smtp.split('@')[0] ?? u.smtp,
      hasMailbox: true,
    };
    this.add(account);
    return account;
  }

  removeUser(smtp: string): boolean {
    const a = this.bySmtp.get(smtp.toLowerCase());
    if (!a) return false;
    this.bySmtp.delete(smtp.toLowerCase());
    this.bySid.delete(a.sid.toUpperCase());
    for (const [k, v] of this.byLogon) if (v === a) this.byLogon.delete(k);
    this.grants.delete(a);
    for (const g of this.grants.values()) if (g !== 'all') g.delete(smtp.toLowerCase());
    return true;
  }

  grant(g: SeedGrant): void {
    const a = this.findLogon(g.account);
    if (!a) throw new DirectoryError('exchange_sim.account_unknown', `unknown account ${g.account}`);
    if (g.mailboxes === 'all') {
      this.grants.set(a, 'all');
      return;
    }
    const cur = this.grants.get(a);
    if (cur === 'all') return;
    const set = cur ?? new Set<string>();
    for (const m of g.mailboxes) set.add(m.toLowerCase());
    this.grants.set(a, set);
  }

  revoke(account: string): boolean {
    const a = this.findLogon(account);
    return a ? this.grants.delete(a) : false;
  }

  /**
   * Finds the account for a logon name in every form Exchange accepts: the bare user name, `DOMAIN\user`
   * (down-level logon name), `user@domain` (UPN, e.g. `svc-voxsync@contoso.test` for a service account
   * without a mailbox, or `cchen@contoso.test` for a user whose logon name differs from the SMTP local part)
   * and the SMTP address. A domain the organisation does not own names nobody. NTLM passes user and domain
   * separately; callers join them.
   */
  findLogon(name: string): Account | undefined {
    const key = name.trim().toLowerCase();
    const exact = this.byLogon.get(key);
    if (exact) return exact;
    const slash = key.indexOf('\\');
    const at = key.lastIndexOf('@');
    const [domain, user] =
      slash > 0
        ? [key.slice(0, slash), key.slice(slash + 1)]
        : at > 0
          ? [key.slice(at + 1), key.slice(0, at)]
          : [];
    if (domain === undefined || user === undefined || user.includes('\\') || user.includes('@'))
      return undefined;
    return this.logonDomains.has(domain) ? this.byLogon.get(user) : undefined;
  }

  /** The account with this SID (SDDL form, compared case-insensitively). */
  findSid(sid: string): Account | undefined {
    const a = this.bySid.get(sid.toUpperCase());
    return a === PLACEHOLDER ? undefined : a;
  }

  findMailbox(smtp: string): Account | undefined {
    return this.bySmtp.get(smtp.toLowerCase());
  }

  mailboxes(): Account[] {
    return [...this.bySmtp.values()].filter((a) => a.hasMailbox);
  }

  /** Accounts without a mailbox, in the order they were added. */
  serviceAccounts(): Account[] {
    return [...new Set(this.byLogon.values())].filter((a) => !a.hasMailbox);
  }

  canImpersonate(actor: Account, targetSmtp: string): boolean {
    const g = this.grants.get(actor);
    return g === 'all' || (g !== undefined && g.has(targetSmtp.toLowerCase()));
  }

  grantsJson(): { account: string; mailboxes: 'all' | string[] }[] {
    return [...this.grants].map(([a, g]) => ({
      account: a.userName,
      mailboxes: g === 'all' ? 'all' : [...g],
    }));
  }
}

/** Reserves a seeded SID while the directory is built. */
const PLACEHOLDER: Account = {
  userName: '',
  credential: Credential.fromPassword(''),
  smtp: undefined,
  displayName: '',
  hasMailbox: false,
  sid: '',
};

export class DirectoryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}
