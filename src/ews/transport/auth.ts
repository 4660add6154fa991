// Authentication methods the transport supports. Basic and Bearer are per-request headers; NTLM
// authenticates a connection (see ntlm-pool.ts).

export type EwsAuth =
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | {
      readonly kind: 'ntlm';
      /** "DOMAIN\\user", or a UPN / plain user with `domain` given separately. */
      readonly user: string;
      readonly password: string;
      readonly domain?: string;
      readonly workstation?: string;
    }
  | { readonly kind: 'bearer'; readonly token: () => Promise<string> }
  | { readonly kind: 'none' };

export function schemeName(auth: EwsAuth): string {
  switch (auth.kind) {
    case 'basic':
      return 'Basic';
    case 'ntlm':
      return 'NTLM';
    case 'bearer':
      return 'Bearer';
    case 'none':
      return 'anonymous';
  }
}

/** The Authorization header for header-based schemes; undefined for NTLM and none. */
export async function authorizationHeader(auth: EwsAuth): Promise<string | undefined> {
  if (auth.kind === 'basic') {
    // RFC 7617: user-id ":" password, UTF-8, base64. A colon in the user id is not representable.
    if (auth.user.includes(':')) throw new RangeError('a Basic user name cannot contain ":"');
    return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  }
  if (auth.kind === 'bearer') {
    const token = await auth.token();
    if (!token || /\s/.test(token))
      throw new RangeError('the OAuth token provider returned an empty or malformed token');
    return `Bearer ${token}`;
  }
  return undefined;
}
