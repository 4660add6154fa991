import { it } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointService, FeatureGroupService } from '../../../src/services/configuration.ts';
import { MailboxService } from '../../../src/services/mailboxes.ts';
import { eachDatabase } from '../../helpers/databases.ts';

await eachDatabase('store smoke', (t) => {
  it('creates endpoint, group, mailbox', async () => {
    const e = await new EndpointService(t.store).create({
      name: 'Exchange',
      address: 'ews:mail.example.com',
    });
    assert.equal(e.url, 'https://mail.example.com/EWS/Exchange.asmx');
    const g = await new FeatureGroupService(t.store).create({
      name: 'Sales',
      sync: {
        serviceAccount: 'svc@example.com',
        password: 'pw',
        passwordConfirmation: 'pw',
        endpointId: e.id,
      },
    });
    const m = await new MailboxService(t.store).create({
      number: '4001',
      displayName: 'Alice',
      featureGroupId: g.id,
      exchangeAddress: 'alice@example.com',
      storageMode: 'synchronization',
      pin: '1234',
    });
    assert.equal(m.hasPin, true);
    const r = await t.store.messages.deposit(
      m.id,
      { callerNumber: '+15550100' },
      {
        bytes: new Uint8Array([1, 2, 3]),
        info: { format: 'wav-pcm', sampleRate: 8000, channels: 1, durationMs: 1000 },
      },
    );
    assert.equal(r.mwi.state.newCount, 1);
    assert.equal(r.mwi.state.on, true);
    assert.equal(await t.store.mwi.recomputeAll(), 1);
  });
});
