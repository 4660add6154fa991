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
    const key = mb.smtp.toLowerCase();
    const replaced = this.mailboxes.get(key);
    if (replaced && this.byNo.get(replaced.no) === replaced) this.byNo.delete(replaced.no);
    const clash = this.byNo.get(mb.no);
    this.mailboxes.set(key, mb);
    this.byNo.set(mb.no, mb);
    this.nextNo = Math.max(this.nextNo, mb.no + 1);
    // A seed user new since the snapshot got a fresh mailbox numbered before the snapshot's were adopted; ids
    // carry the number, so two mailboxes sharing one would read each other's items. The fresh one moves.
    if (clash && clash !== mb) {
      const moved = new Mailbox(this.nextNo++, clash.smtp, clash.displayName);
      this.mailboxes.set(clash.smtp.toLowerCase(), moved);
      this.byNo.set(moved.no, moved);
    }
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
