// A Notification holding only a StatusEvent is a heartbeat: streaming, push and pull consumers must be
// able to tell it from a change without looking at event types themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readStreamingEnvelope } from '../../../../src/ews/notifications/events.ts';
import { readNotificationStream } from '../../../../src/ews/notifications/stream.ts';
import type { NotificationStreamEvent } from '../../../../src/ews/notifications/stream.ts';
import { parseSendNotification } from '../../../../src/ews/notifications/push.ts';
import { parseXml } from '../../../../src/ews/soap/xml-tree.ts';
import { changeEvents, isKeepAlive } from '../../../../src/ews/types/notifications.ts';
import {
  keepAliveEnvelope,
  moveCopyDeleteEnvelope,
  notificationEnvelope,
  pushHeartbeatRequest,
  statusOnlyEnvelope,
} from './recorded-stream.ts';

test('a streamed Notification holding only a StatusEvent is a keep-alive, not a notification', () => {
  const { events } = readStreamingEnvelope(parseXml(statusOnlyEnvelope));
  assert.deepEqual(events, [{ kind: 'keepAlive', subscriptionId: 'XXXXX=', watermark: 'BBBBB=' }]);
});

test('ConnectionStatus OK alone is still a keep-alive', () => {
  assert.deepEqual(readStreamingEnvelope(parseXml(keepAliveEnvelope)).events, [{ kind: 'keepAlive' }]);
});

test('a Notification with changes stays a notification even when a StatusEvent rides along', () => {
  const { events } = readStreamingEnvelope(parseXml(moveCopyDeleteEnvelope));
  assert.equal(events.length, 1);
  const n = events[0];
  assert.ok(n?.kind === 'notification');
  assert.equal(isKeepAlive(n), false);
  assert.deepEqual(
    changeEvents(n).map((e) => e.type),
    ['MovedEvent', 'CopiedEvent', 'DeletedEvent', 'FreeBusyChangedEvent'],
  );
  const docs = readStreamingEnvelope(parseXml(notificationEnvelope)).events;
  assert.deepEqual(
    docs.map((e) => e.kind),
    ['notification'],
  );
});

test('a stream of heartbeats between two changes yields exactly two notifications', async () => {
  const body = Readable.from(
    [
      notificationEnvelope,
      statusOnlyEnvelope,
      keepAliveEnvelope,
      statusOnlyEnvelope,
      moveCopyDeleteEnvelope,
    ].map((s) => Buffer.from(s)),
  );
  const seen: NotificationStreamEvent[] = [];
  for await (const e of readNotificationStream(body)) seen.push(e);
  assert.deepEqual(
    seen.map((e) => e.kind),
    ['notification', 'keepAlive', 'keepAlive', 'keepAlive', 'notification'],
  );
});

test('the real push heartbeat (SendNotification with a StatusEvent) reads as a keep-alive', () => {
  const [result] = parseSendNotification(pushHeartbeatRequest);
  assert.ok(result?.ok);
  assert.equal(result.value.subscriptionId, 'XXXXX=');
  assert.equal(isKeepAlive(result.value), true);
  assert.deepEqual(changeEvents(result.value), []);
});
