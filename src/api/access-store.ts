import { sql } from 'kysely';
import { migrations, type Repositories, type Store } from '../store/index.ts';
import { Secret, hashPin } from '../secrets/index.ts';
import type { AccessRepositories, MailboxLogin } from './auth/access-repositories.ts';
import type { Readiness } from './routes/system.ts';
import type { SecretBox } from './secret-box.ts';

/** The API layer's repositories (access and webhooks); the store provides them all. */
export type ApiRepositories = AccessRepositories & Pick<Repositories, 'webhooks' | 'webhookDeliveries'>;

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
