import type { AdminUsersRepository } from '../../store/admin-users-repository.ts';
import type { ApiTokensRepository } from '../../store/api-tokens-repository.ts';
import type { AuditLogRepository } from '../../store/audit-log-repository.ts';
import type { SessionsRepository } from '../../store/sessions-repository.ts';

/** The repositories authentication and the audit log need. */
export interface AccessRepositories {
  readonly adminUsers: AdminUsersRepository;
  readonly apiTokens: ApiTokensRepository;
  readonly sessions: SessionsRepository;
  readonly auditLog: AuditLogRepository;
}

/** Checks a mailbox number + PIN; the store owns how PINs are kept. */
export interface MailboxLogin {
  verify(
    number: string,
    pin: string,
  ): Promise<{ readonly mailboxId: string; readonly number: string } | undefined>;
}
