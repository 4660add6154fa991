import type { StoreMigration } from './types.ts';

/**
 * The `oauth2` authentication method is gone: it was never implemented (every connection with it
 * was refused), so an endpoint stored with it could not have worked. Such endpoints become `ntlm`,
 * Exchange's default for EWS, so they load under today's model; their administrator sees the
 * method in the endpoint and can test the connection.
 */
export const migration: StoreMigration = {
  name: '0003_auth_method_no_oauth2',
  async up(db) {
    await db
      .updateTable('endpoints')
      .set({ auth_method: 'ntlm' })
      .where('auth_method', '=', 'oauth2')
      .execute();
  },
};
