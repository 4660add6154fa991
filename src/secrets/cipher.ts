import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretError, SecretErrorCodes } from './errors.ts';
import { KEY_BYTES } from './key.ts';
import { Secret } from './secret.ts';

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16;

/**
 * AES-256-GCM encryption of credentials at rest. Stored form: `v1:<base64(iv | tag | ciphertext)>`.
 * The `context` (e.g. `feature_group.service_password:<id>`) is bound as additional authenticated
 * data, so a ciphertext copied into another row or column does not decrypt.
 */
export class CredentialCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw new SecretError(SecretErrorCodes.keyInvalid, `The encryption key must be ${KEY_BYTES} bytes.`);
    }
    this.#key = Buffer.from(key);
  }

  encrypt(secret: Secret, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(secret.reveal(), 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string, context: string): Secret {
    const [version, payload] = stored.split(':');
    if (version !== VERSION || payload === undefined) {
      throw new SecretError(
        SecretErrorCodes.ciphertextInvalid,
        'The stored credential is not in a known format.',
      );
    }
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) {
      throw new SecretError(SecretErrorCodes.ciphertextInvalid, 'The stored credential is truncated.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return new Secret(plain.toString('utf8'));
    } catch {
      throw new SecretError(
        SecretErrorCodes.decryptFailed,
        'A stored credential could not be decrypted: the key differs from the one it was encrypted with, or the data was altered.',
      );
    }
  }
}
