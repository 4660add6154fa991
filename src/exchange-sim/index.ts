// Public entry of the Exchange simulator: startExchangeSim(options) → { url, port, fingerprint, close() }.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Authenticator } from './auth/authenticator.ts';
import {
  effectiveThrottling,
  loadSeedFile,
  parseSeed,
  type Seed,
  type SeedInput,
  type ServerVersion,
} from './config/seed.ts';
import { Directory } from './directory.ts';
import { SimState } from './state.ts';
import { loadOrCreateCertificate } from './server/certificate.ts';
import { readBody, BodyTooLargeError } from './server/body.ts';
import { EwsEndpoint } from './server/ews-endpoint.ts';
import { FaultInjector } from './control/faults.ts';
import { handleControl } from './control/api.ts';
import { handlePox, handleSoapAutodiscover } from './autodiscover/autodiscover.ts';
import { prefill } from './seed-content.ts';
import { loadSnapshot, mailboxFromJson, mailboxToJson, saveSnapshot } from './mailbox/persist.ts';
import { ResponseValidator } from './server/response-validator.ts';
import {
  loadDirectoryJournal,
  replayDirectoryChanges,
  saveDirectoryJournal,
  withChange,
  type DirectoryChange,
} from './directory-journal.ts';

export interface ExchangeSimOptions {
  host?: string;
  /** 0 = any free port. Default 8443. */
  port?: number;
  /** Serve HTTP instead of HTTPS. */
  plain?: boolean;
  /** Seed as an object, or a path to a JSON seed file. */
  seed?: SeedInput | string;
  serverVersion?: ServerVersion;
  /** Keeps mailboxes, the TLS certificate and the sync-state key across restarts. */
  dataDir?: string;
  /** Enables the control API at /sim/v1 with this bearer token. */
  controlToken?: string;
  /** Validate every response against the EWS schema (xmllint-wasm); close() rejects listing invalid ones. */
  validateResponses?: boolean;
  /** Directory holding ews-soap-envelope.xsd & co (default: VOXSYNC_EWS_SCHEMA_DIR). */
  schemaDir?: string;
  /** Interval of streaming keep-alive envelopes. Default 30 s. */
  streamingKeepAliveMs?: number;
  /** Length of one ConnectionTimeout minute (tests shorten it). Default 60 000 ms. */
  streamingMinuteMs?: number;
  /** Length of one push StatusFrequency minute (heartbeats, retry delays; tests shorten it). Default 60 000 ms. */
  pushMinuteMs?: number;
  /** Max request body (IIS maxAllowedContentLength analogue). Default 35 MiB. */
  maxRequestBytes?: number;
}

export interface ExchangeSim {
  /** Base URL, e.g. https://127.0.0.1:8443 ; the EWS endpoint is `${url}/EWS/Exchange.asmx`. */
  readonly url: string;
  readonly ewsUrl: string;
  readonly port: number;
  /** SHA-256 fingerprint of the TLS certificate (undefined with plain HTTP). */
  readonly fingerprint: string | undefined;
  /** PEM of the self-signed certificate (undefined with plain HTTP), for clients that trust it explicitly. */
  readonly certificatePem: string | undefined;
  /** The live state, for in-process tests and benchmarks. */
  readonly state: SimState;
  close(): Promise<void>;
}

async function resolveSeed(seed: SeedInput | string | undefined): Promise<Seed> {
  if (typeof seed === 'string') return loadSeedFile(seed);
  return parseSeed(seed ?? {});
}

