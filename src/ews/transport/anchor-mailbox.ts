// X-AnchorMailbox tells Exchange's front end which mailbox a request works on, so it is proxied straight to
// the server holding it (D: impersonation-and-ews-in-exchange.md; how-to-maintain-affinity-between-group-of-
// subscriptions-and-mailbox-server.md). Microsoft documents its value as the mailbox's email address, which
// the front end looks up in the directory; a SID is not an address it resolves, so with SID impersonation
// the header is left out and the request is routed by the impersonated account instead of misrouted.
import type { ConnectingSidKind } from '../soap/envelope.ts';

/** The X-AnchorMailbox value for an impersonated call, or undefined when none should be sent. */
export function anchorMailboxFor(kind: ConnectingSidKind, value: string): string | undefined {
  return kind === 'SID' ? undefined : value;
}
