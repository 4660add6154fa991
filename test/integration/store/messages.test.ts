import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, NotFoundError, ValidationError, type AudioInfo } from '../../../src/domain/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { syncSetup } from '../../helpers/fixtures.ts';

const info: AudioInfo = { format: 'wav-pcm', sampleRate: 8000, channels: 1, durationMs: 2000 };
/** Bytes covering every value, so a blob/bytea round trip that mangles bytes is caught. */
const audio = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7 + 3) % 256);

let now = Date.parse('2026-03-01T12:00:00Z');
const clock = () => new Date(now);

async function counts(t: { store: Store }, table: string, column: string, id: string): Promise<number> {
  const rows = await t.store.db
    .selectFrom(table as 'messages')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where(column as 'mailbox_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}

await eachDatabase(
  'voice messages and MWI',
  (t) => {
    it('deposits a message with its audio and lights the MWI', async () => {
      const { mailbox } = await syncSetup(t.store);
      const r = await t.store.messages.deposit(
        mailbox.id,
        {
          callerNumber: '+1 555 0100',
          callerName: 'Front desk',
          urgent: true,
          receivedAt: '2026-03-01T11:59:00+01:00',
        },
        { bytes: audio, info },
      );
      assert.equal(r.message.callerNumber, '+15550100');
      assert.equal(r.message.receivedAt, '2026-03-01T10:59:00.000Z');
      assert.equal(r.message.audio.size, audio.length);
      assert.equal(r.message.durationMs, 2000);
      assert.equal(r.message.read, false);
      assert.deepEqual(
        [r.mwi.changed, r.mwi.state.on, r.mwi.state.newCount, r.mwi.state.urgentCount],
        [true, true, 1, 1],
      );
      const { bytes } = await t.store.messages.audio(mailbox.id, r.message.id);
      assert.ok(bytes.equals(Buffer.from(audio)));
      assert.deepEqual(await t.store.mwi.get(mailbox.id), r.mwi.state);
    });

    it('follows read, urgent, trash, restore and purge in the MWI', async () => {
      const { mailbox } = await syncSetup(t.store);
      const a = (await t.store.messages.deposit(mailbox.id, { callerNumber: '100' }, { bytes: audio, info }))
        .message;
      const b = (
        await t.store.messages.deposit(
          mailbox.id,
          { callerNumber: '101', urgent: true },
          { bytes: audio, info },
        )
      ).message;
      let r = await t.store.messages.update(mailbox.id, a.id, { read: true });
      assert.deepEqual(
        [r.mwi.state.newCount, r.mwi.state.oldCount, r.mwi.state.urgentCount, r.mwi.state.on],
        [1, 1, 1, true],
      );
      r = await t.store.messages.update(mailbox.id, a.id, { private: true });
      assert.equal(r.mwi.changed, false, 'a flag that does not move MWI reports no change');
      assert.equal(r.message.private, true);
      now += 1000;
      r = await t.store.messages.moveToTrash(mailbox.id, b.id);
      assert.ok(r.message.deletedAt);
      assert.deepEqual(
        [r.mwi.state.newCount, r.mwi.state.urgentCount, r.mwi.state.on, r.mwi.changed],
        [0, 0, false, true],
      );
      assert.deepEqual(
        (await t.store.messages.list(mailbox.id)).map((m) => m.id),
        [a.id],
      );
      assert.deepEqual(
        (await t.store.messages.list(mailbox.id, { folder: 'trash' })).map((m) => m.id),
        [b.id],
      );
      r = await t.store.messages.restore(mailbox.id, b.id);
      assert.equal(r.mwi.state.on, true);
      await t.store.messages.moveToTrash(mailbox.id, b.id);
      await t.store.audioCache.put(b.id, 'mp3', new Uint8Array([9, 9, 9]));
      // Retention: nothing purged before the cutoff passes the deletion time, then exactly the trashed one.
      assert.equal(await t.store.messages.purgeTrash(new Date(now - 60_000)), 0);
      assert.equal(await t.store.messages.purgeTrash(new Date(now + 1)), 1);
      await assert.rejects(t.store.messages.get(mailbox.id, b.id), NotFoundError);
      assert.equal(await counts(t, 'message_audio', 'message_id', b.id), 0);
      assert.equal(await counts(t, 'message_audio_cache', 'message_id', b.id), 0);
      const mwi = await t.store.mwi.get(mailbox.id);
      assert.deepEqual([mwi.newCount, mwi.oldCount, mwi.on], [0, 1, false]);
    });

    it('a failed deposit leaves nothing behind', async () => {
      const { mailbox } = await syncSetup(t.store);
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await tx.messages.deposit(mailbox.id, { callerNumber: '200' }, { bytes: audio, info });
          throw new Error('the HTTP request was aborted');
        }),
        /aborted/,
      );
      await assert.rejects(
        t.store.messages.deposit('no-such-mailbox', { callerNumber: '200' }, { bytes: audio, info }),
        (e: unknown) => e instanceof NotFoundError && e.code === ErrorCodes.mailboxNotFound,
      );
      await assert.rejects(
        t.store.messages.deposit(mailbox.id, { callerNumber: '200' }, { bytes: new Uint8Array(), info }),
        (e: unknown) =>
          e instanceof ValidationError && e.code === ErrorCodes.messageAudioEmpty && e.field === 'audio',
      );
      await assert.rejects(
        t.store.messages.deposit(mailbox.id, { callerNumber: 'abc' }, { bytes: audio, info }),
        (e: unknown) => e instanceof ValidationError && e.field === 'callerNumber',
      );
      assert.equal(await counts(t, 'messages', 'mailbox_id', mailbox.id), 0);
      assert.equal(
        Number(
          (
            await t.store.db
              .selectFrom('message_audio')
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .where('message_id', 'not in', t.store.db.selectFrom('messages').select('id'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        0,
      );
      const mwi = await t.store.mwi.get(mailbox.id);
      assert.deepEqual([mwi.on, mwi.newCount], [false, 0]);
    });

    it("never shows a message through another mailbox's id", async () => {
      const a = await syncSetup(t.store);
      const b = await syncSetup(t.store);
      const m = (await t.store.messages.deposit(a.mailbox.id, {}, { bytes: audio, info })).message;
      await assert.rejects(t.store.messages.get(b.mailbox.id, m.id), NotFoundError);
      await assert.rejects(t.store.messages.update(b.mailbox.id, m.id, { read: true }), NotFoundError);
      await assert.rejects(t.store.messages.audio(b.mailbox.id, m.id), NotFoundError);
      assert.equal((await t.store.messages.get(a.mailbox.id, m.id)).read, false);
    });

    it('keeps MWI exact under concurrent deposits and reads to one mailbox', async () => {
      const { mailbox } = await syncSetup(t.store);
      const deposits = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t.store.messages.deposit(mailbox.id, { callerNumber: String(300 + i) }, { bytes: audio, info }),
        ),
      );
      let s = await t.store.mwi.get(mailbox.id);
      assert.deepEqual([s.newCount, s.oldCount], [12, 0]);
      await Promise.all(
        deposits.slice(0, 5).map((d) => t.store.messages.update(mailbox.id, d.message.id, { read: true })),
      );
      s = await t.store.mwi.get(mailbox.id);
      assert.deepEqual([s.newCount, s.oldCount], [7, 5]);
    });

    it('caches converted audio per format', async () => {
      const { mailbox } = await syncSetup(t.store);
      const m = (await t.store.messages.deposit(mailbox.id, {}, { bytes: audio, info })).message;
      assert.equal(await t.store.audioCache.get(m.id, 'mp3'), null);
      await t.store.audioCache.put(m.id, 'mp3', new Uint8Array([1, 2]));
      await t.store.audioCache.put(m.id, 'mp3', new Uint8Array([3, 4, 5]));
      await t.store.audioCache.put(m.id, 'wav-ulaw', new Uint8Array([6]));
      assert.deepEqual([...(await t.store.audioCache.get(m.id, 'mp3'))!], [3, 4, 5]);
      assert.deepEqual(await t.store.audioCache.formats(m.id), ['mp3', 'wav-ulaw']);
    });

    it('recomputes every mailbox at once', async () => {
      const { mailbox } = await syncSetup(t.store);
      await t.store.messages.deposit(mailbox.id, { urgent: true }, { bytes: audio, info });
      await t.store.db.deleteFrom('mwi_state').execute();
      const n = await t.store.mwi.recomputeAll();
      assert.equal(n, await t.store.mailboxes.count());
      const s = await t.store.mwi.get(mailbox.id);
      assert.deepEqual([s.on, s.newCount, s.urgentCount], [true, 1, 1]);
    });
  },
  { store: { clock } },
);
