import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { EnvelopeSplitter } from '../../../../src/ews/notifications/envelope-splitter.ts';
import { readStreamingEnvelope } from '../../../../src/ews/notifications/events.ts';
import type { StreamingEvent } from '../../../../src/ews/notifications/events.ts';
import { readNotificationStream } from '../../../../src/ews/notifications/stream.ts';
import type { NotificationStreamEvent } from '../../../../src/ews/notifications/stream.ts';
import { XmlParseError, XmlSecurityError } from '../../../../src/ews/errors.ts';
import { recordedStream } from './recorded-stream.ts';

function parseChunks(chunks: readonly Uint8Array[]): StreamingEvent[] {
  const events: StreamingEvent[] = [];
  const s = new EnvelopeSplitter((root) => events.push(...readStreamingEnvelope(root).events));
  for (const c of chunks) s.write(c);
  s.end();
  return events;
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

test('the recorded stream yields the expected typed events in order', () => {
  const events = parseChunks([recordedStream]);
  assert.deepEqual(
    events.map((e) => e.kind),
    [
      'notification',
      'keepAlive',
      'notification',
      'subscriptionError',
      'keepAlive',
      'subscriptionError',
      'closed',
      'closed',
    ],
  );
  const first = events[0];
  assert.ok(first?.kind === 'notification');
  assert.equal(
    first.subscriptionId,
    'JgBibjFwcjAzbWIyMDIubmFtcHJkMDMucHJvZC5vdXRsb29rLmNvbRAAAADwXxVesOnHS5BxUHKwAW88SHjwd1iB0Ag=',
  );
  assert.deepEqual(
    first.events.map((e) => e.type),
    ['CreatedEvent', 'NewMailEvent', 'ModifiedEvent'],
  );
  assert.equal(first.events[0]?.timeStamp, '2013-09-16T04:31:29Z');
  assert.equal(first.events[0]?.itemId?.changeKey, 'CQAAAA==');
  assert.equal(first.events[2]?.unreadCount, 1);
  assert.ok(first.events[2]?.folderId?.id.startsWith('AQMkADkzNjJj'));
  const moves = events[2];
  assert.ok(moves?.kind === 'notification');
  assert.equal(moves.subscriptionId, 'sub-ü-😀');
  assert.deepEqual(moves.events[0], {
    type: 'MovedEvent',
    watermark: 'AQAAAA==',
    timeStamp: '2026-11-28T10:00:00Z',
    itemId: { id: 'new-€', changeKey: 'CK1' },
    parentFolderId: { id: 'deleteditems' },
    oldItemId: { id: 'old-€', changeKey: 'CK0' },
    oldParentFolderId: { id: 'inbox' },
  });
  assert.deepEqual(
    moves.events.map((e) => e.type),
    ['MovedEvent', 'CopiedEvent', 'DeletedEvent', 'FreeBusyChangedEvent', 'StatusEvent'],
  );
  assert.deepEqual(events[3], {
    kind: 'subscriptionError',
    responseCode: 'ErrorSubscriptionNotFound',
    rawResponseCode: 'ErrorSubscriptionNotFound',
    messageText: 'The specified subscription was not found.',
    subscriptionIds: ['sub-gone-1', 'sub-gone-2'],
  });
  assert.equal(events[5]?.kind === 'subscriptionError' && events[5].responseCode, 'ErrorInvalidSubscription');
});

test('property: any split of the byte stream yields exactly the same events', () => {
  const whole = parseChunks([recordedStream]);
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cuts) => {
      assert.deepEqual(parseChunks(splitAt(recordedStream, cuts)), whole);
    }),
    { numRuns: 300 },
  );
  // Byte by byte: every UTF-8 sequence and every tag is split somewhere.
  assert.deepEqual(parseChunks([...recordedStream].map((b) => Uint8Array.of(b))), whole);
});

test('hostile envelopes are refused: DOCTYPE, entity bomb, depth, size', () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&lol2;</s:Body></s:Envelope>`;
  assert.throws(
    () => parseChunks([Buffer.from(bomb)]),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_doctype_forbidden',
  );
  const undeclared = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&xxe;</s:Body></s:Envelope>`;
  assert.throws(() => parseChunks([Buffer.from(undeclared)]), XmlParseError);
  const deep = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">${'<a>'.repeat(300)}`;
  assert.throws(
    () => parseChunks([Buffer.from(deep)]),
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_too_deep',
  );
  const s = new EnvelopeSplitter(() => undefined, { maxEnvelopeChars: 1024 });
  s.write('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>');
  assert.throws(
    () => {
      for (let i = 0; i < 100; i++) s.write('x'.repeat(100));
    },
    (e: unknown) => e instanceof XmlSecurityError && e.code === 'ews.xml_too_large',
  );
  assert.throws(() => parseChunks([Buffer.from('garbage<x/>')]), XmlParseError);
  assert.throws(() => parseChunks([recordedStream.subarray(0, 500)]), /ended inside an envelope/);
});

async function collect(it: AsyncIterable<NotificationStreamEvent>): Promise<NotificationStreamEvent[]> {
  const out: NotificationStreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test('readNotificationStream yields events from a live body and ends with it', async () => {
  const body = Readable.from(splitAt(recordedStream, [100, 2000, 2001, 4000]));
  const events = await collect(readNotificationStream(body, { keepAliveMs: 10_000 }));
  assert.deepEqual(events, parseChunks([recordedStream]));
});

test('silence past twice the keep-alive interval reports a dead connection', async () => {
  const body = new Readable({ read() {} });
  body.push(recordedStream.subarray(0, recordedStream.indexOf('</s:Envelope>') + '</s:Envelope>'.length));
  // ...then nothing: the server died without closing the socket.
  const events = await collect(readNotificationStream(body, { keepAliveMs: 40 }));
  assert.equal(events[0]?.kind, 'notification');
  const last = events[events.length - 1];
  assert.ok(last?.kind === 'connectionLost');
  assert.ok(last.silentMs > 0);
  assert.ok(body.destroyed);
});

test('a keep-alive within the interval keeps the connection alive', async () => {
  const body = new Readable({ read() {} });
  const keepAlive = parseChunks([recordedStream]).length; // sanity: fixture is non-empty
  assert.ok(keepAlive > 0);
  const env = recordedStream.toString('utf8');
  const ka = env.slice(
    env.indexOf('<?xml version="1.0" encoding="utf-8"?><soap:Envelope'),
    env.indexOf('</soap:Envelope>') + 16,
  );
  let sent = 0;
  const timer = setInterval(() => {
    if (sent++ < 5) body.push(ka);
    else {
      clearInterval(timer);
      body.push(null);
    }
  }, 30);
  const events = await collect(readNotificationStream(body, { keepAliveMs: 500 }));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['keepAlive', 'keepAlive', 'keepAlive', 'keepAlive', 'keepAlive'],
  );
});
