// NTLM authenticates a TCP connection, not a request: NEGOTIATE, CHALLENGE and AUTHENTICATE must
// travel on one keep-alive connection, and later requests on that connection need no header. Each
// pooled connection is therefore its own undici Client (exactly one socket), used by one request at
// a time, and re-authenticated whenever undici had to open a new socket.
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import { challengeToken, offeredSchemes } from './auth-header.ts';
import { EwsAuthenticationError, EwsConnectionError } from './errors.ts';
import { discard } from './http.ts';
import { createAuthenticateMessage, decodeChallenge, encodeNegotiate, splitNtlmUser } from './ntlm/index.ts';
import type { NtlmCredentials } from './ntlm/index.ts';

export interface NtlmPoolOptions {
  readonly origin: string;
  readonly clientOptions: Client.Options;
  readonly maxConnections: number;
  readonly credentials: { user: string; password: string; domain?: string; workstation?: string };
  /** Receives each handshake leg for dump output (headers only; the caller masks them). */
  readonly onLeg?: (leg: {
    requestId: string;
    direction: 'out' | 'in';
    headers: Record<string, string | string[] | undefined>;
    status?: number;
  }) => void;
}

export class NtlmConnection {
  readonly client: Client;
  /** Incremented on every new socket; authentication belongs to one generation. */
  private generation = 0;
  private authenticatedGeneration = -1;
  constructor(client: Client) {
    this.client = client;
    client.on('connect', () => {
      this.generation++;
    });
  }
  get authenticated(): boolean {
    return this.authenticatedGeneration === this.generation && this.generation > 0;
  }
  markAuthenticated(gen: number): void {
    this.authenticatedGeneration = gen;
  }
  get currentGeneration(): number {
    return this.generation;
  }
}

export class NtlmPool {
  private readonly idle: NtlmConnection[] = [];
  private readonly all: NtlmConnection[] = [];
  private readonly waiters: ((c: NtlmConnection) => void)[] = [];
  private readonly creds: NtlmCredentials;

  constructor(private readonly options: NtlmPoolOptions) {
    const { user, domain } = options.credentials.domain
      ? { user: options.credentials.user, domain: options.credentials.domain }
      : splitNtlmUser(options.credentials.user);
    this.creds = {
      user,
      domain,
      password: options.credentials.password,
      workstation: options.credentials.workstation ?? '',
    };
  }

  async acquire(): Promise<NtlmConnection> {
    const c = this.idle.pop();
    if (c) return c;
    if (this.all.length < this.options.maxConnections) {
      const conn = new NtlmConnection(
        new Client(this.options.origin, { ...this.options.clientOptions, pipelining: 1 }),
      );
      this.all.push(conn);
      return conn;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(c: NtlmConnection): void {
    const w = this.waiters.shift();
    if (w) w(c);
    else this.idle.push(c);
  }

  /**
   * Runs the three legs on `conn`: NEGOTIATE (empty POST), CHALLENGE (401), then `send` with the
   * AUTHENTICATE header. Returns the response of the real request.
   */
  async handshake<T extends { status: number; headers: Dispatcher.ResponseData['headers'] }>(
    conn: NtlmConnection,
    path: string,
    baseHeaders: Record<string, string>,
    requestId: string,
    signal: AbortSignal,
    send: (authorization: string) => Promise<T>,
  ): Promise<T> {
    const negotiate = `NTLM ${encodeNegotiate({ workstation: this.creds.workstation ?? '' }).toString('base64')}`;
    const legHeaders = { ...baseHeaders, authorization: negotiate, 'content-length': '0' };
    this.options.onLeg?.({ requestId, direction: 'out', headers: legHeaders });
    const first = await conn.client.request({ method: 'POST', path, headers: legHeaders, body: '', signal });
    const gen = conn.currentGeneration;
    await discard(first.body);
    this.options.onLeg?.({ requestId, direction: 'in', headers: first.headers, status: first.statusCode });
    const wwwAuth = first.headers['www-authenticate'];
    const token = first.statusCode === 401 ? challengeToken(wwwAuth, 'NTLM') : undefined;
    if (token === undefined) {
      if (first.statusCode === 401)
        throw new EwsAuthenticationError('NTLM', offeredSchemes(wwwAuth), { requestId });
      // The endpoint did not ask for authentication at all; send the request as is.
      return send('');
    }
    const authenticate = createAuthenticateMessage(this.creds, decodeChallenge(Buffer.from(token, 'base64')));
    const res = await send(`NTLM ${authenticate.toString('base64')}`);
    if (conn.currentGeneration !== gen) {
      throw new EwsConnectionError(
        'ews.connection_reset',
        'the EWS server closed the connection in the middle of the NTLM handshake',
        { requestId },
      );
    }
    if (res.status !== 401) conn.markAuthenticated(gen);
    return res;
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.client.close().catch(() => undefined)));
  }

  async destroy(): Promise<void> {
    await Promise.all(this.all.map((c) => c.client.destroy().catch(() => undefined)));
  }
}
