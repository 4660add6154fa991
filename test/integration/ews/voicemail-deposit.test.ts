// depositVoicemail over HTTP against the Exchange simulator: the audio is verified after CreateItem and,
// when the server dropped the inline attachment (fault dropInlineAttachments, as a real non-Microsoft
// EWS server did while answering NoError), added with CreateAttachment; the audio bytes are then there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { EwsClient } from '../../../src/ews/client.ts';
import { buildResponseEnvelope, parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { createAttachment } from '../../../src/ews/operations/create-attachment.ts';
import { buildVoicemailCreateItem } from '../../../src/ews/voicemail/voicemail-item.ts';
import { startHttpPeer } from './peer.ts';
import { getAttachment } from '../../../src/ews/operations/get-attachment.ts';
import { getItem } from '../../../src/ews/operations/get-item.ts';
import { unwrapOne } from '../../../src/ews/operations/operation.ts';
import type { FileAttachment } from '../../../src/ews/types/attachments.ts';
import type { ItemId } from '../../../src/ews/types/ids.ts';
import { depositVoicemail, VoicemailAudioMissingError } from '../../../src/ews/voicemail/deposit.ts';
import type { VoiceMessage } from '../../../src/ews/voicemail/voicemail-item.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from '../exchange-sim/helpers.ts';
import { clientFor } from '../exchange-sim/client-helpers.ts';

const AS_ALICE = { impersonate: 'alice@contoso.test' };
const AUDIO = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, 1, 2, 3, 4]);

let sim: ExchangeSim;
let client: EwsClient;
before(async () => {
  sim = await startSim({ controlToken: 'ctl' });
  client = clientFor(sim);
});
after(async () => {
  await client.close();
  await sim.close();
});

async function fault(body: unknown): Promise<void> {
  const res = await request(`${sim.url}/sim/v1/faults`, {
    method: 'POST',
    headers: { authorization: 'Bearer ctl', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  assert.equal(res.statusCode, 201, text);
}

function voice(id: string): VoiceMessage {
  return {
    voxsyncMessageId: id,
    callerNumber: '+1 555 0100',
    durationSeconds: 7,
    receivedAt: new Date('2026-12-05T17:00:00Z'),
    audio: { data: AUDIO, format: 'wav' },
  };
}

/** The audio bytes as the server stores them, fetched independently of depositVoicemail. */
async function storedAudio(itemId: ItemId): Promise<{ names: string[]; bytes: Uint8Array | undefined }> {
  const item = unwrapOne(
    await client.call(
      getItem,
      {
        itemIds: [itemId],
        shape: { baseShape: 'IdOnly', additionalProperties: [{ fieldUri: 'item:Attachments' }] },
      },
      AS_ALICE,
    ),
  );
  const files = (item.attachments ?? []).filter((a): a is FileAttachment => a.kind === 'file');
  const first = files[0]?.attachmentId?.id;
  if (first === undefined) return { names: [], bytes: undefined };
  const got = unwrapOne(await client.call(getAttachment, { attachmentIds: [first] }, AS_ALICE));
  return { names: files.map((f) => f.name ?? ''), bytes: got.kind === 'file' ? got.content : undefined };
}

test('a server that keeps inline attachments: the audio is verified and left as sent', async () => {
  const d = await depositVoicemail(client, voice('vm-deposit-inline'), AS_ALICE);
  assert.equal(d.audio, 'inline');
  assert.equal(d.attachment.name, 'voicemail-20261205T170000Z.wav');
  const stored = await storedAudio(d.itemId);
  assert.deepEqual(stored.names, ['voicemail-20261205T170000Z.wav']);
  assert.deepEqual(stored.bytes, AUDIO);
});

test('a server that drops inline attachments: the audio is added with CreateAttachment and is there', async () => {
  await fault({ kind: 'dropInlineAttachments', operation: 'CreateItem', count: 1 });
  const d = await depositVoicemail(client, voice('vm-deposit-dropped'), AS_ALICE);
  assert.equal(d.audio, 'createAttachment');
  assert.equal(d.attachment.name, 'voicemail-20261205T170000Z.wav');
  const stored = await storedAudio(d.itemId);
  // Exactly one audio attachment: the dropped one is not there, the added one is.
  assert.deepEqual(stored.names, ['voicemail-20261205T170000Z.wav']);
  assert.deepEqual(stored.bytes, AUDIO);
  // The returned id carries the ChangeKey after CreateAttachment: it is current.
  const item = unwrapOne(
    await client.call(getItem, { itemIds: [d.itemId], shape: { baseShape: 'IdOnly' } }, AS_ALICE),
  );
  assert.equal(item.itemId?.changeKey, d.itemId.changeKey);
});

test('the fault mode really drops the attachment (control: what an unverified deposit would leave)', async () => {
  await fault({ kind: 'dropInlineAttachments', operation: '*', count: 1 });
  const created = unwrapOne(
    await client.call(createItem, buildVoicemailCreateItem(voice('vm-deposit-control')), AS_ALICE),
  );
  assert.ok(created.itemId);
  assert.deepEqual((await storedAudio(created.itemId)).names, []);
});

test('a server that drops every attachment: depositVoicemail fails with a typed error naming item and file', async () => {
  // No fault mode of the simulator keeps CreateAttachment from working, so a local EWS peer plays a
  // server that answers success to everything and stores no attachment at all.
  const calls: string[] = [];
  const peer = await startHttpPeer((_req, res, body) => {
    const env = parseRequestEnvelope(body);
    calls.push(env.body.local);
    let out: string;
    if (env.body.local === 'CreateItem') {
      out = createItem.buildResponseBody([
        {
          ok: true,
          value: { itemId: undefined, item: { kind: 'Message', itemId: { id: 'AAMk1', changeKey: 'CK1' } } },
        },
      ]);
    } else if (env.body.local === 'GetItem') {
      out = getItem.buildResponseBody([
        {
          ok: true,
          value: { kind: 'Message', itemId: { id: 'AAMk1', changeKey: 'CK2' }, hasAttachments: false },
        },
      ]);
    } else {
      out = createAttachment.buildResponseBody([
        { ok: true, value: { id: 'AAMk1att', rootItemId: 'AAMk1', rootItemChangeKey: 'CK2' } },
      ]);
    }
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(buildResponseEnvelope(out, { majorVersion: 15, minorVersion: 1 }));
  });
  const c = new EwsClient({ url: peer.url, auth: { kind: 'none' }, retry: { maxAttempts: 1 } });
  try {
    await assert.rejects(depositVoicemail(c, voice('vm-deposit-lost')), (e: unknown) => {
      assert.ok(e instanceof VoicemailAudioMissingError, String(e));
      assert.equal(e.code, 'ews.voicemail_audio_missing');
      assert.equal(e.fileName, 'voicemail-20261205T170000Z.wav');
      assert.equal(e.itemId.id, 'AAMk1');
      assert.match(e.message, /"voicemail-20261205T170000Z\.wav" is missing/);
      return true;
    });
    assert.deepEqual(calls, ['CreateItem', 'GetItem', 'CreateAttachment', 'GetItem']);
  } finally {
    await c.close();
    await peer.close();
  }
});
