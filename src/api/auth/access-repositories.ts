export type { AccessRepositories } from '../../services/admin-accounts.ts';

/** Checks a mailbox number + PIN; the store owns how PINs are kept. */
export interface MailboxLogin {
  verify(
    number: string,
    pin: string,
  ): Promise<{ readonly mailboxId: string; readonly number: string } | undefined>;
}
