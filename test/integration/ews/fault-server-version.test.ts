// ServerVersionInfo is read from SOAP faults as well as from successful responses: a client whose only
// call so far failed (impersonation of a missing mailbox) still knows which Exchange release answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EwsClient } from '../../../src/ews/client.ts';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { basic, startSim } from '../exchange-sim/helpers.ts';

let sim2016: ExchangeSim;
let sim2013: ExchangeSim;

before(async () => {
  sim2016 = await startSim();
  sim2013 = await startSim({ serverVersion: '2013' });
});
after(async () => {
  await sim2016.close();
  await sim2013.close();
});

async function faultOf(client: EwsClient, impersonate: string): Promise<SoapFaultError> {
  try {
    await client.call(
      getFolder,
      { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
      { impersonate },
    );
  } catch (err) {
    assert.ok(err instanceof SoapFaultError, String(err));
    return err;
  }
  throw new Error('expected a SOAP fault');
}

for (const [name, sim, minor] of [
  ['2016', () => sim2016, 1],
  ['2013', () => sim2013, 0],
] as const) {
  test(`Exchange ${name}: a fault as the first answer sets serverVersionInfo and SoapFaultError.serverVersion`, async () => {
    const client = new EwsClient({
      url: sim().ewsUrl,
      auth: basic('svc-voxsync', 'svc-pw'),
      serverVersion: 'Exchange2013_SP1',
    });
    try {
      assert.equal(client.serverVersionInfo, undefined);
      const missing = await faultOf(client, 'nobody@contoso.test');
      assert.equal(missing.responseCode, 'ErrorNonExistentMailbox');
      assert.equal(missing.httpStatus, 500);
      assert.equal(missing.serverVersion?.majorVersion, 15);
      assert.equal(missing.serverVersion?.minorVersion, minor);
      assert.deepEqual(client.serverVersionInfo, missing.serverVersion);

      // carol exists but svc-voxsync has no grant for her mailbox.
      const denied = await faultOf(client, 'carol@contoso.test');
      assert.equal(denied.responseCode, 'ErrorImpersonateUserDenied');
      assert.equal(denied.serverVersion?.minorVersion, minor);
    } finally {
      await client.close();
    }
  });
}
