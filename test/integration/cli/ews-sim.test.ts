// `voxsync ews get-item`, `resolve` and `autodiscover` against the Exchange simulator: real EWS answers,
// real failures, not a scripted peer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { autodiscover } from '../../../src/ews/autodiscover/discover.ts';
import { startSim } from '../exchange-sim/helpers.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';

const PASSWORD = 'svc-pw';
let sim: ExchangeSim;
let tlsSim: ExchangeSim;

before(async () => {
  sim = await startSim();
  tlsSim = await startSim({ plain: false, host: '127.0.0.1' });
});
after(async () => {
  await sim.close();
  await tlsSim.close();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CliContext = { stdout, stderr, env: { VOXSYNC_EWS_PASSWORD: PASSWORD }, exitCode: 0 };
  const code = await main(['node', 'voxsync', 'ews', ...args], ctx);
  return { code, out, err };
}

const base = (): string[] => [
  '--url',
  sim.ewsUrl,
  '--user',
  'svc-voxsync',
  '--auth',
  'basic',
  '--impersonate',
  'bob@contoso.test',
];

async function firstInboxItemId(): Promise<string> {
  const r = await cli([...base(), 'find-items', 'inbox', '--limit', '1']);
  assert.equal(r.code, 0, r.err);
  const page = JSON.parse(r.out) as { items: { itemId: { id: string } }[] };
  assert.equal(page.items.length, 1);
  return page.items[0]!.itemId.id;
}

test('get-item prints the item as JSON and as a table', async () => {
  const id = await firstInboxItemId();
  const r = await cli([...base(), 'get-item', id]);
  assert.equal(r.code, 0, r.err);
  const item = JSON.parse(r.out) as {
    kind: string;
    itemId: { id: string; changeKey?: string };
    subject?: string;
    itemClass?: string;
  };
  assert.equal(item.kind, 'Message');
  assert.equal(item.itemId.id, id);
  assert.ok(item.itemId.changeKey, 'AllProperties returns the ChangeKey');
  assert.equal(typeof item.subject, 'string');
  assert.match(item.itemClass ?? '', /^IPM\.Note/);

  const t = await cli([...base(), '--format', 'table', 'get-item', id]);
  assert.equal(t.code, 0, t.err);
  const lines = t.out.trimEnd().split('\n');
  assert.match(lines[0]!, /^field\s+value$/);
  // Long values are clipped to 60 columns in the table.
  assert.ok(
    lines.some((l) => /^itemId\.id\s+/.test(l) && l.includes(id.slice(0, 50))),
    t.out,
  );
  assert.ok(
    lines.some((l) => /^subject\s+/.test(l) && l.includes(item.subject!)),
    t.out,
  );
});

test('get-item of an unknown or malformed id exits 1 with the EWS response code', async () => {
  const malformed = await cli([...base(), 'get-item', 'not-an-ews-id']);
  assert.equal(malformed.code, 1);
  assert.equal(malformed.out, '');
  assert.match(malformed.err, /^voxsync ews: (ErrorInvalidIdMalformed|ErrorItemNotFound): \S/);
  assert.equal(malformed.err.trim().split('\n').length, 1);

  // A well-formed id of an item in another mailbox is not found in the impersonated one.
  const id = await firstInboxItemId();
  const other = await cli([...base().slice(0, -1), 'alice@contoso.test', 'get-item', id]);
  assert.equal(other.code, 1);
  assert.equal(
    other.err,
    'voxsync ews: ErrorItemNotFound: The specified object was not found in the store.\n',
  );
});

test('get-item --dump shows the exchange with the password masked', async () => {
  const id = await firstInboxItemId();
  const r = await cli([...base(), '--dump', 'get-item', id]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, />>> request [0-9a-f-]{36}/);
  assert.match(r.err, /GetItem/);
  assert.match(r.err, /<<< response .* HTTP 200/);
  assert.match(r.err, /ServerVersionInfo/);
  assert.match(r.err, /authorization: Basic \*\*\*/);
  assert.ok(!r.err.includes(PASSWORD));
  assert.ok(!r.err.includes(Buffer.from(`svc-voxsync:${PASSWORD}`).toString('base64')));
});

test('resolve finds a mailbox (JSON and table); no match exits 1 with the response code', async () => {
  const r = await cli([...base(), 'resolve', 'Carol']);
  assert.equal(r.code, 0, r.err);
  const set = JSON.parse(r.out) as { resolutions: { mailbox: { name?: string; emailAddress?: string } }[] };
  assert.equal(set.resolutions.length, 1);
  assert.equal(set.resolutions[0]!.mailbox.name, 'Carol Chen');
  assert.equal(set.resolutions[0]!.mailbox.emailAddress, 'carol@contoso.test');

  const t = await cli([...base(), '--format', 'table', 'resolve', 'carol@contoso.test']);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out.split('\n')[0]!, /mailbox\.name/);
  assert.match(t.out, /Carol Chen\s+carol@contoso\.test|carol@contoso\.test[\s\S]*Carol Chen/);

  const none = await cli([...base(), 'resolve', 'nobody-by-this-name']);
  assert.equal(none.code, 1);
  assert.equal(none.out, '');
  assert.match(none.err, /^voxsync ews: ErrorNameResolutionNoResults: No results were found\.\n$/);

  const dumped = await cli([...base(), '--dump', 'resolve', 'Carol']);
  assert.equal(dumped.code, 0, dumped.err);
  assert.match(dumped.err, /ResolveNames/);
  assert.ok(!dumped.err.includes(PASSWORD));
});

