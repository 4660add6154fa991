// The service transaction contract the change feed builds on: a use case's changes reach the feed
// once, in order, with its commit, and never when it rolls back.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { inspectVoiceAudio } from '../../../src/services/audio.ts';
import { ContactService } from '../../../src/services/mailbox-content.ts';
import { depositMessage, updateMessage } from '../../../src/services/messages.ts';
import { ChangeFeed } from '../../../src/services/change-feed.ts';
import { inServiceTransaction } from '../../../src/services/transaction.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { syncSetup } from '../../helpers/fixtures.ts';
import { voiceWav } from '../bundles/fixtures.ts';

await eachDatabase('service transactions', (t) => {
  it('hands on a deposit and a read mark with their MWI changes after each commit, in order', async () => {
    const { mailbox } = await syncSetup(t.store);
    const feed = new ChangeFeed(t.store);
    const start = await feed.head();
    {
      const bytes = voiceWav();
      const { message } = await depositMessage(
        t.store,
        mailbox.id,
        { callerNumber: '+15550100', callerName: null },
        { bytes, info: inspectVoiceAudio(bytes) },
      );
      await updateMessage(t.store, mailbox.id, message.id, { read: true });
      const seen = (await feed.read(start, { mailboxId: mailbox.id })).changes;
      assert.deepEqual(
        seen.map((c) => `${c.kind} ${c.entityId ?? '-'}`),
        [`message.created ${message.id}`, 'mwi.changed -', `message.updated ${message.id}`, 'mwi.changed -'],
      );
      assert.deepEqual(seen[2]?.data, { messageId: message.id, changes: ['read'] });
      assert.deepEqual(seen[3]?.data, { mwi: { on: false, newCount: 0, oldCount: 1, urgentCount: 0 } });
    }
  });

  it('forgets the recorded changes of a transaction that rolls back, and keeps none of its writes', async () => {
    const { mailbox } = await syncSetup(t.store);
    const feed = new ChangeFeed(t.store);
    const start = await feed.head();
    {
      await assert.rejects(
        inServiceTransaction(t.store, async (scope) => {
          const created = await scope.contacts.create(mailbox.id, { givenName: 'Zoë' });
          scope.recordChange({
            kind: 'contact.changed',
            mailboxId: mailbox.id,
            entityId: created.id,
            data: {},
          });
          throw new Error('refused after the write');
        }),
        /refused after the write/,
      );
      assert.deepEqual((await feed.read(start, { mailboxId: mailbox.id })).changes, []);
      assert.deepEqual(await t.store.contacts.list(mailbox.id), []);
      const contact = await new ContactService(t.store).create(mailbox.id, { givenName: 'Ada' });
      const seen = (await feed.read(start, { mailboxId: mailbox.id })).changes;
      assert.deepEqual(
        seen.map(({ kind, mailboxId, entityId }) => ({ kind, mailboxId, entityId })),
        [{ kind: 'contact.changed', mailboxId: mailbox.id, entityId: contact.id }],
      );
    }
  });
});
