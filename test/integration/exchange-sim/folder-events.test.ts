// Beside an item's event, Exchange reports the folder whose contents changed: a ModifiedEvent naming the
// folder (FolderId, its ParentFolderId) with the folder's new UnreadCount. Clients (exchangelib's and
// Outlook's unread badges) read the count from it. Checked for pull, streaming and push subscriptions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EwsClient } from '../../../src/ews/client.ts';
import { createItem } from '../../../src/ews/operations/create-item.ts';
import { getFolder } from '../../../src/ews/operations/get-folder.ts';
import { getEvents } from '../../../src/ews/operations/get-events.ts';
import { subscribe } from '../../../src/ews/operations/subscribe.ts';
import { subscribePush } from '../../../src/ews/operations/subscribe-push.ts';
import { unsubscribe } from '../../../src/ews/operations/unsubscribe.ts';
import { updateItem } from '../../../src/ews/operations/update-item.ts';
import { buildSendNotificationResult, parseSendNotification } from '../../../src/ews/notifications/push.ts';
import type { NotificationEvent } from '../../../src/ews/types/notifications.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import { startSim } from './helpers.ts';
import { clientFor, ok, setFields } from './client-helpers.ts';

const AS_ALICE = { impersonate: 'alice@contoso.test' };
let sim: ExchangeSim;
let client: EwsClient;
let inboxId: string;
let rootId: string;

before(async () => {
  sim = await startSim({ streamingKeepAliveMs: 200, streamingMinuteMs: 3000, pushMinuteMs: 200 });
  client = clientFor(sim);
  const folders = await client.call(
    getFolder,
    {
      folderIds: [{ distinguished: 'inbox' }, { distinguished: 'msgfolderroot' }],
      shape: { baseShape: 'IdOnly' },
    },
    AS_ALICE,
  );
  inboxId = ok([folders[0]!]).folderId!.id;
  rootId = ok([folders[1]!]).folderId!.id;
});
after(async () => {
  await client.close();
  await sim.close();
});

async function unreadMail(subject: string): Promise<string> {
  const r = await client.call(
    createItem,
    {
      items: [{ kind: 'Message', subject, isRead: false }],
      savedItemFolderId: { distinguished: 'inbox' },
      messageDisposition: 'SaveOnly',
    },
    AS_ALICE,
  );
  return ok(r).itemId!.id;
}

/** The inbox's ModifiedEvents among `events`, as [unreadCount] in order. */
function inboxCounts(events: readonly NotificationEvent[]): (number | undefined)[] {
  return events
    .filter((e) => e.type === 'ModifiedEvent' && e.folderId?.id === inboxId)
    .map((e) => {
      assert.equal(e.parentFolderId?.id, rootId, 'the folder event names the folder its parent');
      assert.equal(e.itemId, undefined);
      return e.unreadCount;
    });
}

test('pull: a new unread item, then marking it read, each come with the inbox ModifiedEvent and its UnreadCount', async () => {
  const [sub] = await client.call(
    subscribe,
    {
      kind: 'pull',
      folderIds: [{ distinguished: 'inbox' }],
      eventTypes: ['CreatedEvent', 'ModifiedEvent'],
      timeoutMinutes: 5,
    },
    AS_ALICE,
  );
  assert.ok(sub?.ok);
  const { subscriptionId } = sub.value;
  const id = await unreadMail('counted');
  const [r1] = await client.call(getEvents, { subscriptionId, watermark: sub.value.watermark! }, AS_ALICE);
  assert.ok(r1?.ok);
  const created = r1.value.events;
  assert.deepEqual(
    created.map((e) => [e.type, e.itemId ? 'item' : 'folder']),
    [
      ['CreatedEvent', 'item'],
      ['ModifiedEvent', 'folder'],
    ],
  );
  const unreadAfterCreate = inboxCounts(created)[0]!;
  assert.ok(unreadAfterCreate >= 1);

  const [u] = await client.call(
    updateItem,
    setFields({ id }, [['message:IsRead', { kind: 'Message', isRead: true }]]),
    AS_ALICE,
  );
  assert.ok(u?.ok);
  const [r2] = await client.call(
    getEvents,
    { subscriptionId, watermark: created[created.length - 1]!.watermark! },
    AS_ALICE,
  );
  assert.ok(r2?.ok);
  assert.deepEqual(
    r2.value.events.map((e) => [e.type, e.itemId ? 'item' : 'folder']),
    [
      ['ModifiedEvent', 'item'],
      ['ModifiedEvent', 'folder'],
    ],
  );
  assert.deepEqual(inboxCounts(r2.value.events), [unreadAfterCreate - 1]);
  await client.call(unsubscribe, { subscriptionId }, AS_ALICE);
});

test('streaming: the inbox ModifiedEvent with UnreadCount follows the CreatedEvent', async () => {
  const [sub] = await client.call(
    subscribe,
    {
      kind: 'streaming',
      folderIds: [{ distinguished: 'inbox' }],
      eventTypes: ['CreatedEvent', 'ModifiedEvent'],
    },
    AS_ALICE,
  );
  assert.ok(sub?.ok);
  const subscriptionId = sub.value.subscriptionId;
  const seen: NotificationEvent[] = [];
  let created = false;
  for await (const e of client.streamEvents(
    { subscriptionIds: [subscriptionId], connectionTimeoutMinutes: 1 },
    {
      ...AS_ALICE,
      keepAliveMs: 1000,
    },
  )) {
    // The first keep-alive says the connection is up: create the item then.
    if (e.kind === 'keepAlive' && !created) {
      created = true;
      await unreadMail('streamed');
    }
    if (e.kind === 'notification') seen.push(...e.events);
    if (inboxCounts(seen).length > 0 || e.kind === 'closed') break;
  }
  assert.deepEqual(
    seen.map((e) => e.type),
    ['CreatedEvent', 'ModifiedEvent'],
  );
  assert.ok((inboxCounts(seen)[0] ?? 0) >= 1);
  await client.call(unsubscribe, { subscriptionId }, AS_ALICE);
});

test('push: the SendNotification carries the inbox ModifiedEvent with UnreadCount', async () => {
  const events: NotificationEvent[] = [];
  let wake: () => void = () => {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      for (const r of parseSendNotification(Buffer.concat(chunks))) if (r.ok) events.push(...r.value.events);
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(buildSendNotificationResult('OK'));
      wake();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ews-events`;
    const [sub] = await client.call(
      subscribePush,
      {
        folderIds: [{ distinguished: 'inbox' }],
        eventTypes: ['CreatedEvent', 'ModifiedEvent'],
        statusFrequencyMinutes: 5,
        url,
      },
      AS_ALICE,
    );
    assert.ok(sub?.ok);
    await unreadMail('pushed');
    while (inboxCounts(events).length === 0) await new Promise<void>((r) => (wake = r));
    assert.deepEqual(
      events.filter((e) => e.type !== 'StatusEvent').map((e) => e.type),
      ['CreatedEvent', 'ModifiedEvent'],
    );
    assert.ok((inboxCounts(events)[0] ?? 0) >= 1);
    await client.call(unsubscribe, { subscriptionId: sub.value.subscriptionId }, AS_ALICE);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
