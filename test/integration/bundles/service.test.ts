import { createHash } from 'node:crypto';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ContentFileError } from '../../../src/domain/vcard-icalendar/index.ts';
import { exportMailbox } from '../../../src/bundles/export.ts';
import { importMailbox } from '../../../src/bundles/import.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { syncSetup } from '../../helpers/fixtures.ts';
import {
  allDayEvent,
  content,
  freeEvent,
  plainContact,
  recurringEvent,
  richContact,
  voiceWav,
} from './fixtures.ts';

await eachDatabase('interchange export/import', (t) => {
  async function filledMailbox() {
    const { mailbox } = await syncSetup(t.store);
    await t.store.contacts.create(mailbox.id, richContact);
    await t.store.contacts.create(mailbox.id, plainContact);
    for (const e of [recurringEvent, allDayEvent, freeEvent]) await t.store.calendar.create(mailbox.id, e);
    const a = await t.store.messages.deposit(
      mailbox.id,
      { callerNumber: '+15550100', callerName: 'Renée 🎧', urgent: true, receivedAt: '2026-03-01T10:00:00Z' },
      { bytes: voiceWav(1), info: { format: 'wav-pcm', sampleRate: 8000, channels: 1, durationMs: 1000 } },
    );
    await t.store.messages.deposit(
      mailbox.id,
      { callerNumber: '', private: true, receivedAt: '2026-03-02T10:00:00Z' },
      { bytes: voiceWav(2), info: { format: 'wav-pcm', sampleRate: 8000, channels: 1, durationMs: 2000 } },
    );
    await t.store.messages.update(mailbox.id, a.message.id, { read: true });
    return mailbox;
  }

  async function snapshot(mailboxId: string) {
    const contacts = (await t.store.contacts.list(mailboxId)).map(content);
    const events = (await t.store.calendar.list(mailboxId)).map(content);
    const messages = await t.store.messages.list(mailboxId, { folder: 'all' });
    const audio = await Promise.all(
      messages.map(async (m) =>
        createHash('sha256')
          .update((await t.store.messages.audio(mailboxId, m.id)).bytes)
          .digest('hex'),
      ),
    );
    return {
      contacts,
      events,
      messages: messages.map((m) => {
        const { id: _i, mailboxId: _m, createdAt: _c, updatedAt: _u, ...rest } = m;
        return rest;
      }),
      audio,
      mwi: content2(await t.store.mwi.get(mailboxId)),
    };
  }

  it('round-trips everything a mailbox holds into another mailbox, and a second import changes nothing', async () => {
    const source = await filledMailbox();
    const bundle = await exportMailbox(t.store, source.id);
    assert.match(bundle.contacts, /^BEGIN:VCARD\r\nVERSION:4.0\r\n/);
    assert.match(bundle.calendar, /RECURRENCE-ID:20260309T080000Z/);
    assert.match(bundle.calendar, /EXDATE:20260316T080000Z/);
    assert.match(bundle.calendar, /X-VOXSYNC-UC-LOCATION:Conference/);
    assert.match(bundle.calendar, /DTSTART;VALUE=DATE:20260501/);
    assert.match(bundle.calendar, /TRIGGER:-PT15M/);
    const { mailbox: target } = await syncSetup(t.store);
    const first = await importMailbox(t.store, target.id, bundle);
    assert.deepEqual(first.contacts, { created: 2, updated: 0 });
    assert.deepEqual(first.events, { created: 3, updated: 0 });
    assert.deepEqual(first.messages, { created: 2, updated: 0 });
    const want = await snapshot(source.id);
    assert.deepEqual(await snapshot(target.id), want);
    const second = await importMailbox(t.store, target.id, bundle);
    assert.deepEqual(second.contacts, { created: 0, updated: 2 });
    assert.deepEqual(second.messages, { created: 0, updated: 2 });
    assert.deepEqual(await snapshot(target.id), want);
    // Re-importing the mailbox's own export matches by id and duplicates nothing either.
    await importMailbox(t.store, source.id, bundle);
    assert.deepEqual(await snapshot(source.id), want);
    // The target's own export names the same content.
    const again = await exportMailbox(t.store, target.id);
    assert.equal(again.index.messages.length, 2);
  });

  it('refuses a malformed calendar and imports nothing (one transaction)', async () => {
    const source = await filledMailbox();
    const bundle = await exportMailbox(t.store, source.id);
    const { mailbox: target } = await syncSetup(t.store);
    const broken = bundle.calendar.replace('DTSTART:20260401T080000Z', 'DTSTART:2026-04-01 nonsense');
    await assert.rejects(
      importMailbox(t.store, target.id, { ...bundle, calendar: broken }),
      (e: unknown) => e instanceof ContentFileError && /calendar\.ics, line \d+/.test(e.message),
    );
    assert.equal((await t.store.contacts.list(target.id)).length, 0);
    assert.equal((await t.store.messages.list(target.id, { folder: 'all' })).length, 0);
  });

  it('refuses a truncated audio file named by the index, storing nothing', async () => {
    const source = await filledMailbox();
    const bundle = await exportMailbox(t.store, source.id);
    const { mailbox: target } = await syncSetup(t.store);
    const audio = new Map(bundle.audio);
    const [name, bytes] = [...audio][0] ?? ['', new Uint8Array()];
    audio.set(name, bytes.subarray(0, 30));
    await assert.rejects(
      importMailbox(t.store, target.id, { ...bundle, audio }),
      (e: unknown) => e instanceof ContentFileError && e.message.startsWith(`messages/${name}:`),
    );
    assert.equal((await t.store.contacts.list(target.id)).length, 0);
    assert.equal((await t.store.mwi.get(target.id)).newCount, 0);
  });
});

function content2<T extends { mailboxId: string; updatedAt: string }>(x: T) {
  const { mailboxId: _m, updatedAt: _u, ...rest } = x;
  return rest;
}
