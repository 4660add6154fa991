// Autodiscover against a local HTTPS peer (self-signed, trusted by PEM) playing several hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { autodiscover, AutodiscoverError } from '../../../src/ews/autodiscover/discover.ts';
import { selfSignedCert, startHttpsPeer } from './peer.ts';
import { SHARED_EWS } from '../../unit/ews/helpers/schema.ts';

const S = `${SHARED_EWS}samples`;
const cert = selfSignedCert();

test('SOAP redirectAddress, a failing host, POX redirectUrl, then POX settings', async () => {
  const seen: string[] = [];
  let base = '';
  const peer = await startHttpsPeer(
    cert,
    (req, res, body) => {
      const url = req.url ?? '';
      seen.push(
        `${url} ${/alice@a\.example/.test(body) ? 'alice' : /bob@b\.example/.test(body) ? 'bob' : '?'} ${req.headers.authorization ? 'auth' : 'noauth'}`,
      );
      const xml = { 'content-type': 'text/xml; charset=utf-8' };
      if (url.startsWith('/dead/')) return void res.writeHead(404).end('not here');
      if (url === '/ad/autodiscover/autodiscover.svc' && body.includes('alice@a.example')) {
        return void res
          .writeHead(200, xml)
          .end(
            readFileSync(`${S}/GetUserSettings-response-2.xml`, 'utf8').replace(
              'elvin@mail.contoso.com',
              'bob@b.example',
            ),
          );
      }
      if (url === '/ad/autodiscover/autodiscover.svc') return void res.writeHead(500, xml).end('<oops/>');
      if (url === '/ad/autodiscover/autodiscover.xml') {
        return void res
          .writeHead(200, xml)
          .end(
            `<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><Action>redirectUrl</Action><RedirectUrl>${base}/final/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>`,
          );
      }
      if (url === '/final/autodiscover/autodiscover.xml') {
        return void res.writeHead(200, xml).end(readFileSync(`${S}/AutodiscoverPOX-response-4.xml`, 'utf8'));
      }
      res.writeHead(404).end();
    },
    '/',
  );
  base = `https://localhost:${peer.port}`;
  try {
    const result = await autodiscover('alice@a.example', {
      auth: { kind: 'basic', user: 'svc', password: 'pw' },
      tls: { ca: [cert.cert] },
      hosts: () => [`${base}/dead`, `${base}/ad`],
    });
    assert.equal(result.ewsUrl, 'https://mail.contoso.com/EWS/Exchange.asmx');
    assert.equal(result.address, 'bob@b.example');
    assert.equal(result.method, 'pox');
    assert.equal(result.endpoint, `${base}/final/autodiscover/autodiscover.xml`);
    assert.deepEqual(seen, [
      '/dead/autodiscover/autodiscover.svc alice auth',
      '/dead/autodiscover/autodiscover.xml alice auth',
      '/ad/autodiscover/autodiscover.svc alice auth',
      '/dead/autodiscover/autodiscover.svc bob auth',
      '/dead/autodiscover/autodiscover.xml bob auth',
      '/ad/autodiscover/autodiscover.svc bob auth',
      '/ad/autodiscover/autodiscover.xml bob auth',
      '/final/autodiscover/autodiscover.xml bob auth',
    ]);
  } finally {
    await peer.close();
  }
});

test('an untrusted certificate fails every candidate and the error lists the attempts', async () => {
  const peer = await startHttpsPeer(
    cert,
    (_req, res) => {
      res.writeHead(200).end('<x/>');
    },
    '/',
  );
  try {
    await assert.rejects(
      autodiscover('alice@a.example', {
        auth: { kind: 'none' },
        hosts: () => [`https://localhost:${peer.port}`],
      }),
      (e: unknown) => {
        assert.ok(e instanceof AutodiscoverError);
        assert.equal(e.attempts.length, 2);
        assert.ok(e.attempts.every((a) => a.error.startsWith('ews.tls_untrusted')));
        return true;
      },
    );
  } finally {
    await peer.close();
  }
});
