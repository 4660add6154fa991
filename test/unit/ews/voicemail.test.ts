import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildVoicemailCreateItem,
  buildVoicemailMessage,
  formatDuration,
  type VoiceMessage,
} from '../../../src/ews/voicemail/voicemail-item.ts';
import {
  findVoicemailInput,
  voxsyncMessageIdOf,
  voxsyncMessageIdRestriction,
} from '../../../src/ews/voicemail/find-voicemail.ts';
import {
  MSGFLAG_UNSENT,
  PID_TAG_CALL_ID,
  PID_TAG_SENDER_TELEPHONE_NUMBER,
  PID_TAG_VOICE_MESSAGE_ATTACHMENT_ORDER,
  PID_TAG_VOICE_MESSAGE_DURATION,
  PID_TAG_VOICE_MESSAGE_SENDER_NAME,
  PR_MESSAGE_FLAGS,
  VOICEMAIL_ITEM_CLASS,
  VOXSYNC_MESSAGE_ID,
} from '../../../src/ews/voicemail/properties.ts';
import { findExtendedProperty, type ExtendedFieldUri } from '../../../src/ews/types/extended-properties.ts';
import type { Message } from '../../../src/ews/types/message.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { findItem } from '../../../src/ews/operations/find-item.ts';
import { buildRequestEnvelope, parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { EwsRequestError } from '../../../src/ews/errors.ts';

const base: VoiceMessage = {
  voxsyncMessageId: 'msg-0001',
  callerNumber: '+1 555 0100',
  durationSeconds: 42,
  receivedAt: new Date('2026-03-02T10:15:00Z'),
  audio: { data: new Uint8Array([0xff, 0xfb, 0x90, 0x00]), format: 'mp3' },
};

function prop(m: Message, uri: ExtendedFieldUri): string | string[] | undefined {
  return findExtendedProperty(m.extendedProperties, uri)?.value;
}

test('duration formatting', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(42), '0:42');
  assert.equal(formatDuration(605), '10:05');
  assert.equal(formatDuration(3723), '1:02:03');
});

test('a voice message becomes a received, unread UM voicemail with the UM properties', () => {
  const m = buildVoicemailMessage({ ...base, callId: 'call-77' });
  assert.equal(m.itemClass, VOICEMAIL_ITEM_CLASS);
  assert.equal(m.subject, 'Voice Mail from +1 555 0100 (0:42)');
  const flags = Number(prop(m, PR_MESSAGE_FLAGS));
  assert.equal(flags, 0, 'unread');
  assert.equal(flags & MSGFLAG_UNSENT, 0, 'never a draft');
  assert.equal(prop(m, PID_TAG_VOICE_MESSAGE_DURATION), '42');
  assert.equal(prop(m, PID_TAG_SENDER_TELEPHONE_NUMBER), '+1 555 0100');
  assert.equal(prop(m, PID_TAG_CALL_ID), 'call-77');
  assert.equal(prop(m, PID_TAG_VOICE_MESSAGE_SENDER_NAME), undefined);
  assert.equal(prop(m, VOXSYNC_MESSAGE_ID), 'msg-0001');
  assert.equal(m.importance, 'Normal');
  assert.equal(m.sensitivity, 'Normal');
  assert.equal(m.attachments?.length, 1);
  const att = m.attachments![0]!;
  assert.ok(att.kind === 'file');
  assert.equal(att.contentType, 'audio/mpeg');
  assert.equal(prop(m, PID_TAG_VOICE_MESSAGE_ATTACHMENT_ORDER), att.name);
  assert.match(att.name!, /\.mp3$/);
  assert.match(m.body!.value, /\+1 555 0100/);
  assert.match(m.body!.value, /0:42/);
});

test('read, urgent, private, caller name and wav format', () => {
  const m = buildVoicemailMessage({
    ...base,
    callerName: 'Ann <Admin> & Co',
    read: true,
    urgent: true,
    private: true,
    audio: { data: new Uint8Array(4), format: 'wav', fileName: 'call.wav' },
  });
  assert.equal(Number(prop(m, PR_MESSAGE_FLAGS)), 1);
  assert.equal(m.importance, 'High');
  assert.equal(m.sensitivity, 'Private');
  assert.equal(m.subject, 'Voice Mail from Ann <Admin> & Co (0:42)');
  assert.equal(prop(m, PID_TAG_VOICE_MESSAGE_SENDER_NAME), 'Ann <Admin> & Co');
  const att = m.attachments![0]!;
  assert.ok(att.kind === 'file');
  assert.equal(att.contentType, 'audio/wav');
  assert.equal(att.name, 'call.wav');
  assert.ok(!m.body!.value.includes('<Admin>'), 'the caller name is HTML-escaped in the body');
});

test('unknown caller and PBX control characters', () => {
  const m = buildVoicemailMessage({ ...base, callerNumber: undefined, callerName: '\u0007\u0000' });
  assert.equal(m.subject, 'Voice Mail from Unknown caller (0:42)');
  assert.equal(prop(m, PID_TAG_SENDER_TELEPHONE_NUMBER), undefined);
});

test('invalid input is refused', () => {
  assert.throws(() => buildVoicemailMessage({ ...base, durationSeconds: -1 }), EwsRequestError);
  assert.throws(() => buildVoicemailMessage({ ...base, voxsyncMessageId: '' }), EwsRequestError);
  assert.throws(() => buildVoicemailMessage({ ...base, receivedAt: new Date('x') }), EwsRequestError);
});

test('CreateItem input saves into the inbox without sending, and the simulator reads it back', () => {
  const input = buildVoicemailCreateItem(base);
  assert.equal(input.messageDisposition, 'SaveOnly');
  assert.deepEqual(input.savedItemFolderId, { distinguished: 'inbox' });
  const parsed = createItem.parseRequest(
    parseRequestEnvelope(buildRequestEnvelope(createItem.buildBody(input), { serverVersion: 'Exchange2016' }))
      .body,
  );
  assert.deepStrictEqual(parsed, input);
  assert.equal(voxsyncMessageIdOf(parsed.items[0]!), 'msg-0001');
});

test('the voxsync id can be found again with an IsEqualTo restriction on the named property', () => {
  const r = voxsyncMessageIdRestriction('msg-0001');
  assert.deepEqual(r, { op: 'IsEqualTo', path: { extended: VOXSYNC_MESSAGE_ID }, value: 'msg-0001' });
  const input = findVoicemailInput('msg-0001');
  const parsed = findItem.parseRequest(
    parseRequestEnvelope(buildRequestEnvelope(findItem.buildBody(input), { serverVersion: 'Exchange2016' }))
      .body,
  );
  assert.deepStrictEqual(parsed.restriction, r);
  assert.deepStrictEqual(parsed.shape.additionalProperties, [{ extended: VOXSYNC_MESSAGE_ID }]);
});
