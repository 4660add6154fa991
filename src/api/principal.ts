/** Who is calling: an administrator (session or token) or the user of one mailbox (session). */
export type Principal =
  | {
      readonly kind: 'admin';
      readonly via: 'session' | 'token';
      /** For the audit log: `admin:<username>` or `token:<name>`. */
      readonly actor: string;
      readonly adminUserId: string | null;
      readonly sessionId: string | null;
    }
  | {
      readonly kind: 'mailbox';
      readonly via: 'session';
      readonly actor: string;
      readonly mailboxId: string;
      readonly sessionId: string;
    };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The raw session cookie value of a cookie-authenticated request (for the CSRF check). */
    sessionToken: string | null;
  }
}

export function actorOf(principal: Principal | null): string {
  return principal?.actor ?? 'anonymous';
}
