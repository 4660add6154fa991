// WWW-Authenticate parsing and credential masking.

/**
 * Scheme names offered by the server, in order, from every WWW-Authenticate header value
 * (RFC 9110 11.6.1: one header may carry several comma-separated challenges, each with auth-params or
 * a token68).
 */
export function offeredSchemes(values: string | readonly string[] | undefined): string[] {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  const out: string[] = [];
  for (const value of list) {
    for (const piece of splitOutsideQuotes(value)) {
      const p = piece.trim();
      // "realm=x" continues the previous challenge; "Scheme" or "Scheme params/token68" starts one.
      if (/^[^\s=]+\s*=/.test(p)) continue;
      const scheme = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(p)?.[0];
      if (scheme) out.push(scheme);
    }
  }
  return [...new Set(out)];
}

/** The token of a "NTLM <base64>" / "Negotiate <base64>" challenge, when present. */
export function challengeToken(
  values: string | readonly string[] | undefined,
  scheme: string,
): string | undefined {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  for (const value of list) {
    for (const piece of splitOutsideQuotes(value)) {
      const m = /^\s*(\S+)\s+([A-Za-z0-9+/=]+)\s*$/.exec(piece);
      if (m?.[1]?.toLowerCase() === scheme.toLowerCase() && m[2]) return m[2];
    }
  }
  return undefined;
}

function splitOutsideQuotes(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' && s[i - 1] !== '\\') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.filter((p) => p.trim() !== '');
}

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'www-authenticate',
  'proxy-authenticate',
]);

/** Replaces credentials (Basic/Bearer secrets, NTLM blobs) with "***", keeping the scheme name. */
export function maskHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const values = typeof v === 'string' ? [v] : [...v];
    out[k] = SECRET_HEADERS.has(k.toLowerCase())
      ? values.map((x) => x.replace(/^(\s*\S+)\s+\S.*$/, '$1 ***')).join(', ')
      : values.join(', ');
  }
  return out;
}
