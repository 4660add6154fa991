import type { Seed, SeedGrant } from './config/seed.ts';

/** An account that can log on: a mailbox user or a service account without a mailbox. */
export interface Account {
  readonly userName: string;
  readonly password: string;
  /** Primary SMTP address; service accounts may have none. */
  readonly smtp: string | undefined;
  readonly displayName: string;
  readonly hasMailbox: boolean;
}

/** Users, service accounts and ApplicationImpersonation grants of the simulated organisation. */
export class Directory {
  private readonly byLogon = new Map<string, Account>();
  private readonly bySmtp = new Map<string, Account>();
  private readonly grants = new Map<Account, 'all' | Set<string>>();
  readonly netbiosDomain: string;
  readonly dnsDomain: string;

  constructor(seed: Seed) {
    this.dnsDomain = seed.domains[0] ?? seed.users[0]?.smtp.split('@')[1] ?? 'example.com';
    this.netbiosDomain = seed.netbiosDomain ?? (this.dnsDomain.split('.')[0] ?? 'EXAMPLE').toUpperCase();
    for (const u of seed.users) {
      this.addUser({
        smtp: u.smtp,
        password: u.password,
        displayName: u.displayName,
        userName: u.userName,
      });
    }
    for (const s of seed.serviceAccounts) {
      this.add({
        userName: s.userName,
        password: s.password,
        smtp: s.smtp,
        displayName: s.userName,
        hasMailbox: false,
      });
    }
    for (const g of seed.impersonationGrants) this.grant(g);
  }

  private add(a: Account): void {
    const local = a.smtp?.split('@')[0];
    for (const key of [a.userName, a.smtp, local, `${this.netbiosDomain}\\${a.userName}`]) {
      if (key) this.byLogon.set(key.toLowerCase(), a);
    }
    if (a.smtp) this.bySmtp.set(a.smtp.toLowerCase(), a);
  }

  addUser(u: { smtp: string; password: string; displayName?: string; userName?: string }): Account {
    if (this.bySmtp.has(u.smtp.toLowerCase()))
      throw new DirectoryError('user_exists', `${u.smtp} already exists`);
    const account: Account = {
      smtp: u.smtp,
      password: u.password,
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
    for (const [k, v] of this.byLogon) if (v === a) this.byLogon.delete(k);
    this.grants.delete(a);
    for (const g of this.grants.values()) if (g !== 'all') g.delete(smtp.toLowerCase());
    return true;
  }

  grant(g: SeedGrant): void {
    const a = this.findLogon(g.account);
    if (!a) throw new DirectoryError('account_unknown', `unknown account ${g.account}`);
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
   * Finds the account for a logon name as clients send it: `user`, `DOMAIN\user`, `user@upn` or the SMTP
   * address. NTLM passes user and domain separately; callers join them.
   */
  findLogon(name: string): Account | undefined {
    return this.byLogon.get(name.toLowerCase());
  }

  findMailbox(smtp: string): Account | undefined {
    return this.bySmtp.get(smtp.toLowerCase());
  }

  mailboxes(): Account[] {
    return [...this.bySmtp.values()].filter((a) => a.hasMailbox);
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

export class DirectoryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}
