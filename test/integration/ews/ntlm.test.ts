// NTLMv2 against a local server that runs the server side of the handshake with the same pure
// functions the Exchange simulator uses, and checks all three legs share one TCP connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { EwsTransport } from '../../../src/ews/transport/transport.ts';
import type { DumpEntry } from '../../../src/ews/transport/transport.ts';
import { EwsAuthenticationError } from '../../../src/ews/transport/errors.ts';
import {
  AvId,
  decodeAuthenticate,
  decodeNegotiate,
  encodeAvPairs,
  encodeChallenge,
  messageType,
  verifyAuthenticateMessage,
} from '../../../src/ews/transport/ntlm/index.ts';
import { startHttpPeer } from './peer.ts';
import type { Peer } from './peer.ts';

interface Leg {
  socket: number;
  type: number | 'none';
}

/** A server accepting CORP\svc / the given password over NTLM, one challenge per connection. */
async function ntlmServer(password: string): Promise<{ peer: Peer; legs: Leg[]; served: number[] }> {
  const challenges = new Map<number, Buffer>();
  const authenticated = new Set<number>();
  const legs: Leg[] = [];
  const served: number[] = [];
  const deny = (res: http.ServerResponse, token?: string): void => {
    res.setHeader('www-authenticate', token ? `NTLM ${token}` : ['Negotiate', 'NTLM']);
    res.writeHead(401, { 'content-length': '0' }).end();
  };
  const peer: Peer = await startHttpPeer((req, res, body) => {
    const sock = peer.socketId(req);
    const header = req.headers.authorization;
    if (!header) {
      legs.push({ socket: sock, type: 'none' });
      if (authenticated.has(sock)) {
        served.push(sock);
        return void res.writeHead(200, { 'content-type': 'text/xml' }).end(`<echo>${body}</echo>`);
      }
      return deny(res);
    }
    const blob = Buffer.from(header.replace(/^NTLM /, ''), 'base64');
    const type = messageType(blob);
    legs.push({ socket: sock, type });
    if (type === 1) {
      decodeNegotiate(blob);
      const serverChallenge = randomBytes(8);
      challenges.set(sock, serverChallenge);
      const targetInfo = encodeAvPairs([
        { id: AvId.NbDomainName, value: Buffer.from('CORP', 'utf16le') },
        { id: AvId.NbComputerName, value: Buffer.from('EXCH01', 'utf16le') },
      ]);
      return deny(
        res,
        encodeChallenge({ serverChallenge, targetName: 'CORP', targetInfo }).toString('base64'),
      );
    }
    const auth = decodeAuthenticate(blob);
    const ch = challenges.get(sock);
    challenges.delete(sock);
    if (
      !ch ||
      auth.user !== 'svc' ||
      auth.domain !== 'CORP' ||
      !verifyAuthenticateMessage(auth, ch, password)
    ) {
      return deny(res);
    }
    authenticated.add(sock);
    served.push(sock);
    res.writeHead(200, { 'content-type': 'text/xml' }).end(`<echo>${body}</echo>`);
  });
  return { peer, legs, served };
}

test('NTLMv2 handshake: three legs on one connection, later calls reuse it without a header', async () => {
  const { peer, legs, served } = await ntlmServer('Winter2026!');
  const dump: DumpEntry[] = [];
  const t = new EwsTransport({
    url: peer.url,
    auth: { kind: 'ntlm', user: 'CORP\\svc', password: 'Winter2026!' },
    connections: 1,
    dump: (e) => dump.push(e),
  });
  try {
    const r1 = await t.post({ body: '<first/>' });
    assert.equal(r1.status, 200);
    assert.equal(r1.body.toString(), '<echo><first/></echo>');
    assert.deepEqual(
      legs.map((l) => l.type),
      [1, 3],
    );
    const sock = legs[0]!.socket;
    assert.ok(
      legs.every((l) => l.socket === sock),
      'NEGOTIATE, CHALLENGE and AUTHENTICATE on one TCP connection',
    );
    const r2 = await t.post({ body: '<second/>' });
    assert.equal(r2.body.toString(), '<echo><second/></echo>');
    assert.deepEqual(legs[2], { socket: sock, type: 'none' });
    assert.deepEqual(served, [sock, sock]);
    const text = JSON.stringify(dump);
    assert.ok(!text.includes('Winter2026'));
    assert.ok(!/NTLM [A-Za-z0-9+/=]{8,}/.test(text), 'NTLM blobs are masked in the dump');
    assert.match(text, /NTLM \*\*\*/);
  } finally {
    await t.close();
    await peer.close();
  }
});

test('parallel calls authenticate each pooled connection on its own socket', async () => {
  const { peer, legs } = await ntlmServer('pw');
  const t = new EwsTransport({
    url: peer.url,
    auth: { kind: 'ntlm', user: 'CORP\\svc', password: 'pw' },
    connections: 3,
  });
  try {
    const rs = await Promise.all([1, 2, 3].map((i) => t.post({ body: `<n${i}/>` })));
    assert.deepEqual(
      rs.map((r) => r.body.toString()),
      ['<echo><n1/></echo>', '<echo><n2/></echo>', '<echo><n3/></echo>'],
    );
    const bySocket = new Map<number, (number | 'none')[]>();
    for (const l of legs) bySocket.set(l.socket, [...(bySocket.get(l.socket) ?? []), l.type]);
    assert.equal(bySocket.size, 3);
    for (const seq of bySocket.values()) assert.deepEqual(seq, [1, 3]);
  } finally {
    await t.close();
    await peer.close();
  }
});

test('a wrong NTLM password is an authentication error naming the offered schemes', async () => {
  const { peer } = await ntlmServer('right');
  const t = new EwsTransport({ url: peer.url, auth: { kind: 'ntlm', user: 'CORP\\svc', password: 'wrong' } });
  try {
    await assert.rejects(t.post({ body: '<x/>' }), (e: unknown) => {
      assert.ok(e instanceof EwsAuthenticationError);
      assert.equal(e.usedScheme, 'NTLM');
      assert.deepEqual(e.offeredSchemes, ['Negotiate', 'NTLM']);
      return true;
    });
  } finally {
    await t.close();
    await peer.close();
  }
});

test('a streaming response holds its authenticated connection until closed, then it is reused', async () => {
  const { peer, legs } = await ntlmServer('pw');
  const t = new EwsTransport({
    url: peer.url,
    auth: { kind: 'ntlm', user: 'CORP\\svc', password: 'pw' },
    connections: 1,
  });
  try {
    const stream = await t.postStream({ body: '<stream/>' });
    assert.equal(stream.status, 200);
    let text = '';
    for await (const chunk of stream.body) text += chunk.toString();
    assert.equal(text, '<echo><stream/></echo>');
    stream.close();
    const r = await t.post({ body: '<after/>' });
    assert.equal(r.body.toString(), '<echo><after/></echo>');
    assert.deepEqual(
      legs.map((l) => l.type),
      [1, 3, 'none'],
    );
    assert.ok(legs.every((l) => l.socket === legs[0]!.socket));
  } finally {
    await t.close();
    await peer.close();
  }
});
