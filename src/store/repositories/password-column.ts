import { Secret, type CredentialCipher } from '../../secrets/index.ts';

/**
 * A password column kept AES-256-GCM encrypted, each value bound to its column and row id (the
 * cipher's associated data), so a ciphertext copied to another row or column does not decrypt.
 */
export class PasswordColumn {
  constructor(
    private readonly cipher: CredentialCipher,
    /** `table.column`, part of the binding: changing it makes stored values unreadable. */
    private readonly column: string,
  ) {}

  encrypt(id: string, password: string | null): string | null {
    return password === null ? null : this.cipher.encrypt(new Secret(password), this.context(id));
  }

  decrypt(id: string, stored: string): Secret {
    return this.cipher.decrypt(stored, this.context(id));
  }

  private context(id: string): string {
    return `${this.column}:${id}`;
  }
}