test('autodiscover CLI: no answering host exits 1 listing every attempt', async () => {
  // Without --server the CLI tries https://<domain> and https://autodiscover.<domain>: names under
  // .invalid never resolve, so every attempt fails and is listed.
  const r = await cli(['--user', 'svc-voxsync', '--auth', 'basic', '--dump', 'autodiscover', 'x@invalid']);
  assert.equal(r.code, 1);
  assert.match(
    r.err,
    /voxsync ews: ews.autodiscover_failed: Autodiscover found no EWS URL for x@invalid \(4 attempts/,
  );
  assert.ok(!r.err.includes(PASSWORD));
});

test('autodiscover CLI --server finds the EWS URL over HTTPS with the certificate trusted by --ca', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxsync-autodiscover-'));
  const ca = join(dir, 'simulator.pem');
  writeFileSync(ca, tlsSim.certificatePem!);
  const args = ['--user', 'svc-voxsync', '--auth', 'basic', '--ca', ca, 'autodiscover', 'alice@contoso.test'];
  const r = await cli([...args, '--server', tlsSim.url]);
  assert.equal(r.code, 0, r.err);
  const found = JSON.parse(r.out) as { ewsUrl: string; address: string };
  assert.equal(found.ewsUrl.toLowerCase(), tlsSim.ewsUrl.toLowerCase());
  assert.equal(found.address, 'alice@contoso.test');
  // --server before the email takes one value, leaving the email as the argument; it can be given twice.
  const before = await cli([...args.slice(0, -1), '--server', tlsSim.url, 'alice@contoso.test']);
  assert.equal(before.code, 0, before.err);
  assert.equal(
    (JSON.parse(before.out) as { ewsUrl: string }).ewsUrl.toLowerCase(),
    tlsSim.ewsUrl.toLowerCase(),
  );
  const twice = await cli([...args, '--server', 'https://autodiscover.invalid', '--server', tlsSim.url]);
  assert.equal(twice.code, 0, twice.err);
  assert.equal(
    (JSON.parse(twice.out) as { ewsUrl: string }).ewsUrl.toLowerCase(),
    tlsSim.ewsUrl.toLowerCase(),
  );
  // --url names an EWS endpoint, which autodiscover does not use: refused instead of ignored.
  const withUrl = await cli(['--url', tlsSim.ewsUrl, ...args, '--server', tlsSim.url]);
  assert.equal(withUrl.code, 2);
  assert.match(withUrl.err, /autodiscover does not use --url/);
  // Credentials are never offered to a plain-HTTP server named by hand.
  const plain = await cli([...args, '--server', sim.url]);
  assert.equal(plain.code, 2);
  assert.match(plain.err, /--server: .* must start with https:\/\//);
});

test('autodiscover() over HTTPS against the simulator (SOAP and POX), trusting its certificate', async () => {
  const opts = {
    auth: { kind: 'basic' as const, user: 'svc-voxsync', password: PASSWORD },
    tls: { ca: [tlsSim.certificatePem!] },
    hosts: () => [tlsSim.url],
  };
  for (const method of ['soap', 'pox'] as const) {
    const found = await autodiscover('alice@contoso.test', { ...opts, methods: [method] });
    assert.equal(found.method, method);
    assert.equal(found.ewsUrl.toLowerCase(), tlsSim.ewsUrl.toLowerCase());
    assert.equal(found.address, 'alice@contoso.test');
    assert.equal(found.endpoint.startsWith(tlsSim.url), true);
  }
  await assert.rejects(
    autodiscover('nobody@contoso.test', { ...opts, methods: ['soap'] }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'ews.autodiscover_failed');
      assert.match(err.message, /InvalidUser/);
      return true;
    },
  );
  // Without trusting the certificate the simulator is refused.
  await assert.rejects(
    autodiscover('alice@contoso.test', { auth: opts.auth, hosts: opts.hosts, methods: ['pox'] }),
    /ews.tls_untrusted/,
  );
});
