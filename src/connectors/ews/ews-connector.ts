// The EWS implementation of MailServerConnector: builds EwsClients for an endpoint (URL, auth,
// trusted certificates, RequestServerVersion, detected once for `auto`) and runs the connection test.
import { EwsClient, type EwsLogger } from '../../ews/client.ts';
import type { ExchangeVersion as RequestVersion } from '../../ews/soap/envelope.ts';
import { EwsTlsPinMismatchError } from '../../ews/transport/errors.ts';
import { getFolder } from '../../ews/operations/get-folder.ts';
import type { Endpoint } from '../../domain/index.ts';
import type { MailServerConnector } from '../connector.ts';
import { StepRecorder, type ConnectionTestOptions, type ConnectionTestReport } from '../connection-test.ts';
import type { ConnectorCredentials } from '../credentials.ts';
import { CertificateChangedError, ConnectorConfigurationError, ConnectorError } from '../errors.ts';
import { authOf, clientOptions, ewsTarget, trustOf } from './client-options.ts';
import { checkAuthentication, checkImpersonation, checkReachable, checkTls } from './connection-steps.ts';
import {
  PROBE_REQUEST_VERSION,
  configuredVersionMatches,
  describeServerVersion,
  requestVersionFor,
  requestVersionForServer,
} from './version.ts';

export interface EwsConnectorOptions {
  readonly logger?: EwsLogger;
  /** Per-request timeout of the clients. */
  readonly timeoutMs?: number;
}

export class EwsConnector implements MailServerConnector {
  private detected: RequestVersion | undefined;
  private readonly clients = new Set<EwsClient>();

  constructor(
    readonly endpoint: Endpoint,
    private readonly credentials: ConnectorCredentials,
    private readonly options: EwsConnectorOptions = {},
  ) {
    ewsTarget(endpoint); // refuses non-EWS endpoints up front
  }

  /**
   * A client with the right RequestServerVersion. For `auto` the first call detects the release
   * (impersonating `probeMailbox` when the account has no mailbox of its own). A changed server
   * certificate surfaces as CertificateChangedError naming both fingerprints.
   */
  async openClient(probeMailbox?: string): Promise<EwsClient> {
    const configured = requestVersionFor(this.endpoint.exchangeVersion);
    const version = configured ?? this.detected ?? (await this.detect(probeMailbox));
    return this.track(new EwsClient({ ...this.baseOptions(), serverVersion: version }));
  }

  async testConnection(options: ConnectionTestOptions = {}): Promise<ConnectionTestReport> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const rec = new StepRecorder();
    const target = ewsTarget(this.endpoint);
    if (!(await checkReachable(rec, target, timeoutMs))) return rec.report();
    if (!(await checkTls(rec, target, trustOf(this.endpoint), timeoutMs))) return rec.report();

    let auth;
    try {
      auth = authOf(this.endpoint, this.credentials);
    } catch (err) {
      if (!(err instanceof ConnectorConfigurationError)) throw err;
      rec.failed('authentication', err.code, err.message);
      return rec.report();
    }
    // The client records ServerVersionInfo from faults too, which matters here: a mailbox-less
    // service account's only answer may be a fault.
    const client = this.track(
      new EwsClient({
        ...this.baseOptions(),
        auth,
        serverVersion: requestVersionFor(this.endpoint.exchangeVersion) ?? PROBE_REQUEST_VERSION,
        retry: { maxAttempts: 1 },
      }),
    );
    try {
      const who = {
        account: this.credentials.account,
        source: this.credentials.source,
        scheme: auth.kind.toUpperCase(),
      };
      if (!(await checkAuthentication(rec, client, who, timeoutMs))) return rec.report();
      if (!options.impersonate) {
        rec.skipped('impersonation', 'No mailbox address was given to impersonate.');
      } else if (!this.credentials.impersonates) {
        rec.skipped('impersonation', `${this.credentials.source} logs on with its own credentials.`);
      } else {
        await checkImpersonation(rec, client, this.credentials.account, options.impersonate, timeoutMs);
      }
      const info = client.serverVersionInfo;
      const described = info ? describeServerVersion(info) : undefined;
      if (!info) {
        rec.failed(
          'version',
          'version.unknown',
          'No response carried ServerVersionInfo, so the Exchange version is unknown; is this an Exchange server?',
        );
      } else if (!described) {
        rec.failed(
          'version',
          'version.unsupported',
          `The server is Exchange ${info.majorVersion}.${info.minorVersion}; voxsync needs Exchange 2013 or later.`,
        );
      } else if (!configuredVersionMatches(this.endpoint.exchangeVersion, info)) {
        rec.failed(
          'version',
          'version.mismatch',
          `The endpoint is configured for Exchange ${this.endpoint.exchangeVersion} but the server is ${described.product} (${described.build}); set the version to "auto" or ${described.product.replace('Exchange ', '')}.`,
        );
      } else {
        if (this.endpoint.exchangeVersion === 'auto')
          this.detected = described.requestServerVersion as RequestVersion;
        rec.ok(
          'version',
          `${described.product} (build ${described.build}); voxsync requests ${described.requestServerVersion}.`,
        );
      }
      return rec.report(described);
    } finally {
      await this.release(client);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients].map((c) => this.release(c)));
  }

  private baseOptions() {
    return {
      ...clientOptions(this.endpoint, this.credentials),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    };
  }

  private async detect(probeMailbox?: string): Promise<RequestVersion> {
    const probe = new EwsClient({ ...this.baseOptions(), serverVersion: PROBE_REQUEST_VERSION });
    try {
      await probe
        .call(
          getFolder,
          { folderIds: [{ distinguished: 'msgfolderroot' }], shape: { baseShape: 'IdOnly' } },
          probeMailbox ? { impersonate: probeMailbox } : {},
        )
        .catch((err: unknown) => {
          // A fault still names the release (its header carries ServerVersionInfo).
          if (probe.serverVersionInfo === undefined) throw this.translate(err);
        });
    } finally {
      await probe.close();
    }
    const seen = probe.serverVersionInfo;
    const version = seen ? requestVersionForServer(seen) : undefined;
    if (!version) {
      throw new ConnectorError(
        'connector.version_unknown',
        `Could not tell which Exchange release ${this.endpoint.name} runs; set its Exchange version explicitly.`,
      );
    }
    this.detected = version;
    return version;
  }

  private translate(err: unknown): unknown {
    if (err instanceof EwsTlsPinMismatchError) {
      return new CertificateChangedError(ewsTarget(this.endpoint).host, err.expected, err.presented, err);
    }
    return err;
  }

  private track(client: EwsClient): EwsClient {
    this.clients.add(client);
    return client;
  }

  private async release(client: EwsClient): Promise<void> {
    this.clients.delete(client);
    await client.close();
  }
}
