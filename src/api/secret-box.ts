/** Encrypts credentials for storage (implemented by secrets/); the API never stores one in clear. */
export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}
