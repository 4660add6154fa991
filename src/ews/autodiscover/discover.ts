// Finds the EWS URL of a mailbox from its e-mail address: SOAP GetUserSettings first, then POX, at
// https://<domain>/autodiscover/... and https://autodiscover.<domain>/autodiscover/..., following
// address and URL redirects (bounded). Every request goes through the verified EWS transport.
import { EwsTransport } from '../transport/transport.ts';
import type { TransportOptions } from '../transport/transport.ts';
import { EwsTransportError } from '../transport/errors.ts';
import { EwsError } from '../errors.ts';
import { buildPoxRequest, parsePoxResponse } from './pox.ts';
import { buildGetUserSettingsRequest, parseGetUserSettingsResponse } from './soap.ts';
import type { AutodiscoverOutcome } from './outcome.ts';

export type AutodiscoverMethod = 'soap' | 'pox';

export interface AutodiscoverOptions extends Omit<TransportOptions, 'url'> {
  /** Base URLs (scheme://host) to try for a domain; default https://domain and https://autodiscover.domain. */
  readonly hosts?: (domain: string) => readonly string[];
  readonly methods?: readonly AutodiscoverMethod[];
  /** Redirects (address or URL) followed before giving up. Default 10. */
  readonly maxRedirects?: number;
}

export interface AutodiscoverResult {
  readonly ewsUrl: string;
  readonly settings: Readonly<Record<string, string>>;
  /** The Autodiscover URL that answered and the method it spoke. */
  readonly endpoint: string;
  readonly method: AutodiscoverMethod;
  /** The address the answer is for (after address redirects). */
  readonly address: string;
}

export interface AutodiscoverAttempt {
  readonly url: string;
  readonly method: AutodiscoverMethod;
  readonly error: string;
}

/** No candidate answered with settings. Lists every attempt so an admin can see what failed where. */
export class AutodiscoverError extends EwsError {
  readonly attempts: readonly AutodiscoverAttempt[];
  constructor(email: string, attempts: readonly AutodiscoverAttempt[]) {
    super(
      'ews.autodiscover_failed',
      `Autodiscover found no EWS URL for ${email} (${attempts.length} attempts: ` +
        `${attempts.map((a) => `${a.method} ${a.url}: ${a.error}`).join('; ')})`,
    );
    this.attempts = attempts;
  }
}

const PATHS: Record<AutodiscoverMethod, string> = {
  soap: '/autodiscover/autodiscover.svc',
  pox: '/autodiscover/autodiscover.xml',
};

export function defaultAutodiscoverHosts(domain: string): string[] {
  return [`https://${domain}`, `https://autodiscover.${domain}`];
}

export async function autodiscover(email: string, options: AutodiscoverOptions): Promise<AutodiscoverResult> {
  const methods = options.methods ?? ['soap', 'pox'];
  const maxRedirects = options.maxRedirects ?? 10;
  const attempts: AutodiscoverAttempt[] = [];
  let address = email;
  let redirects = 0;
  let queue = candidates(address, options, methods);
  const tried = new Set<string>();
  while (queue.length > 0) {
    const next = queue.shift()!;
    const key = `${next.method} ${next.url} ${address}`;
    if (tried.has(key)) continue;
    tried.add(key);
    let outcome: AutodiscoverOutcome;
    try {
      outcome = await ask(next.url, next.method, address, options);
    } catch (err) {
      attempts.push({ ...next, error: describe(err) });
      // Wrong password or untrusted certificate: the next host would fail the same way, but may be
      // a different server, so keep trying and report every failure at the end.
      continue;
    }
    if (outcome.kind === 'settings') {
      return {
        ewsUrl: outcome.ewsUrl,
        settings: outcome.settings,
        endpoint: next.url,
        method: next.method,
        address,
      };
    }
    if (outcome.kind === 'error') {
      attempts.push({ ...next, error: `${outcome.code}: ${outcome.message}` });
      continue;
    }
    if (++redirects > maxRedirects) {
      attempts.push({ ...next, error: `more than ${maxRedirects} redirects` });
      break;
    }
    if (outcome.kind === 'redirectAddress') {
      if (!/^[^@\s]+@[^@\s]+$/.test(outcome.address)) {
        attempts.push({ ...next, error: `invalid redirect address ${JSON.stringify(outcome.address)}` });
        continue;
      }
      address = outcome.address;
      queue = candidates(address, options, methods);
    } else {
      let url: URL;
      try {
        url = new URL(outcome.url);
      } catch {
        attempts.push({ ...next, error: `invalid redirect URL ${JSON.stringify(outcome.url)}` });
        continue;
      }
      // Never follow a redirect to plain HTTP: credentials would travel unprotected.
      if (url.protocol !== 'https:' && new URL(next.url).protocol === 'https:') {
        attempts.push({ ...next, error: `refused redirect to non-HTTPS ${url.href}` });
        continue;
      }
      queue.unshift({ url: url.href, method: next.method });
    }
  }
  throw new AutodiscoverError(email, attempts);
}

function candidates(
  address: string,
  options: AutodiscoverOptions,
  methods: readonly AutodiscoverMethod[],
): { url: string; method: AutodiscoverMethod }[] {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const hosts = (options.hosts ?? defaultAutodiscoverHosts)(domain);
  return hosts.flatMap((h) =>
    methods.map((method) => ({ url: `${h.replace(/\/+$/, '')}${PATHS[method]}`, method })),
  );
}

async function ask(
  url: string,
  method: AutodiscoverMethod,
  address: string,
  options: AutodiscoverOptions,
): Promise<AutodiscoverOutcome> {
  const transport = new EwsTransport({
    ...options,
    url,
    connections: 1,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  try {
    const body = method === 'soap' ? buildGetUserSettingsRequest(address, url) : buildPoxRequest(address);
    const headers: Record<string, string> =
      method === 'soap'
        ? {
            soapaction:
              '"http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings"',
          }
        : {};
    const res = await transport.post({ body, headers });
    if (res.status !== 200 && !(res.status === 500 && method === 'soap')) {
      throw new Error(`HTTP ${res.status}`);
    }
    return method === 'soap' ? parseGetUserSettingsResponse(res.body) : parsePoxResponse(res.body);
  } finally {
    await transport.destroy();
  }
}

function describe(err: unknown): string {
  if (err instanceof EwsTransportError || err instanceof EwsError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
