import { randomBytes } from 'node:crypto';
import { hashPin, verifyPin } from './index.ts';

/**
 * Administrator passwords use the same self-describing scrypt hash as mailbox PINs
 * (`scrypt$N$r$p$salt$hash`, RFC 7914 interactive-login parameters; see secrets/pin.ts).
 */
export const hashPassword: (password: string) => Promise<string> = hashPin;

/** Constant-time check; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await verifyPin(password, stored);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the user name is unknown, so a login for a missing user costs the
 * same as one with a wrong password and response time does not reveal which names exist.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
