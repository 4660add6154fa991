// The mail-server connector: what the sync engine (and the admin's connection test) needs from a
// mail server, independent of the protocol. One implementation today (EWS); IMAP endpoints are in
// the model but get ConnectorUnavailableError.
import type { Endpoint } from '../domain/index.ts';
import type { ConnectionTestOptions, ConnectionTestReport } from './connection-test.ts';
import type { ConnectorCredentials } from './credentials.ts';
import { ConnectorUnavailableError } from './errors.ts';
import { EwsConnector, type EwsConnectorOptions } from './ews/ews-connector.ts';

export interface MailServerConnector {
  readonly endpoint: Endpoint;
  /** Checks reachability, TLS trust, authentication, impersonation and the server version, step by step. */
  testConnection(options?: ConnectionTestOptions): Promise<ConnectionTestReport>;
  /** Frees connections. */
  close(): Promise<void>;
}

export type ConnectorOptions = EwsConnectorOptions;

/** The connector for an endpoint's kind. Throws ConnectorUnavailableError for IMAP. */
export function createConnector(
  endpoint: Endpoint,
  credentials: ConnectorCredentials,
  options: ConnectorOptions = {},
): MailServerConnector {
  switch (endpoint.kind) {
    case 'ews':
      return new EwsConnector(endpoint, credentials, options);
    default:
      throw new ConnectorUnavailableError(endpoint.kind);
  }
}
