import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { AdminUsersRepository } from '../store/admin-users-repository.ts';
import type { ApiTables } from '../store/api-tables.ts';
import { ApiTokensRepository } from '../store/api-tokens-repository.ts';
import { AuditLogRepository } from '../store/audit-log-repository.ts';
import { SessionsRepository } from '../store/sessions-repository.ts';
import { WebhookDeliveriesRepository } from '../store/webhook-deliveries-repository.ts';
import { WebhooksRepository } from '../store/webhooks-repository.ts';
import { migrations, type Database, type Store } from '../store/index.ts';
import { Secret, hashPin } from '../secrets/index.ts';
import type { AccessRepositories, MailboxLogin } from './auth/access-repositories.ts';
import type { Readiness } from './routes/system.ts';
import type { SecretBox } from './secret-box.ts';

/** The API layer's repositories over the store's database (its own tables: migration 0100). */
export interface ApiRepositories extends AccessRepositories {
  readonly webhooks: WebhooksRepository;
  readonly webhookDeliveries: WebhookDeliveriesRepository;
}

export function apiRepositories(db: Kysely<Database>): ApiRepositories {
  // The same connection seen through the API layer's table types: the store's Database type belongs
  // to the store module and does not list the tables of migration 0100.
  const apiDb = db as unknown as Kysely<ApiTables>;
  return {
    adminUsers: new AdminUsersRepository(apiDb),
    apiTokens: new ApiTokensRepository(apiDb),
    sessions: new SessionsRepository(apiDb),
    auditLog: new AuditLogRepository(apiDb),
    webhooks: new WebhooksRepository(apiDb),
    webhookDeliveries: new WebhookDeliveriesRepository(apiDb),
  };
}

/** Mailbox number + PIN through the store; an unknown number costs a PIN check too (no timing oracle). */
export function mailboxLoginOf(store: Store): MailboxLogin {
  return {
    async verify(number, pin) {
      const mailbox = await store.mailboxes.findByNumber(number);
      if (!mailbox) {
        await hashPin(pin);
        return undefined;
      }
      return (await store.mailboxes.verifyPin(mailbox.id, pin))
        ? { mailboxId: mailbox.id, number: mailbox.number }
        : undefined;
    },
  };
}

/** Webhook signing secrets, encrypted with the store's credential key. */
export function webhookSecretBox(store: Store): SecretBox {
  const context = 'webhook.signing_secret';
  return {
    encrypt: (plain) => store.cipher.encrypt(new Secret(plain), context),
    decrypt: (ciphertext) => store.cipher.decrypt(ciphertext, context).reveal(),
  };
}

/** Ready = the database answers and every migration this build knows is applied. */
export function storeReadiness(store: Store): Readiness {
  return {
    async check() {
      try {
        const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
        const applied = new Set(rows.rows.map((r) => r.name));
        const pending = migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
        return pending.length > 0 ? [`migrations not applied: ${pending.join(', ')}`] : [];
      } catch {
        // The driver's message may name hosts or users; the log of the failing call has the detail.
        return ['database unreachable'];
      }
    },
  };
}
