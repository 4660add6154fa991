// `voxsync ews` against a local EWS peer that answers with the server-side builders of the operations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { buildResponseEnvelope, parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { syncFolderItems } from '../../../src/ews/operations/sync-folder-items.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';
import { selfSignedCert, startHttpPeer, startHttpsPeer } from '../ews/peer.ts';
import type { Peer } from '../ews/peer.ts';

const PASSWORD = 'Sup3r$ecret!';
let peer: Peer;
const seen: { auth: string | undefined; anchor: string | undefined; body: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'voxsync-cli-'));
const version = { majorVersion: 15, minorVersion: 1, majorBuildNumber: 2507, minorBuildNumber: 6 };

before(async () => {
  peer = await startHttpPeer((req, res, body) => {
    seen.push({
      auth: req.headers.authorization,
      anchor: req.headers['x-anchormailbox'] as string | undefined,
      body,
    });
    const env = parseRequestEnvelope(body);
    const xml = { 'content-type': 'text/xml; charset=utf-8' };
    if (env.body.local === 'GetFolder') {
      const input = getFolder.parseRequest(env.body);
      const id = input.folderIds[0]!;
      const known = 'distinguished' in id && id.distinguished === 'inbox';
      const out = getFolder.buildResponseBody([
        known
          ? {
              ok: true,
              value: {
                element: 'Folder',
                folderId: { id: 'AAMkInbox', changeKey: 'AQAAAA==' },
                displayName: 'Inbox',
                totalCount: 3,
                unreadCount: 1,
              },
            }
          : {
              ok: false,
              error: new ResponseMessageError({
                responseCode: 'ErrorFolderNotFound',
                messageText: 'The specified folder could not be found in the store.',
                messageXml: {},
              }),
            },
      ]);
      return void res.writeHead(200, xml).end(buildResponseEnvelope(out, version));
    }
    if (env.body.local === 'FindItem') {
      const input = findItem.parseRequest(env.body);
      assert.equal(input.view?.type === 'IndexedPage' && input.view.maxEntriesReturned, 2);
      const out = findItem.buildResponseBody([
        {
          ok: true,
          value: {
            items: [
              {
                kind: 'Message',
                itemId: { id: 'i1' },
                subject: 'Voice Mail from +1 555 0100 (0:42)',
                itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
              },
              { kind: 'Message', itemId: { id: 'i2' }, subject: 'Hello <&> world', itemClass: 'IPM.Note' },
            ],
            indexedPagingOffset: 2,
            totalItemsInView: 7,
            includesLastItemInRange: false,
          },
        },
      ]);
      return void res.writeHead(200, xml).end(buildResponseEnvelope(out, version));
    }
    if (env.body.local === 'SyncFolderItems') {
      const input = syncFolderItems.parseRequest(env.body);
      const first = input.syncState === undefined;
      const out = syncFolderItems.buildResponseBody([
        {
          ok: true,
          value: {
            syncState: first ? 'H4sIAAAAstate1' : 'H4sIAAAAstate2',
            includesLastItemInRange: !first,
            changes: first
              ? [
                  { type: 'create', item: { kind: 'Message', itemId: { id: 'i1', changeKey: 'c1' } } },
                  { type: 'readFlagChange', itemId: { id: 'i1', changeKey: 'c2' }, isRead: true },
                ]
              : [{ type: 'delete', itemId: { id: 'i1' } }],
          },
        },
      ]);
      return void res.writeHead(200, xml).end(buildResponseEnvelope(out, version));
    }
    res.writeHead(500, xml).end('<nope/>');
  });
});
after(async () => {
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CliContext = { stdout, stderr, env, exitCode: 0 };
  const code = await main(['node', 'voxsync', 'ews', ...args], ctx);
  return { code, out, err };
}

test('get-folder prints JSON and exits 0; impersonation and Basic auth are sent', async () => {
  const r = await cli(
    [
      '--url',
      peer.url,
      '--user',
      'svc',
      '--auth',
      'basic',
      '--impersonate',
      'alice@example.com',
      'get-folder',
      'inbox',
    ],
    {
      VOXSYNC_EWS_PASSWORD: PASSWORD,
    },
  );
  assert.equal(r.code, 0, r.err);
  const folder = JSON.parse(r.out) as { displayName: string; unreadCount: number };
  assert.equal(folder.displayName, 'Inbox');
  assert.equal(folder.unreadCount, 1);
  const last = seen[seen.length - 1]!;
  assert.equal(last.auth, `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`);
  assert.equal(last.anchor, 'alice@example.com');
  assert.equal(parseRequestEnvelope(last.body).impersonation?.value, 'alice@example.com');
});

test('an EWS error exits 1 with the response code and one line', async () => {
  const r = await cli([
    '--url',
    peer.url,
    '--user',
    'svc',
    '--password',
    PASSWORD,
    '--auth',
    'basic',
    'get-folder',
    'AAMkMissing',
  ]);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.equal(
    r.err,
    'voxsync ews: ErrorFolderNotFound: The specified folder could not be found in the store.\n',
  );
});

test('find-items --limit with --format table, password from a file', async () => {
  const file = join(dir, 'pw');
  writeFileSync(file, `${PASSWORD}\n`);
  const r = await cli([
    '--url',
    peer.url,
    '--user',
    'svc',
    '--password-file',
    file,
    '--auth',
    'basic',
    '--format',
    'table',
    'find-items',
    'inbox',
    '--limit',
    '2',
  ]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.match(lines[0]!, /^kind\s+itemId\.id\s+itemClass\s+subject$/);
  assert.match(r.out, /Voice Mail from \+1 555 0100 \(0:42\)/);
  assert.match(r.out, /Hello <&> world/);
  assert.equal(seen[seen.length - 1]!.auth, `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`);
});

test('sync-items pages with --state and --max', async () => {
  const base = ['--url', peer.url, '--user', 'svc', '--password', PASSWORD, '--auth', 'basic'];
  const first = await cli([...base, 'sync-items', 'inbox', '--max', '512']);
  assert.equal(first.code, 0, first.err);
  const page1 = JSON.parse(first.out) as {
    syncState: string;
    includesLastItemInRange: boolean;
    changes: { type: string }[];
  };
  assert.equal(page1.includesLastItemInRange, false);
  assert.deepEqual(
    page1.changes.map((c) => c.type),
    ['create', 'readFlagChange'],
  );
  const sent = syncFolderItems.parseRequest(parseRequestEnvelope(seen[seen.length - 1]!.body).body);
  assert.equal(sent.maxChangesReturned, 512);
  assert.equal(sent.syncState, undefined);
  const second = await cli([...base, 'sync-items', 'inbox', '--state', page1.syncState]);
  assert.equal(second.code, 0, second.err);
  assert.equal(
    syncFolderItems.parseRequest(parseRequestEnvelope(seen[seen.length - 1]!.body).body).syncState,
    'H4sIAAAAstate1',
  );
  assert.equal((JSON.parse(second.out) as { syncState: string }).syncState, 'H4sIAAAAstate2');
  assert.equal((await cli([...base, 'sync-items', 'inbox', '--max', '513'])).code, 2);
});

test('--dump prints the SOAP exchange without credentials', async () => {
  const r = await cli(
    ['--url', peer.url, '--user', 'svc', '--auth', 'basic', '--dump', 'get-folder', 'inbox'],
    { VOXSYNC_EWS_PASSWORD: PASSWORD },
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, />>> request [0-9a-f-]{36}/);
  assert.match(r.err, /<m:GetFolder>/);
  assert.match(r.err, /<<< response .* HTTP 200/);
  assert.match(r.err, /authorization: Basic \*\*\*/);
  assert.ok(!r.err.includes(PASSWORD));
  assert.ok(!r.err.includes(Buffer.from(`svc:${PASSWORD}`).toString('base64')));
});

test('usage errors exit 2; --help on every command exits 0', async () => {
  assert.equal((await cli(['get-folder', 'inbox'])).code, 2, 'no --url');
  const noPw = await cli(['--url', peer.url, '--user', 'svc', 'get-folder', 'inbox']);
  assert.equal(noPw.code, 2);
  assert.match(noPw.err, /password is required/);
  assert.equal(
    (
      await cli([
        '--url',
        peer.url,
        '--user',
        'svc',
        '--password',
        'x',
        'find-items',
        'inbox',
        '--limit',
        '0',
      ])
    ).code,
    2,
  );
  assert.equal(
    (
      await cli([
        '--url',
        peer.url,
        '--user',
        'u',
        '--password',
        'x',
        '--auth',
        'kerberos',
        'get-folder',
        'inbox',
      ])
    ).code,
    2,
  );
  assert.equal(
    (await cli(['--url', peer.url, '--user', 'u', '--password', 'x', '--pin', 'zz', 'get-folder', 'inbox']))
      .code,
    2,
  );
  assert.equal(
    (
      await cli([
        '--url',
        peer.url,
        '--user',
        'u',
        '--password',
        'x',
        '--server-version',
        'Exchange2019',
        'get-folder',
        'inbox',
      ])
    ).code,
    2,
  );
  for (const c of [
    'get-folder',
    'find-items',
    'get-item',
    'sync-items',
    'resolve',
    'autodiscover',
    'show-certificate',
  ]) {
    const h = await cli([c, '--help']);
    assert.equal(h.code, 0, c);
    assert.match(h.out, new RegExp(`Usage: voxsync ews ${c}`));
  }
  const top = await cli(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.out, /get-folder/);
});

test('a connection failure exits 1 with a code', async () => {
  const r = await cli([
    '--url',
    'http://127.0.0.1:1/EWS/Exchange.asmx',
    '--user',
    'svc',
    '--password',
    'x',
    '--auth',
    'basic',
    'get-folder',
    'inbox',
  ]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^voxsync ews: ews.connection_failed: /);
  assert.equal(r.err.trim().split('\n').length, 1);
});

test('show-certificate prints the untrusted chain; --pin of it then lets calls through', async () => {
  const cert = selfSignedCert();
  const tlsPeer = await startHttpsPeer(cert, (_req, res) => {
    res.writeHead(503).end('maintenance');
  });
  try {
    const shown = await cli(['--url', tlsPeer.url, 'show-certificate']);
    assert.equal(shown.code, 0, shown.err);
    const chain = JSON.parse(shown.out) as {
      trusted: boolean;
      verifyError: string;
      certificates: { sha256: string }[];
    };
    assert.equal(chain.trusted, false);
    assert.equal(chain.verifyError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(chain.certificates[0]?.sha256, cert.sha256);
    const base = ['--url', tlsPeer.url, '--user', 'svc', '--password', 'x', '--auth', 'basic'];
    const untrusted = await cli([...base, 'get-folder', 'inbox']);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.err, /ews.tls_untrusted/);
    // Pinned: TLS passes and the server's own answer (HTTP 503) is what fails.
    const pinned = await cli([...base, '--pin', cert.sha256, 'get-folder', 'inbox']);
    assert.equal(pinned.code, 1);
    assert.match(pinned.err, /^voxsync ews: ews.http_status: EWS server answered HTTP 503: maintenance/);
  } finally {
    await tlsPeer.close();
  }
});
