import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes make a leaked token recognisable (secret scanners) and tell token kinds apart. */
export const API_TOKEN_PREFIX = 'vxa_';
export const SESSION_TOKEN_PREFIX = 'vxs_';

/** A new random token: prefix + 256 bits, base64url. */
export function generateToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: a database dump yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The CSRF token of a session, derived from the session token so it needs no storage: only a holder
 * of the (HttpOnly) session cookie — i.e. the server, which hands it out at login — can know it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('voxsync csrf v1').digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