export async function startExchangeSim(options: ExchangeSimOptions = {}): Promise<ExchangeSim> {
  const seed = await resolveSeed(options.seed);
  const serverVersion = options.serverVersion ?? seed.serverVersion;
  const host = options.host ?? '127.0.0.1';
  const realm = seed.realm ?? `exsim01.${seed.domains[0] ?? 'example.com'}`;
  const snapshot = options.dataDir ? await loadSnapshot(options.dataDir) : undefined;
  let changes: DirectoryChange[] = options.dataDir ? await loadDirectoryJournal(options.dataDir) : [];
  // Writes one at a time: they share a temp file, and the last one must win.
  let journalWrites = Promise.resolve();
  const saveJournal = (): Promise<void> => {
    const dir = options.dataDir;
    if (!dir) return Promise.resolve();
    const copy = [...changes];
    journalWrites = journalWrites.catch(() => undefined).then(() => saveDirectoryJournal(dir, copy));
    return journalWrites;
  };

  const build = (fresh: boolean): SimState => {
    const directory = new Directory(seed);
    if (!fresh) replayDirectoryChanges(directory, seed, changes);
    const secret = snapshot && !fresh ? Buffer.from(snapshot.secret, 'base64') : randomBytes(32);
    const s = new SimState(directory, serverVersion, effectiveThrottling(seed), secret);
    if (snapshot && !fresh) {
      for (const m of snapshot.mailboxes) s.adopt(mailboxFromJson(m));
    } else {
      for (const u of seed.users) prefill(s.mailbox(u.smtp)!, u);
    }
    return s;
  };
  const faults = new FaultInjector();
  const validator = options.validateResponses ? new ResponseValidator(options.schemaDir) : undefined;
  const withPush = (s: SimState): SimState => {
    s.hub.push = {
      minuteMs: options.pushMinuteMs ?? 60_000,
      onSend: validator ? (xml) => validator.add(xml, 'SendNotification') : undefined,
    };
    return s;
  };
  let state = withPush(build(false));
  let auth = new Authenticator(state.directory, realm);
  const ews = new EwsEndpoint(
    () => state,
    faults,
    validator ? (xml, op) => validator.add(xml, op) : undefined,
    { keepAliveMs: options.streamingKeepAliveMs ?? 30_000, minuteMs: options.streamingMinuteMs ?? 60_000 },
  );
  const maxBody = options.maxRequestBytes ?? 35 * 1024 * 1024;
  let ewsUrl = '';

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    const lower = path.toLowerCase();
    if (options.controlToken && lower.startsWith('/sim/v1/')) {
      const body = await readBody(req, 1024 * 1024);
      return handleControl(req, res, path, body, {
        token: options.controlToken,
        state: () => state,
        faults,
        record: (change) => {
          if (!options.dataDir) return Promise.resolve();
          changes = withChange(changes, change());
          return saveJournal();
        },
        reset: () => {
          changes = [];
          saveJournal().catch((err: unknown) =>
            console.error('exchange-sim: saving the directory failed:', err),
          );
          state.hub.close();
          state = withPush(build(true));
          auth = new Authenticator(state.directory, realm);
          faults.clear();
        },
      });
    }
    const isEws = lower === '/ews/exchange.asmx';
    const isPox = lower === '/autodiscover/autodiscover.xml';
    const isSoapAd = lower === '/autodiscover/autodiscover.svc';
    if (!isEws && !isPox && !isSoapAd) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': '9' });
      res.end('Not Found');
      return;
    }
    const account = auth.authenticate(req, res);
    if (!account) {
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      // IIS answers a GET of the .asmx with its service page; clients only probe for 200/401.
      const page = '<html><head><title>Service</title></head><body>You have created a service.</body></html>';
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    const body = await readBody(req, maxBody);
    if (isEws) return ews.handle(req, res, account, body);
    const reply = isPox ? handlePox(state, body, ewsUrl) : handleSoapAutodiscover(state, body, ewsUrl);
    res.writeHead(reply.status, {
      'Content-Type': 'text/xml; charset=utf-8',
      'Content-Length': Buffer.byteLength(reply.xml),
    });
    res.end(reply.xml);
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    onRequest(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const tooLarge = err instanceof BodyTooLargeError;
      const text = tooLarge ? err.message : 'internal simulator error';
      if (!tooLarge) console.error('exchange-sim: request failed:', err);
      res.writeHead(tooLarge ? 413 : 500, {
        'Content-Type': 'text/plain',
        'Content-Length': Buffer.byteLength(text),
        Connection: 'close',
      });
      res.end(text);
    });
  };

  let server: Server;
  let fingerprint: string | undefined;
  let certificatePem: string | undefined;
  if (options.plain) server = createHttpServer({ keepAlive: true }, listener);
  else {
    const cert = await loadOrCreateCertificate(options.dataDir, [
      host === '0.0.0.0' || host === '::' ? 'localhost' : host,
      'localhost',
      '127.0.0.1',
    ]);
    fingerprint = cert.fingerprint;
    certificatePem = cert.certPem;
    server = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, listener);
  }
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8443, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `${options.plain ? 'http' : 'https'}://${hostPart}:${port}`;
  ewsUrl = `${url}/EWS/Exchange.asmx`;

  const persist = async (): Promise<void> => {
    if (!options.dataDir) return;
    await saveSnapshot(options.dataDir, {
      version: 1,
      secret: state.secret.toString('base64'),
      mailboxes: [...state.mailboxes.values()].map(mailboxToJson),
    });
  };
  let lastSaved = -1;
  const stamp = (): number =>
    [...state.mailboxes.values()].reduce((n, m) => n + m.currentSeq, state.mailboxes.size);
  const timer = options.dataDir
    ? setInterval(() => {
        const s = stamp();
        if (s !== lastSaved) {
          lastSaved = s;
          persist().catch((err: unknown) => console.error('exchange-sim: saving mailboxes failed:', err));
        }
      }, 2000)
    : undefined;
  timer?.unref();

  return {
    url,
    ewsUrl,
    port,
    fingerprint,
    certificatePem,
    get state() {
      return state;
    },
    async close() {
      if (timer) clearInterval(timer);
      state.hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await persist();
      await journalWrites;
      if (validator) await validator.finish();
    },
  };
}

export type { Seed, SeedInput, ServerVersion };
