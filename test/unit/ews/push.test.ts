// The push-notification helpers both ways: SendNotification (server builds, receiver parses) and
// SendNotificationResult (receiver builds, server parses), valid against the EWS schema; hostile bodies
// are refused with typed errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSendNotification,
  buildSendNotificationResult,
  checkPushUrl,
  parseSendNotification,
  parseSendNotificationResult,
} from '../../../src/ews/notifications/push.ts';
import { subscribePush } from '../../../src/ews/operations/subscribe-push.ts';
import { buildRequestEnvelope, parseRequestEnvelope } from '../../../src/ews/soap/envelope.ts';
import { EwsError } from '../../../src/ews/errors.ts';
import type { Notification } from '../../../src/ews/types/notifications.ts';
import { validateEnvelopes } from './helpers/schema.ts';

const ID = { id: 'AAMkAD&<1>=', changeKey: 'CQAAAB==' };
const PARENT = { id: 'AAMkAP=', changeKey: 'AQAAAA==' };
const NOTIFICATIONS: Notification[] = [
  {
    subscriptionId: 'sub-1',
    previousWatermark: 'AAAA',
    moreEvents: true,
    events: [
      {
        type: 'NewMailEvent',
        watermark: 'W1',
        timeStamp: '2026-11-28T10:00:00Z',
        itemId: ID,
        parentFolderId: PARENT,
      },
      {
        type: 'MovedEvent',
        watermark: 'W2',
        timeStamp: '2026-11-28T10:00:01Z',
        itemId: ID,
        parentFolderId: PARENT,
        oldItemId: { id: 'old', changeKey: 'ck' },
        oldParentFolderId: PARENT,
      },
      {
        type: 'ModifiedEvent',
        watermark: 'W3',
        timeStamp: '2026-11-28T10:00:02Z',
        folderId: PARENT,
        parentFolderId: PARENT,
        unreadCount: 3,
      },
    ],
  },
  {
    subscriptionId: 'sub-2',
    previousWatermark: 'W9',
    moreEvents: false,
    events: [{ type: 'StatusEvent', watermark: 'W9' }],
  },
];

const send = buildSendNotification(NOTIFICATIONS);
const ok = buildSendNotificationResult('OK');
const unsubscribe = buildSendNotificationResult('Unsubscribe');

let validity: Map<string, string[]>;
before(async () => {
  validity = await validateEnvelopes({ send, ok, unsubscribe });
});

test('SendNotification and SendNotificationResult envelopes validate against the EWS schema', () => {
  assert.deepEqual(validity.get('send'), []);
  assert.deepEqual(validity.get('ok'), []);
  assert.deepEqual(validity.get('unsubscribe'), []);
});

test('SendNotification: built by the server, read by the receiver as the same notifications', () => {
  const parsed = parseSendNotification(send);
  assert.deepEqual(
    parsed.map((r) => (r.ok ? r.value : r.error)),
    NOTIFICATIONS,
  );
});

test('SendNotificationResult: built by the receiver, read by the server', () => {
  assert.equal(parseSendNotificationResult(ok), 'OK');
  assert.equal(parseSendNotificationResult(unsubscribe), 'Unsubscribe');
  assert.throws(
    () => parseSendNotificationResult(ok.replace('>OK<', '>Maybe<')),
    (e: unknown) => e instanceof EwsError && e.code === 'ews.unexpected_response',
  );
});

test('hostile or foreign bodies are refused with typed errors', () => {
  const bad = [
    '',
    'not xml',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>',
    ok,
    `<a>${'<b>'.repeat(1000)}</a>`,
    'x'.repeat(5 * 1024 * 1024),
  ];
  for (const body of bad)
    assert.throws(
      () => parseSendNotification(body),
      (e: unknown) => e instanceof EwsError,
    );
  assert.throws(
    () => parseSendNotificationResult(send),
    (e: unknown) => e instanceof EwsError,
  );
});

test('push URLs: absolute http(s) only, without credentials', () => {
  assert.equal(checkPushUrl(' https://a.example/push ').href, 'https://a.example/push');
  for (const u of ['ftp://a/', 'file:///x', 'data:,x', 'relative/path', 'https://user:pw@a/']) {
    assert.throws(
      () => checkPushUrl(u),
      (e: unknown) => e instanceof EwsError,
      u,
    );
  }
});

test('push Subscribe request: client build → server parse is the identity', () => {
  const input = {
    folderIds: [{ distinguished: 'inbox' as const }],
    eventTypes: ['NewMailEvent' as const],
    watermark: 'AQ==',
    statusFrequencyMinutes: 7,
    url: 'https://voxsync.example/push',
    callerData: 'tenant 1',
  };
  const env = buildRequestEnvelope(subscribePush.buildBody(input), { serverVersion: 'Exchange2016' });
  assert.deepEqual(subscribePush.parseRequest(parseRequestEnvelope(env).body), input);
});
