import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachDatabase } from '../../helpers/databases.ts';
import { z } from 'zod';
import { messageResponse, mwiResponse } from '../../../src/api/routes/messages.ts';
import { depositForm, makeWav, startApi, type ApiHarness, type HttpResult, withId } from './harness.ts';

const messageList = z.object({ messages: z.array(messageResponse) });

function firstMessageId(list: HttpResult): string {
  const [first] = list.jsonAs(messageList).messages;
  assert.ok(first, `no message in ${list.text}`);
  return first.id;
}

await eachDatabase('voice messages and MWI API', (db) => {
  let api: ApiHarness;
  let t: string;
  let mailboxId: string;
  const wav = makeWav(1);

  before(async () => {
    api = await startApi(db.store);
    t = api.adminToken;
    const ep = await api.request('POST', '/api/v1/endpoints', {
      token: t,
      json: { name: 'PCM endpoint', address: 'ews:mail.example.com', voiceFormat: 'wav-ulaw' },
    });
    const fg = await api.request('POST', '/api/v1/feature-groups', {
      token: t,
      json: { name: 'Msg FG', sync: { endpointId: ep.jsonAs(withId).id } },
    });
    const mb = await api.request('POST', '/api/v1/mailboxes', {
      token: t,
      json: { number: '6001', displayName: 'Msg User', featureGroupId: fg.jsonAs(withId).id, pin: '1234' },
    });
    assert.equal(mb.status, 201, mb.text);
    mailboxId = mb.jsonAs(withId).id;
  });
  after(() => api.close());

  const base = () => `/api/v1/mailboxes/${mailboxId}`;

  it('deposit stores the message with its metadata and turns the MWI lamp on', async () => {
    const res = await api.request('POST', `${base()}/messages`, {
      token: t,
      form: depositForm(wav, {
        callerNumber: '+1 555 0100',
        callerName: 'Zoë Caller',
        urgent: 'true',
        private: 'false',
        receivedAt: '2026-01-02T03:04:05Z',
      }),
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.jsonAs(messageResponse).callerNumber, '+15550100');
    assert.equal(res.jsonAs(messageResponse).callerName, 'Zoë Caller');
    assert.equal(res.jsonAs(messageResponse).urgent, true);
    assert.equal(res.jsonAs(messageResponse).read, false);
    assert.equal(res.jsonAs(messageResponse).receivedAt, '2026-01-02T03:04:05.000Z');
    assert.equal(res.jsonAs(messageResponse).audio.format, 'wav-pcm');
    assert.equal(res.jsonAs(messageResponse).audio.sampleRate, 8000);
    assert.equal(res.jsonAs(messageResponse).durationMs, 1000);
    const m = (await api.request('GET', `${base()}/mwi`, { token: t })).jsonAs(mwiResponse);
    assert.deepEqual([m.on, m.newCount, m.oldCount, m.urgentCount], [true, 1, 0, 1]);
  });

  it('invalid or corrupt audio is refused with the reason and nothing is stored', async () => {
    const before = (await api.request('GET', `${base()}/messages?folder=all`, { token: t })).jsonAs(
      messageList,
    ).messages.length;
    const truncated = wav.subarray(0, 30);
    const notAudio = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const cases: [Buffer, string][] = [
      [truncated, 'audio.'],
      [notAudio, 'audio.not_wav'],
      [Buffer.alloc(0), 'audio.'],
    ];
    for (const [bytes, rule] of cases) {
      const res = await api.request('POST', `${base()}/messages`, { token: t, form: depositForm(bytes) });
      assert.equal(res.status, 400, res.text.slice(0, 300));
      assert.equal(res.firstIssue().field, 'audio');
      assert.ok(res.firstIssue().rule.startsWith(rule), res.text);
    }
    const noFile = new FormData();
    noFile.append('callerNumber', '123');
    const missing = await api.request('POST', `${base()}/messages`, { token: t, form: noFile });
    assert.equal(missing.status, 400);
    assert.equal(missing.firstIssue().field, 'audio');
    const badCaller = await api.request('POST', `${base()}/messages`, {
      token: t,
      form: depositForm(wav, { callerNumber: 'call me maybe' }),
    });
    assert.equal(badCaller.status, 400, badCaller.text);
    assert.equal(badCaller.firstIssue().field, 'callerNumber');
    const json = await api.request('POST', `${base()}/messages`, { token: t, json: { callerNumber: '1' } });
    assert.equal(json.status, 415, json.text);
    const after = (await api.request('GET', `${base()}/messages?folder=all`, { token: t })).jsonAs(
      messageList,
    ).messages.length;
    assert.equal(after, before);
  });

  it('listen: full download, byte ranges, conversion to the endpoint format (cached)', async () => {
    const list = await api.request('GET', `${base()}/messages`, { token: t });
    const id = firstMessageId(list);
    const full = await api.request('GET', `${base()}/messages/${id}/audio`, { token: t });
    assert.equal(full.status, 200);
    assert.equal(full.headers.get('accept-ranges'), 'bytes');
    assert.ok(full.bytes.equals(wav), 'the original audio comes back byte for byte');

    const part = await api.request('GET', `${base()}/messages/${id}/audio`, {
      token: t,
      headers: { range: 'bytes=0-11' },
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-11/${wav.length}`);
    assert.equal(part.bytes.toString('ascii', 0, 4), 'RIFF');
    assert.equal(part.bytes.length, 12);
    const tail = await api.request('GET', `${base()}/messages/${id}/audio`, {
      token: t,
      headers: { range: 'bytes=-4' },
    });
    assert.ok(tail.bytes.equals(wav.subarray(wav.length - 4)));
    const bad = await api.request('GET', `${base()}/messages/${id}/audio`, {
      token: t,
      headers: { range: `bytes=${wav.length}-` },
    });
    assert.equal(bad.status, 416);

    const ulaw = await api.request('GET', `${base()}/messages/${id}/audio?format=endpoint`, { token: t });
    assert.equal(ulaw.status, 200, ulaw.text.slice(0, 200));
    assert.equal(ulaw.bytes.toString('ascii', 0, 4), 'RIFF');
    assert.equal(ulaw.bytes.readUInt16LE(20), 7, 'WAVE_FORMAT_MULAW');
    assert.deepEqual(await db.store.audioCache.formats(id), ['wav-ulaw']);
    const again = await api.request('GET', `${base()}/messages/${id}/audio?format=wav-ulaw`, { token: t });
    assert.ok(again.bytes.equals(ulaw.bytes));

    const mp3 = await api.request('GET', `${base()}/messages/${id}/audio?format=mp3`, { token: t });
    assert.equal(mp3.headers.get('content-type'), 'audio/mpeg');
    assert.ok(mp3.bytes.length > 100);
    const gsm = await api.request('GET', `${base()}/messages/${id}/audio?format=wav-gsm`, { token: t });
    assert.equal(gsm.status, 200, gsm.text.slice(0, 200));
    assert.equal(gsm.bytes.readUInt16LE(20), 0x31, 'WAVE_FORMAT_GSM610');
    const badFormat = await api.request('GET', `${base()}/messages/${id}/audio?format=ogg`, { token: t });
    assert.equal(badFormat.status, 400);
    assert.equal(badFormat.firstIssue().field, 'querystring.format');
  });

  it('mark read/unread, trash and restore move the MWI; a user works on their own messages', async () => {
    const user = await api.mailboxLogin('6001', '1234');
    const list = await api.request('GET', `${base()}/messages`, { session: user });
    assert.equal(list.status, 200);
    const id = firstMessageId(list);

    const read = await api.request('PATCH', `${base()}/messages/${id}`, {
      session: user,
      json: { read: true },
    });
    assert.equal(read.status, 200, read.text);
    assert.equal(read.jsonAs(messageResponse).read, true);
    let mwi = (await api.request('GET', `${base()}/mwi`, { session: user })).jsonAs(mwiResponse);
    assert.deepEqual([mwi.on, mwi.newCount, mwi.oldCount, mwi.urgentCount], [false, 0, 1, 0]);

    const unread = await api.request('PATCH', `${base()}/messages/${id}`, {
      session: user,
      json: { read: false },
    });
    assert.equal(unread.jsonAs(messageResponse).read, false);
    const badPatch = await api.request('PATCH', `${base()}/messages/${id}`, {
      session: user,
      json: { read: 'yes' },
    });
    assert.equal(badPatch.status, 400);
    assert.equal(badPatch.firstIssue().field, 'read');

    assert.equal((await api.request('DELETE', `${base()}/messages/${id}`, { session: user })).status, 204);
    mwi = (await api.request('GET', `${base()}/mwi`, { session: user })).jsonAs(mwiResponse);
    assert.deepEqual([mwi.on, mwi.newCount, mwi.oldCount], [false, 0, 0]);
    const trash = await api.request('GET', `${base()}/messages?folder=trash`, { session: user });
    assert.equal(trash.jsonAs(messageList).messages.length, 1);
    assert.ok(trash.jsonAs(messageList).messages[0]?.deletedAt);

    const restored = await api.request('POST', `${base()}/messages/${id}/restore`, { session: user });
    assert.equal(restored.status, 200, restored.text);
    assert.equal(restored.jsonAs(messageResponse).deletedAt, null);

    assert.equal(
      (await api.request('DELETE', `${base()}/messages/${id}?permanent=true`, { session: user })).status,
      204,
    );
    assert.equal((await api.request('GET', `${base()}/messages/${id}`, { session: user })).status, 404);
    assert.equal((await api.request('GET', `${base()}/messages/${id}/audio`, { session: user })).status, 404);
  });
});
