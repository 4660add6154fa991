/** Key or ciphertext problems. Messages never contain key material or plaintext. */
export class SecretError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SecretError';
    this.code = code;
  }
}

export const SecretErrorCodes = {
  keyInvalid: 'secret.key_invalid',
  keyFileInsecure: 'secret.key_file_insecure',
  ciphertextInvalid: 'secret.ciphertext_invalid',
  decryptFailed: 'secret.decrypt_failed',
} as const;
