// `--data` across a restart whose seed gained a user: the new user's mailbox must not share a mailbox number
// (which every ItemId carries) with a mailbox kept in the snapshot, or each would read the other's items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { failCode, ok } from './client-helpers.ts';

const ALICE = { smtp: 'alice@contoso.test', password: 'alice-pw' };

function clientOf(sim: ExchangeSim, user: string, password: string): EwsClient {
  return new EwsClient({
    url: sim.ewsUrl,
    auth: { kind: 'basic', user, password },
    retry: { maxAttempts: 1 },
  });
}

async function create(client: EwsClient, subject: string) {
  return ok(
    await client.call(createItem, {
      items: [{ kind: 'Message', subject }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    }),
  ).itemId!;
}

test('--data: a seed user added since the snapshot cannot read a kept mailbox by its ItemIds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-data-'));
  try {
    const first = await startSim({ seed: { users: [ALICE] }, dataDir: dir, controlToken: 'tok' });
    const added = await request(`${first.url}/sim/v1/users`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      body: JSON.stringify({ smtp: 'erin@contoso.test', password: 'erin-pw' }),
    });
    await added.body.text();
    assert.equal(added.statusCode, 201);
    const erin = clientOf(first, 'erin@contoso.test', 'erin-pw');
    const erinsItem = await create(erin, 'erin private');
    await erin.close();
    await first.close();

    const seed = { users: [ALICE, { smtp: 'frank@contoso.test', password: 'frank-pw' }] };
    const second = await startSim({ seed, dataDir: dir, controlToken: 'tok' });
    const frank = clientOf(second, 'frank@contoso.test', 'frank-pw');
    await create(frank, 'frank own');
    const read = await frank.call(getItem, { itemIds: [erinsItem], shape: { baseShape: 'Default' } });
    assert.equal(failCode(read), 'ErrorItemNotFound', "erin's ItemId does not name an item of frank's");
    await frank.close();
    const kept = await request(`${second.url}/sim/v1/mailboxes/erin@contoso.test`, {
      headers: { authorization: 'Bearer tok' },
    });
    assert.match(await kept.body.text(), /erin private/, "erin's mailbox is kept");
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
