// The EWS endpoint: throttling budgets, injected faults, then the SOAP service.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account } from '../directory.ts';
import type { SimState } from '../state.ts';
import type { FaultInjector } from '../control/faults.ts';
import { SimFault } from '../ews/errors.ts';
import { faultEnvelope } from '../ews/fault.ts';
import { handleEws } from '../ews/service.ts';
import { SERVER_VERSION_INFO } from '../ews/versions.ts';
import { buildResponseEnvelope } from '../../ews/soap/envelope.ts';
import { ResponseMessageError } from '../../ews/errors.ts';
import { syncFolderItems } from '../../ews/operations/sync-folder-items.ts';
import { syncFolderHierarchy } from '../../ews/operations/sync-folder-hierarchy.ts';
import { StreamingEndpoint, type StreamingOptions } from './streaming.ts';
import { ewsSchema } from '../schema/load.ts';
import { resetConnection } from './reset-connection.ts';

const SYNC_OPERATIONS = new Set(['SyncFolderItems', 'SyncFolderHierarchy']);

/** Cheap look at the body root's local name, for throttling and fault rules before the full parse. */
export function peekOperation(body: Buffer): string {
  const text = body.subarray(0, 8192).toString('utf8');
  const m = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z]+)/.exec(text);
  return m?.[1] ?? '(unknown)';
}

export class EwsEndpoint {
  private readonly inFlight = new Map<Account, number>();
  private readonly syncInFlight = new Map<Account, number>();

  private readonly streaming: StreamingEndpoint;

  constructor(
    private readonly state: () => SimState,
    private readonly faults: FaultInjector,
    private readonly record: ((xml: string, operation: string) => void) | undefined,
    streaming: StreamingOptions,
  ) {
    this.streaming = new StreamingEndpoint(streaming, record);
    // Load the compiled EWS schema now rather than inside the first request (tens of milliseconds, once).
    ewsSchema();
  }

  private write(res: ServerResponse, status: number, xml: string, operation: string): void {
    this.record?.(xml, operation);
    res.writeHead(status, {
      'Content-Type': 'text/xml; charset=utf-8',
      'Content-Length': Buffer.byteLength(xml),
    });
    res.end(xml);
  }

  async handle(req: IncomingMessage, res: ServerResponse, account: Account, body: Buffer): Promise<void> {
    const sim = this.state();
    const operation = peekOperation(body);
    const version = SERVER_VERSION_INFO[sim.serverVersion];
    // Subscriptions stick to one back end: the first Subscribe with X-PreferServerAffinity gets the cookie
    // that later calls of the group send back (D: how-to-maintain-affinity-between-group-of-subscriptions...).
    if (
      /^true$/i.test(String(req.headers['x-preferserveraffinity'] ?? '')) &&
      !/X-BackEndOverrideCookie=/.test(req.headers.cookie ?? '')
    ) {
      res.setHeader(
        'Set-Cookie',
        `X-BackEndOverrideCookie=EXSIM01.${sim.directory.dnsDomain}~1941962754; path=/; secure; HttpOnly`,
      );
    }
    if (operation === 'GetStreamingEvents') {
      // Streaming connections have their own budget (HangingConnectionLimit), not EWSMaxConcurrency.
      try {
        const fault = this.faults.take(operation, ['expiredSubscription', 'dropStream']);
        const reply = await this.streaming.handle(sim, req, res, account, body, fault);
        if (reply) this.write(res, reply.status, reply.xml, operation);
      } catch (err) {
        if (!(err instanceof SimFault)) throw err;
        this.write(res, err.httpStatus, faultEnvelope(err, version), operation);
      }
      return;
    }
    const busy = (why: string): void => {
      const f = new SimFault(
        'ErrorServerBusy',
        `The server cannot service this request right now. Try again later. (${why})`,
        { BackOffMilliseconds: String(sim.policy.backOffMilliseconds) },
      );
      this.write(res, 500, faultEnvelope(f, version), operation);
    };
    // EWSMaxConcurrency is per account: the impersonating service account has its own budget.
    const running = this.inFlight.get(account) ?? 0;
    if (running >= sim.policy.ewsMaxConcurrency)
      return busy(`EWSMaxConcurrency ${sim.policy.ewsMaxConcurrency}`);
    const isSync = SYNC_OPERATIONS.has(operation);
    const syncRunning = this.syncInFlight.get(account) ?? 0;
    if (isSync && syncRunning >= sim.policy.concurrentSyncCalls)
      return busy(`ConcurrentSyncCalls ${sim.policy.concurrentSyncCalls}`);
    this.inFlight.set(account, running + 1);
    if (isSync) this.syncInFlight.set(account, syncRunning + 1);
    try {
      const fault = this.faults.take(operation, [
        'http503',
        'serverBusy',
        'reset',
        'delay',
        'truncate',
        'invalidSyncState',
        // Only CreateItem has inline attachments to drop; a '*' rule must not be used up by other calls.
        ...(operation === 'CreateItem' ? (['dropInlineAttachments'] as const) : []),
      ]);
      if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.kind === 'http503') {
        res.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '1', 'Content-Length': '0' });
        res.end();
        return;
      }
      if (fault?.kind === 'serverBusy') {
        const f = new SimFault(
          'ErrorServerBusy',
          'The server cannot service this request right now. Try again later.',
          { BackOffMilliseconds: String(fault.backOffMs) },
        );
        return this.write(res, 500, faultEnvelope(f, version), operation);
      }
      if (fault?.kind === 'invalidSyncState' && isSync) {
        const op = operation === 'SyncFolderItems' ? syncFolderItems : syncFolderHierarchy;
        const error = new ResponseMessageError({
          responseCode: 'ErrorInvalidSyncStateData',
          messageText: 'Synchronization state data is corrupt or otherwise invalid.',
          messageXml: {},
        });
        const xml = buildResponseEnvelope(op.buildResponseBody([{ ok: false, error }]), version);
        return this.write(res, 200, xml, operation);
      }
      const reply = handleEws(
        sim,
        account,
        body,
        fault?.kind === 'dropInlineAttachments' ? { dropInlineAttachments: true } : {},
      );
      if (fault?.kind === 'reset' || fault?.kind === 'truncate') {
        const bytes = Buffer.from(reply.xml);
        const half = bytes.subarray(0, Math.floor(bytes.length / 2));
        if (fault.kind === 'truncate') {
          // Content-Length promises the whole body; the connection ends after half of it.
          res.writeHead(reply.status, {
            'Content-Type': 'text/xml; charset=utf-8',
            'Content-Length': bytes.length,
          });
          res.write(half, () => res.destroy());
        } else {
          res.writeHead(reply.status, {
            'Content-Type': 'text/xml; charset=utf-8',
            'Transfer-Encoding': 'chunked',
          });
          res.write(half, () => resetConnection(req.socket));
        }
        return;
      }
      this.write(res, reply.status, reply.xml, reply.operation);
    } finally {
      this.inFlight.set(account, (this.inFlight.get(account) ?? 1) - 1);
      if (isSync) this.syncInFlight.set(account, (this.syncInFlight.get(account) ?? 1) - 1);
    }
  }
}
