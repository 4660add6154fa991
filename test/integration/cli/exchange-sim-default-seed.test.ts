// `voxsync exchange-sim` without --seed: it starts on the documented demo seed (docs/exchange-sim.seed.json),
// prints every login, and those logins work; SIGTERM stops it cleanly. Run as a real process through bin/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { EwsTransport } from '../../../src/ews/transport/transport.ts';
import { buildRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { loadSeedFile } from '../../../src/exchange-sim/config/seed.ts';
import { demoSeedPath } from '../../../src/exchange-sim/config/demo-seed.ts';

const BIN = fileURLToPath(new URL('../../../bin/voxsync.js', import.meta.url));

test('exchange-sim without --seed serves the documented demo seed and prints its logins', async () => {
  const child = spawn(process.execPath, [BIN, 'exchange-sim', '--plain', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = once(child, 'exit');
  try {
    // The last line printed at start is the last service account's login.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/service account .*\n/.test(out)) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before printing the logins:\n${out}`)));
    });
    const seed = await loadSeedFile(demoSeedPath());
    for (const u of seed.users) assert.ok(out.includes(`user ${u.smtp} / ${u.password}`), out);
    assert.match(out, /also cchen@contoso\.test, CONTOSO\\cchen, cchen/);
    assert.match(
      out,
      /service account svc-voxsync@contoso\.test \/ change-me .*ApplicationImpersonation on every mailbox/,
    );

    const url = /EWS (http:\/\/\S+)/.exec(out)?.[1];
    assert.ok(url, out);
    const transport = new EwsTransport({
      url,
      auth: { kind: 'basic', user: 'svc-voxsync@contoso.test', password: 'change-me' },
    });
    try {
      const res = await transport.post({
        body: buildRequestEnvelope(
          '<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>',
          {
            serverVersion: 'Exchange2016',
            impersonation: { kind: 'PrimarySmtpAddress', value: 'bob@contoso.test' },
          },
        ),
        headers: { 'X-AnchorMailbox': 'bob@contoso.test' },
      });
      const text = Buffer.from(res.body).toString('utf8');
      assert.equal(res.status, 200, text);
      assert.match(text, /ResponseClass="Success"/);
    } finally {
      await transport.close();
    }
  } finally {
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, out);
  }
});
