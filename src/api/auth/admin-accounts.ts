import type { AdminUser, ApiToken } from '../../store/index.ts';
import type { AccessRepositories } from './access-repositories.ts';
import { hashPassword } from './password-hash.ts';
import { API_TOKEN_PREFIX, generateToken, hashToken } from './tokens.ts';

export const MIN_ADMIN_PASSWORD_LENGTH = 10;

export class AdminAccountError extends Error {
  constructor(
    readonly code:
      | 'admin.password_too_short'
      | 'admin.username_invalid'
      | 'admin.not_found'
      | 'admin.already_disabled'
      | 'admin.last_active',
    message: string,
  ) {
    super(message);
    this.name = 'AdminAccountError';
  }
}

const USERNAME_RE = /^[A-Za-z0-9._@-]{1,200}$/;

function checkPassword(password: string): void {
  if ([...password].length < MIN_ADMIN_PASSWORD_LENGTH) {
    throw new AdminAccountError(
      'admin.password_too_short',
      `An administrator password needs at least ${MIN_ADMIN_PASSWORD_LENGTH} characters.`,
    );
  }
}

/** Creates an administrator (CLI `voxsync admin create-user`, demo setup). */
export async function createAdminUser(
  repos: Pick<AccessRepositories, 'adminUsers' | 'auditLog'>,
  username: string,
  password: string,
  actor: string,
): Promise<AdminUser> {
  if (!USERNAME_RE.test(username)) {
    throw new AdminAccountError(
      'admin.username_invalid',
      'A user name is 1 to 200 letters, digits, dots, dashes, underscores or @.',
    );
  }
  checkPassword(password);
  const user = await repos.adminUsers.create(username, await hashPassword(password));
  await repos.auditLog.append({
    actor,
    action: 'admin_user.create',
    targetType: 'admin_user',
    targetId: user.id,
    details: { username },
  });
  return user;
}

/** Sets a new password and ends the administrator's sessions (CLI `voxsync admin reset-password`). */
export async function resetAdminPassword(
  repos: Pick<AccessRepositories, 'adminUsers' | 'auditLog' | 'sessions'>,
  username: string,
  password: string,
  actor: string,
): Promise<void> {
  checkPassword(password);
  const user = await repos.adminUsers.findByUsername(username);
  if (!user) throw new AdminAccountError('admin.not_found', `There is no administrator named "${username}".`);
  await repos.adminUsers.setPasswordHash(username, await hashPassword(password));
  await repos.sessions.deleteForAdmin(user.id);
  await repos.auditLog.append({
    actor,
    action: 'admin_user.reset_password',
    targetType: 'admin_user',
    targetId: user.id,
    details: { username, credentialsChanged: ['password'] },
  });
}

/**
 * Disables an administrator and ends their sessions; the last active one cannot be disabled. The
 * active rows are locked first, so two concurrent disables of the last two cannot both pass the check.
 */
export async function disableAdminUser(
  repos: Pick<AccessRepositories, 'transaction'>,
  id: string,
  actor: string,
): Promise<AdminUser> {
  return repos.transaction(async (tx) => {
    await tx.adminUsers.lockActive();
    const target = await tx.adminUsers.get(id);
    if (!target) throw new AdminAccountError('admin.not_found', 'There is no such administrator.');
    if (target.disabledAt !== null) {
      throw new AdminAccountError('admin.already_disabled', 'This administrator is already disabled.');
    }
    if ((await tx.adminUsers.countActive()) <= 1) {
      throw new AdminAccountError(
        'admin.last_active',
        'This is the last active administrator; create or keep another one before disabling it.',
      );
    }
    const disabled = (await tx.adminUsers.markDisabled(id)) ?? target;
    await tx.sessions.deleteForAdmin(disabled.id);
    await tx.auditLog.append({
      actor,
      action: 'admin_user.disable',
      targetType: 'admin_user',
      targetId: disabled.id,
      details: { username: disabled.username },
    });
    return disabled;
  });
}

/** Creates an admin API token; the returned `token` is the only time its value exists outside a hash. */
export async function createAdminToken(
  repos: Pick<AccessRepositories, 'apiTokens' | 'auditLog'>,
  name: string,
  actor: string,
): Promise<ApiToken & { token: string }> {
  const token = generateToken(API_TOKEN_PREFIX);
  const created = await repos.apiTokens.create(name, hashToken(token));
  await repos.auditLog.append({
    actor,
    action: 'token.create',
    targetType: 'api_token',
    targetId: created.id,
    details: { name },
  });
  return { ...created, token };
}
