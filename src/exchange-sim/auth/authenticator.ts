import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Account, Directory } from '../directory.ts';
import { NtlmMessageError, ntlmMessageType, simulatorChallenge, verifyNtlmLogon } from './ntlm-server.ts';

type ConnState = { kind: 'challenged'; challenge: Buffer } | { kind: 'authenticated'; account: Account };

/**
 * IIS-style authentication for the EWS and Autodiscover virtual directories: Basic (also preemptive) and
 * NTLM. NTLM is connection-oriented, so its state is kept per TCP socket (MS-NLMP 3.2: the three legs
 * share one connection); a socket authenticated by NTLM stays authenticated for later requests.
 */
export class Authenticator {
  private readonly connections = new WeakMap<Socket, ConnState>();

  constructor(
    private readonly directory: Directory,
    private readonly realm: string,
  ) {}

  /** Returns the account, or writes a 401 (or 400) and returns undefined. */
  authenticate(req: IncomingMessage, res: ServerResponse): Account | undefined {
    const header = req.headers.authorization ?? '';
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const value = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'basic') {
      const account = this.basic(value);
      if (account) return account;
      return this.reject(res);
    }
    // Negotiate is not offered: its SPNEGO-wrapped tokens would need Kerberos to be faithful.
    if (scheme === 'ntlm') return this.ntlm(req, res, value);
    const state = this.connections.get(req.socket);
    if (state?.kind === 'authenticated') return state.account;
    return this.reject(res);
  }

  private basic(value: string): Account | undefined {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const account = this.directory.findLogon(decoded.slice(0, colon));
    if (!account) return undefined;
    return account.credential.verify(decoded.slice(colon + 1)) ? account : undefined;
  }

  private ntlm(req: IncomingMessage, res: ServerResponse, value: string): Account | undefined {
    const token = Buffer.from(value, 'base64');
    let type: number;
    try {
      type = ntlmMessageType(token);
    } catch (err) {
      if (err instanceof NtlmMessageError) return this.reject(res);
      throw err;
    }
    if (type === 1) {
      const challenge = simulatorChallenge(this.directory);
      this.connections.set(req.socket, { kind: 'challenged', challenge: challenge.serverChallenge });
      res.writeHead(401, {
        'WWW-Authenticate': `NTLM ${challenge.message.toString('base64')}`,
        'Content-Length': '0',
      });
      res.end();
      return undefined;
    }
    const state = this.connections.get(req.socket);
    if (type !== 3 || state?.kind !== 'challenged') return this.reject(res);
    let account: Account | undefined;
    try {
      account = verifyNtlmLogon(this.directory, token, state.challenge);
    } catch (err) {
      if (!(err instanceof NtlmMessageError)) throw err;
    }
    this.connections.delete(req.socket);
    if (!account) return this.reject(res);
    this.connections.set(req.socket, { kind: 'authenticated', account });
    return account;
  }

  private reject(res: ServerResponse): undefined {
    // IIS lists each enabled scheme in its own header; clients pick the strongest they support.
    res.writeHead(401, {
      'WWW-Authenticate': ['NTLM', `Basic realm="${this.realm}"`],
      'Content-Type': 'text/html',
      'Content-Length': '0',
    });
    res.end();
    return undefined;
  }
}
