// Local HTTP/HTTPS peers for the EWS client tests: real servers on 127.0.0.1:0.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Peer {
  readonly url: string;
  readonly port: number;
  /** Socket id per accepted connection, in order. */
  socketId(req: http.IncomingMessage): number;
  close(): Promise<void>;
}

export type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
) => void | Promise<void>;

function wire(server: http.Server, handler: Handler, path: string, scheme: string): Promise<Peer> {
  const ids = new WeakMap<Socket, number>();
  let next = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    ids.set(s, ++next);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    ids.set(s, ++next);
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void Promise.resolve(handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch((e: unknown) => {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `${scheme}://${scheme === 'https' ? 'localhost' : '127.0.0.1'}:${port}${path}`,
        port,
        socketId: (req) => ids.get(req.socket) ?? -1,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

export function startHttpPeer(handler: Handler, path = '/EWS/Exchange.asmx'): Promise<Peer> {
  return wire(http.createServer(), handler, path, 'http');
}

export function startHttpsPeer(
  tls: { key: string; cert: string },
  handler: Handler,
  path = '/EWS/Exchange.asmx',
): Promise<Peer> {
  return wire(https.createServer({ key: tls.key, cert: tls.cert }), handler, path, 'https');
}

/** A fresh self-signed certificate for "localhost" / 127.0.0.1 (ECDSA P-256), made by the openssl CLI. */
export function selfSignedCert(cn = 'localhost'): { key: string; cert: string; sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'voxsync-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert,
      sha256: new X509Certificate(cert).fingerprint256,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CA and a leaf for "localhost" signed by it; `chain` is what a server sends (leaf + CA). */
export function caSignedCert(): {
  ca: string;
  caSha256: string;
  key: string;
  leaf: string;
  leafSha256: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'voxsync-tls-'));
  const f = (n: string): string => join(dir, n);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    ssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=voxsync test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    ssl('req', ...ec, '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=localhost');
    writeFileSync(f('ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
    ssl(
      'x509',
      '-req',
      '-in',
      f('leaf.csr'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f('leaf.pem'),
      '-days',
      '2',
      '-extfile',
      f('ext'),
    );
    const ca = readFileSync(f('ca.pem'), 'utf8');
    const leaf = readFileSync(f('leaf.pem'), 'utf8');
    return {
      ca,
      caSha256: new X509Certificate(ca).fingerprint256,
      key: readFileSync(f('leaf.key'), 'utf8'),
      leaf,
      leafSha256: new X509Certificate(leaf).fingerprint256,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A minimal EWS SOAP response envelope around `body`. */
export function soapEnvelope(body: string, header = ''): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>${header}</s:Header>` +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}
