export { Secret } from './secret.ts';
export { SecretError, SecretErrorCodes } from './errors.ts';
export { CredentialCipher } from './cipher.ts';
export {
  loadOrCreateKey,
  decodeKey,
  KEY_FILE_NAME,
  KEY_BYTES,
  type LoadedKey,
  type KeySource,
} from './key.ts';
export { hashPin, verifyPin } from './pin.ts';
