import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  statSync,
  writeSync,
  constants,
} from 'node:fs';
import { join } from 'node:path';
import { SecretError, SecretErrorCodes } from './errors.ts';

export const KEY_BYTES = 32;
export const KEY_FILE_NAME = 'secret.key';

/** Where the encryption key came from, for `voxsync doctor` style reporting (never the key itself). */
export type KeySource = { kind: 'env' } | { kind: 'file'; path: string; created: boolean };

export interface LoadedKey {
  readonly key: Buffer;
  readonly source: KeySource;
}

/** Decodes a base64 key (VOXSYNC_SECRET_KEY); it must be exactly 32 bytes for AES-256. */
export function decodeKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new SecretError(
      SecretErrorCodes.keyInvalid,
      `${origin} must be ${KEY_BYTES} random bytes in base64 (44 characters); generate one with "openssl rand -base64 32".`,
    );
  }
  return key;
}

/**
 * The key from `VOXSYNC_SECRET_KEY` when given, else from `<dataDir>/secret.key`, created on first
 * start with mode 0600 (O_EXCL, so two processes starting together never write two different keys).
 * An existing key file readable by group or others is refused: it would expose every credential.
 */
export function loadOrCreateKey(dataDir: string, envKey?: string): LoadedKey {
  if (envKey !== undefined && envKey !== '') {
    return { key: decodeKey(envKey, 'VOXSYNC_SECRET_KEY'), source: { kind: 'env' } };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, KEY_FILE_NAME);
  let created = false;
  try {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    // The umask may have narrowed the mode further, never widened it; set it exactly.
    chmodSync(path, 0o600);
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SecretError(
      SecretErrorCodes.keyFileInsecure,
      `The key file ${path} has mode ${mode.toString(8)}; it must be readable by its owner only (chmod 600).`,
    );
  }
  return {
    key: decodeKey(readFileSync(path, 'utf8'), `The key file ${path}`),
    source: { kind: 'file', path, created },
  };
}
