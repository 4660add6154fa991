import { randomBytes } from 'node:crypto';
import type { ServerVersion, ThrottlingPolicy } from './config/seed.ts';
import type { Directory } from './directory.ts';
import { Mailbox } from './mailbox/mailbox.ts';
import { SyncStateCodec } from './mailbox/sync.ts';
import { NotificationHub } from './notifications/hub.ts';

/** The simulator's mutable world: directory, mailboxes (by SMTP address) and server-wide settings. */
export class SimState {
  readonly mailboxes = new Map<string, Mailbox>();
  readonly byNo = new Map<number, Mailbox>();
  private nextNo = 1;
  codec: SyncStateCodec;
  readonly hub = new NotificationHub();

  constructor(
    readonly directory: Directory,
    readonly serverVersion: ServerVersion,
    readonly policy: ThrottlingPolicy,
    public secret: Buffer = randomBytes(32),
  ) {
    this.codec = new SyncStateCodec(secret);
    for (const a of directory.mailboxes()) this.ensureMailbox(a.smtp!, a.displayName);
  }

  ensureMailbox(smtp: string, displayName: string): Mailbox {
    const key = smtp.toLowerCase();
    let mb = this.mailboxes.get(key);
    if (!mb) {
      mb = new Mailbox(this.nextNo++, smtp, displayName);
      this.mailboxes.set(key, mb);
      this.byNo.set(mb.no, mb);
    }
    return mb;
  }

  adopt(mb: Mailbox): void {
    this.mailboxes.set(mb.smtp.toLowerCase(), mb);
    this.byNo.set(mb.no, mb);
    this.nextNo = Math.max(this.nextNo, mb.no + 1);
  }

  removeMailbox(smtp: string): void {
    const mb = this.mailboxes.get(smtp.toLowerCase());
    if (!mb) return;
    this.mailboxes.delete(smtp.toLowerCase());
    this.byNo.delete(mb.no);
  }

  mailbox(smtp: string): Mailbox | undefined {
    return this.mailboxes.get(smtp.toLowerCase());
  }
}
