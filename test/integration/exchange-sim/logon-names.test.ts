// Logon names on the documented seed: every form Exchange accepts (UPN, DOMAIN\user, user, SMTP address), over
// Basic and NTLM, for a mailbox user whose logon name differs from its SMTP local part (carol = cchen) and for
// a service account without a mailbox; a domain the organisation does not own, or a wrong password, is 401.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsAuth } from '../../../src/ews/transport/auth.ts';
import { demoSeedPath } from '../../../src/exchange-sim/config/demo-seed.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { caller, startSim } from './helpers.ts';

const GET_INBOX =
  '<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>';

let sim: ExchangeSim;
before(async () => {
  sim = await startSim({ seed: demoSeedPath() });
});
after(() => sim.close());

async function status(auth: EwsAuth, impersonate?: string): Promise<number> {
  const c = caller(
    sim,
    auth,
    impersonate ? { impersonate: { kind: 'PrimarySmtpAddress', value: impersonate } } : {},
  );
  try {
    return (await c.raw(GET_INBOX)).status;
  } finally {
    await c.close();
  }
}

const accepted: [string, string, string, string | undefined][] = [
  ['carol', 'cchen@contoso.test', 'carol-pw', undefined],
  ['carol', 'CONTOSO\\cchen', 'carol-pw', undefined],
  ['carol', 'contoso.test\\cchen', 'carol-pw', undefined],
  ['carol', 'cchen', 'carol-pw', undefined],
  ['carol', 'carol@contoso.test', 'carol-pw', undefined],
  ['service account', 'svc-voxsync@contoso.test', 'change-me', 'bob@contoso.test'],
  ['service account', 'CONTOSO\\svc-voxsync', 'change-me', 'bob@contoso.test'],
  ['service account', 'svc-voxsync', 'change-me', 'bob@contoso.test'],
];

for (const kind of ['basic', 'ntlm'] as const) {
  for (const [who, user, password, impersonate] of accepted) {
    it(`${kind}: ${who} logs on as ${user}`, async () => {
      assert.equal(await status({ kind, user, password }, impersonate), 200);
    });
  }
  it(`${kind}: a foreign domain or a wrong password is refused`, async () => {
    const refused: [string, string][] = [
      ['cchen@fabrikam.test', 'carol-pw'],
      ['svc-voxsync@contoso.test', 'wrong'],
    ];
    // NTLM carries the domain apart from the user and, like Windows, falls back to the user name alone when
    // the domain is not one it knows, so only Basic can refuse a foreign DOMAIN\user outright.
    if (kind === 'basic') refused.push(['FABRIKAM\\svc-voxsync', 'change-me']);
    for (const [user, password] of refused) {
      await assert.rejects(status({ kind, user, password }), /HTTP 401/, user);
    }
  });
}
