// Which account a connector logs on with: a feature group's service account (which impersonates
// the mailboxes), or a mailbox's own Exchange credentials. Decryption is the store's job (it owns
// the key); the connector only asks for the decrypted Secret and keeps it out of every message.
import type { Secret } from '../secrets/index.ts';
import { ConnectorConfigurationError } from './errors.ts';

export interface ConnectorCredentials {
  /** Where they come from, for messages: `feature group "Sales"` or `mailbox 4001`. */
  readonly source: string;
  /** The logon name: `user@domain` (UPN) or `DOMAIN\user`. */
  readonly account: string;
  readonly password: Secret;
  /** True for a service account: mailboxes are reached through ApplicationImpersonation. */
  readonly impersonates: boolean;
}

/** The store's credential accessors this module needs (FeatureGroupRepository / MailboxRepository). */
export interface CredentialSource {
  readonly featureGroups: {
    find(id: string): Promise<{ readonly name: string } | null>;
    serviceCredentials(id: string): Promise<{ account: string; password: Secret } | null>;
  };
  readonly mailboxes: {
    find(id: string): Promise<{ readonly number: string } | null>;
    exchangeCredentials(id: string): Promise<{ userName: string; password: Secret } | null>;
  };
}

export type CredentialChoice = { readonly featureGroupId: string } | { readonly mailboxId: string };

/** Decrypted credentials of a feature group's service account or of one mailbox. */
export async function resolveCredentials(
  source: CredentialSource,
  choice: CredentialChoice,
): Promise<ConnectorCredentials> {
  if ('featureGroupId' in choice) {
    const group = await source.featureGroups.find(choice.featureGroupId);
    if (!group) {
      throw new ConnectorConfigurationError(
        'connector.feature_group_unknown',
        `There is no feature group with id "${choice.featureGroupId}".`,
      );
    }
    const creds = await source.featureGroups.serviceCredentials(choice.featureGroupId);
    if (!creds) {
      throw new ConnectorConfigurationError(
        'connector.credentials_missing',
        `Feature group "${group.name}" has no service account with a password.`,
      );
    }
    return {
      source: `feature group "${group.name}"`,
      account: creds.account,
      password: creds.password,
      impersonates: true,
    };
  }
  const mailbox = await source.mailboxes.find(choice.mailboxId);
  if (!mailbox) {
    throw new ConnectorConfigurationError(
      'connector.mailbox_unknown',
      `There is no mailbox with id "${choice.mailboxId}".`,
    );
  }
  const creds = await source.mailboxes.exchangeCredentials(choice.mailboxId);
  if (!creds) {
    throw new ConnectorConfigurationError(
      'connector.credentials_missing',
      `Mailbox ${mailbox.number} has no Exchange user name and password of its own.`,
    );
  }
  return {
    source: `mailbox ${mailbox.number}`,
    account: creds.userName,
    password: creds.password,
    impersonates: false,
  };
}
