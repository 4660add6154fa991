// Mailbox-server affinity for a group of subscriptions (D: how-to-maintain-affinity-between-group-of-
// subscriptions-and-mailbox-server.md): every Subscribe / GetStreamingEvents / GetEvents of the group
// carries the same X-AnchorMailbox and X-PreferServerAffinity: true; the first Subscribe's response
// sets X-BackEndOverrideCookie, which all later requests of the group send back.
import type { HeaderMap } from './http.ts';

const COOKIE = 'X-BackEndOverrideCookie';

export class AffinityGroup {
  private cookie: string | undefined;

  constructor(
    /** SMTP address of the mailbox the group is anchored on. */
    readonly anchorMailbox: string,
    backEndOverrideCookie?: string,
  ) {
    this.cookie = backEndOverrideCookie;
  }

  /** The cookie value the server assigned, once a response carried it. */
  get backEndOverrideCookie(): string | undefined {
    return this.cookie;
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = {
      'x-anchormailbox': this.anchorMailbox,
      'x-preferserveraffinity': 'true',
    };
    if (this.cookie !== undefined) h['cookie'] = `${COOKIE}=${this.cookie}`;
    return h;
  }

  /** Stores X-BackEndOverrideCookie from a response's Set-Cookie headers, when present. */
  absorb(headers: HeaderMap): void {
    const raw = headers['set-cookie'];
    const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
    for (const v of values) {
      const pair = v.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim().toLowerCase() === COOKIE.toLowerCase()) {
        this.cookie = pair.slice(eq + 1).trim();
      }
    }
  }
}
