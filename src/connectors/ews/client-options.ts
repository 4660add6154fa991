// Endpoint + credentials → EwsClient options: the URL from the `ews:` address, the authentication
// method, and the endpoint's trusted certificates as TLS anchors and SHA-256 pins.
import type { EwsClientOptions } from '../../ews/client.ts';
import type { EwsAuth } from '../../ews/transport/auth.ts';
import type { TlsTrustOptions } from '../../ews/transport/tls-trust.ts';
import { formatFingerprint, type Endpoint } from '../../domain/index.ts';
import type { ConnectorCredentials } from '../credentials.ts';
import { ConnectorUnavailableError } from '../errors.ts';

export interface EwsTarget {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
}

export function ewsTarget(endpoint: Endpoint): EwsTarget {
  if (endpoint.kind !== 'ews' || endpoint.url === null) throw new ConnectorUnavailableError(endpoint.kind);
  const u = new URL(endpoint.url);
  const tls = u.protocol === 'https:';
  const port = u.port === '' ? (tls ? 443 : 80) : Number(u.port);
  return { url: endpoint.url, host: u.hostname.replace(/^\[|\]$/g, ''), port, tls };
}

/**
 * Every trusted certificate is a pin (so a different certificate fails naming both fingerprints) and,
 * when its PEM is stored, a trust anchor too (so a pinned CA that the server does not send still
 * verifies the chain).
 */
export function trustOf(endpoint: Endpoint): TlsTrustOptions {
  const certs = endpoint.trustedCertificates;
  return {
    ca: certs.flatMap((c) => (c.pem ? [c.pem] : [])),
    pins: certs.map((c) => formatFingerprint(c.fingerprint)),
  };
}

export function authOf(endpoint: Endpoint, credentials: ConnectorCredentials): EwsAuth {
  const password = credentials.password.reveal();
  switch (endpoint.authMethod) {
    case 'ntlm':
      // A UPN (user@domain) goes as the NTLM user name with an empty domain (MS-NLMP 2.2.2.5 allows it);
      // DOMAIN\user is split by the transport.
      return { kind: 'ntlm', user: credentials.account, password };
    case 'basic':
      return { kind: 'basic', user: credentials.account, password };
  }
}

export function clientOptions(
  endpoint: Endpoint,
  credentials: ConnectorCredentials,
): Pick<EwsClientOptions, 'url' | 'auth' | 'tls'> {
  return { url: ewsTarget(endpoint).url, auth: authOf(endpoint, credentials), tls: trustOf(endpoint) };
}
