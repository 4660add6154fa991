import type { Repositories } from '../../store/index.ts';

/** The repositories authentication and the audit log need. */
export interface AccessRepositories extends Pick<
  Repositories,
  'adminUsers' | 'apiTokens' | 'sessions' | 'auditLog'
> {
  /** Runs `fn` in one transaction with repositories bound to it (the store provides this). */
  transaction<T>(
    fn: (scope: Pick<Repositories, 'adminUsers' | 'sessions' | 'auditLog'>) => Promise<T>,
  ): Promise<T>;
}

/** Checks a mailbox number + PIN; the store owns how PINs are kept. */
export interface MailboxLogin {
  verify(
    number: string,
    pin: string,
  ): Promise<{ readonly mailboxId: string; readonly number: string } | undefined>;
}
