import type { StoreMigration } from './types.ts';
import { migration as m0001 } from './0001_core.ts';
import { migration as m0002 } from './0002_mailbox_content.ts';
import { migration as m0003 } from './0003_auth_method_no_oauth2.ts';
import { migration as m0004 } from './0004_change_feed.ts';
import { migration as m0100 } from './0100_api_access.ts';
import { migration as m0101 } from './0101_admin_user_disable.ts';
import { migration as m0102 } from './0102_webhook_cursors.ts';

/**
 * Every migration, in order. Adding one = a new file `NNNN_name.ts` exporting `migration`, plus one
 * import and one entry here. Ranges: 0001-0099 store (configuration, mailbox content),
 * 0100-0199 api (users, sessions, tokens, audit, webhooks), 0200+ sync engine.
 */
// prettier-ignore
export const migrations: readonly StoreMigration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0100,
  m0101,
  m0102,
];

export type { StoreMigration, MigrationTypes } from './types.ts';
