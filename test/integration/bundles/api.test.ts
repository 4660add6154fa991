import { it } from 'node:test';
import assert from 'node:assert/strict';
import { bundleToTar, tarToImport } from '../../../src/bundles/archive.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { syncSetup } from '../../helpers/fixtures.ts';
import { startApi } from '../api/harness.ts';
import { content, recurringEvent, richContact, voiceWav } from './fixtures.ts';

await eachDatabase('interchange API', (t) => {
  it('exports a tar archive and imports it into another mailbox idempotently, with roles enforced', async () => {
    const api = await startApi(t.store);
    try {
      const { mailbox: source } = await syncSetup(t.store, { pin: '4711' });
      const { mailbox: target } = await syncSetup(t.store, { pin: '4712' });
      await t.store.contacts.create(source.id, richContact);
      await t.store.calendar.create(source.id, recurringEvent);
      await t.store.messages.deposit(
        source.id,
        { callerNumber: '+15550100' },
        { bytes: voiceWav(1), info: { format: 'wav-pcm', sampleRate: 8000, channels: 1, durationMs: 1000 } },
      );
      const exp = await api.request('GET', `/api/v1/mailboxes/${source.id}/export`, {
        token: api.adminToken,
      });
      assert.equal(exp.status, 200);
      assert.equal(exp.headers.get('content-type'), 'application/x-tar');
      const parts = await tarToImport(exp.bytes);
      assert.match(parts.contacts ?? '', /VERSION:4.0/);

      const upload = (id: string, body: Buffer, auth: Record<string, string>) =>
        fetch(`${api.baseUrl}/api/v1/mailboxes/${id}/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-tar', ...auth },
          body: new Uint8Array(body),
        });
      const bearer = { authorization: `Bearer ${api.adminToken}` };
      const first = await upload(target.id, exp.bytes, bearer);
      assert.equal(first.status, 200, await first.clone().text());
      const report = (await first.json()) as { contacts: { created: number }; messages: { created: number } };
      assert.deepEqual([report.contacts.created, report.messages.created], [1, 1]);
      const second = (await (await upload(target.id, exp.bytes, bearer)).json()) as {
        contacts: { created: number; updated: number };
      };
      assert.deepEqual(second.contacts, { created: 0, updated: 1 });
      assert.deepEqual(
        (await t.store.calendar.list(target.id)).map(content),
        (await t.store.calendar.list(source.id)).map(content),
      );
      assert.equal((await t.store.mwi.get(target.id)).newCount, 1);

      // The mailbox user reaches their own mailbox only; no credentials, no access.
      const session = await api.mailboxLogin(target.number, '4712');
      const own = await api.request('GET', `/api/v1/mailboxes/${target.id}/export`, { session });
      assert.equal(own.status, 200);
      const other = await api.request('GET', `/api/v1/mailboxes/${source.id}/export`, { session });
      assert.equal(other.status, 403);
      const cookie = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
      assert.equal((await upload(source.id, exp.bytes, cookie)).status, 403);
      assert.equal((await upload(target.id, exp.bytes, {})).status, 401);
    } finally {
      await api.close();
    }
  });

  it('answers 400 naming the line of a malformed calendar, and stores nothing', async () => {
    const api = await startApi(t.store);
    try {
      const { mailbox } = await syncSetup(t.store);
      const archive = await bundleToTar({
        contacts: 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEND:VCARD\r\n',
        calendar:
          'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
        index: { version: 1, messages: [] },
        audio: new Map(),
      });
      const res = await fetch(`${api.baseUrl}/api/v1/mailboxes/${mailbox.id}/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-tar', authorization: `Bearer ${api.adminToken}` },
        body: new Uint8Array(archive),
      });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { message: string } };
      assert.match(body.error.message, /calendar\.ics, line 5, property DTSTART/);
      assert.equal((await t.store.contacts.list(mailbox.id)).length, 0);
    } finally {
      await api.close();
    }
  });
  it('answers 415 naming the accepted type for any other content type', async () => {
    const api = await startApi(t.store);
    try {
      const { mailbox } = await syncSetup(t.store);
      for (const type of ['text/plain', 'application/json', 'application/octet-stream']) {
        const res = await fetch(`${api.baseUrl}/api/v1/mailboxes/${mailbox.id}/import`, {
          method: 'POST',
          headers: { 'content-type': type, authorization: `Bearer ${api.adminToken}` },
          body: type === 'application/json' ? '{}' : 'not a tar',
        });
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(res.status, 415, `${type}: ${JSON.stringify(body)}`);
        assert.equal(body.error.code, 'request.unsupported_media_type');
        assert.match(body.error.message, /application\/x-tar/, type);
      }
    } finally {
      await api.close();
    }
  });
});
