// Conformance tier: DavMail (Debian davmail-server) in EWS mode logs in over IMAP on loopback and lists
// inbox messages created through the simulator. Skips visibly without java/DavMail unless
// VOXSYNC_REQUIRE_CONFORMANCE=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, caller, startSim } from '../integration/exchange-sim/helpers.ts';

const JAR = '/usr/share/davmail/davmail.jar';
const available =
  existsSync(JAR) &&
  spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('/usr/bin/python3', ['-c', 'import imaplib'], { stdio: 'ignore' }).status === 0;
const required = process.env['VOXSYNC_REQUIRE_CONFORMANCE'] === '1';
const skip =
  !available && !required
    ? 'DavMail missing: install davmail-server (Debian) and a JRE to run this test'
    : false;
if (skip) console.log(`# SKIP DavMail conformance: ${skip}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const IMAP_CHECK = `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('alice@contoso.test', 'alice-pw')
typ, data = m.select('INBOX')
print('EXISTS', data[0].decode())
typ, nums = m.search(None, 'ALL')
for n in nums[0].split():
    typ, d = m.fetch(n, '(BODY[HEADER.FIELDS (SUBJECT)])')
    print(d[0][1].decode().strip())
m.logout()
`;

test(
  'DavMail (EWS mode) lists inbox messages created through the simulator over IMAP',
  { skip, timeout: 180_000 },
  async () => {
    assert.ok(available, 'davmail-server and java are required (VOXSYNC_REQUIRE_CONFORMANCE=1)');
    const sim = await startSim();
    const dir = await mkdtemp(join(tmpdir(), 'davmail-'));
    const c = caller(sim, basic('alice@contoso.test', 'alice-pw'));
    for (const subject of ['Voice Mail from +1 555 0100 (0:42)', 'Voice Mail from +1 555 0199 (1:05)']) {
      await c.call(
        `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId><m:Items><t:Message><t:ItemClass>IPM.Note.Microsoft.Voicemail.UM.CA</t:ItemClass><t:Subject>${subject}</t:Subject><t:Body BodyType="Text">voice mail</t:Body><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x0E07" PropertyType="Integer"/><t:Value>0</t:Value></t:ExtendedProperty></t:Message></m:Items></m:CreateItem>`,
      );
    }
    await c.close();
    const imapPort = await freePort();
    const props = [
      'davmail.server=true',
      'davmail.mode=EWS',
      `davmail.url=${sim.ewsUrl}`,
      `davmail.imapPort=${imapPort}`,
      'davmail.caldavPort=',
      'davmail.ldapPort=',
      'davmail.popPort=',
      'davmail.smtpPort=',
      'davmail.allowRemote=false',
      'davmail.bindAddress=127.0.0.1',
      'davmail.disableUpdateCheck=true',
      `davmail.logFilePath=${join(dir, 'davmail.log')}`,
      'log4j.rootLogger=WARN',
    ].join('\n');
    await writeFile(join(dir, 'davmail.properties'), props);
    const java = spawn('java', ['-jar', JAR, join(dir, 'davmail.properties')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`DavMail did not start:\n${log}`)), 60_000);
        const onData = (d: Buffer): void => {
          log += d.toString();
          if (log.includes(`listening on IMAP port ${imapPort}`)) {
            clearTimeout(timer);
            resolve();
          }
        };
        java.stdout.on('data', onData);
        java.stderr.on('data', onData);
        java.once('exit', (code) => reject(new Error(`DavMail exited with ${code}:\n${log}`)));
      });
      // Async: the simulator runs in this process and must keep serving DavMail while Python talks IMAP.
      const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const py = spawn('/usr/bin/python3', ['-c', IMAP_CHECK, String(imapPort)]);
        let stdout = '';
        let stderr = '';
        py.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        py.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        py.once('close', (status) => resolve({ status, stdout, stderr }));
      });
      assert.equal(r.status, 0, `IMAP check failed:\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /EXISTS 2/);
      assert.match(r.stdout, /Subject: Voice Mail from \+1 555 0100 \(0:42\)/);
      assert.match(r.stdout, /Subject: Voice Mail from \+1 555 0199 \(1:05\)/);
    } finally {
      java.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
      await sim.close();
    }
  },
);
