// SSE reconnection over real HTTP: a client coming back with Last-Event-ID gets what it missed, read
// from the change table (on whichever server shares the database), or an explicit `reset` when that can
// no longer be replayed.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachDatabase } from '../../helpers/databases.ts';
import { openEventStream } from './sse-client.ts';
import { depositForm, makeWav, startApi, type ApiHarness, type Session, withId } from './harness.ts';

/** The shared EventSource-like reader, addressed by harness and session. */
function openStream(api: ApiHarness, auth: { session?: Session; token?: string }, lastEventId?: string) {
  return openEventStream(
    api.baseUrl,
    {
      ...(auth.session ? { cookie: auth.session.cookie } : {}),
      ...(auth.token ? { token: auth.token } : {}),
    },
    lastEventId,
  );
}

await eachDatabase('events: SSE Last-Event-ID replay', (db) => {
  let api: ApiHarness;
  let other: ApiHarness;
  let t: string;
  let a: string;
  let b: string;
  const deposit = async (harness: ApiHarness, mailboxId: string) => {
    const res = await harness.request('POST', `/api/v1/mailboxes/${mailboxId}/messages`, {
      token: harness.adminToken,
      form: depositForm(makeWav(0.1)),
    });
    assert.equal(res.status, 201, res.text);
    return res.jsonAs(withId).id;
  };
  before(async () => {
    api = await startApi(db.store);
    // A second server over the same database: what one records, the other replays.
    other = await startApi(db.store);
    t = api.adminToken;
    const fg = await api.request('POST', '/api/v1/feature-groups', { token: t, json: { name: 'Replay FG' } });
    const mk = async (number: string) =>
      (
        await api.request('POST', '/api/v1/mailboxes', {
          token: t,
          json: { number, displayName: number, featureGroupId: fg.jsonAs(withId).id, pin: '8642' },
        })
      ).jsonAs(withId).id;
    a = await mk('7101');
    b = await mk('7102');
  });
  after(async () => {
    await other.close();
    await api.close();
  });

  it("replays a user's own missed events in order, then continues live", async () => {
    const user = await api.mailboxLogin('7101', '8642');
    const first = await openStream(api, { session: user });
    await deposit(api, a);
    const seen = await first.take(2);
    first.close();
    const lastId = seen[1]?.id;
    assert.match(lastId ?? '', /^\d+$/, JSON.stringify(seen));

    // Recorded while the client is away: two for A, one pair for B it must never see.
    const missed = await deposit(api, a);
    await deposit(api, b);

    const again = await openStream(api, { session: user }, lastId);
    try {
      const replayed = await again.take(2);
      assert.deepEqual(
        replayed.map((e) => [e.event, e.data.mailboxId]),
        [
          ['message.created', a],
          ['mwi.changed', a],
        ],
      );
      assert.equal(replayed[0]?.data.messageId, missed);
      assert.deepEqual(replayed[1]?.data.mwi, { on: true, newCount: 2, oldCount: 0, urgentCount: 0 });
      const ids = [lastId, ...replayed.map((e) => e.id ?? '')].map(Number);
      assert.ok(ids[0]! < ids[1]! && ids[1]! < ids[2]!, `ids increase: ${ids.join()}`);

      const live = await deposit(api, a);
      const [, , created] = await again.take(3);
      assert.equal(created?.event, 'message.created');
      assert.equal(created?.data.messageId, live);
      assert.ok(
        again.events.every((e) => e.data.mailboxId === a),
        JSON.stringify(again.events),
      );
    } finally {
      again.close();
    }
  });

  it('an administrator gets every mailbox’s missed events, also from another server on the database', async () => {
    const first = await openStream(api, { token: t });
    await deposit(api, a);
    const [, mwi] = await first.take(2);
    first.close();
    await deposit(api, b);
    await deposit(api, a);
    const again = await openStream(other, { token: other.adminToken }, mwi?.id);
    try {
      const replayed = await again.take(4);
      assert.deepEqual(
        replayed.map((e) => e.data.mailboxId),
        [b, b, a, a],
      );
    } finally {
      again.close();
    }
  });

  it('an id that is not one of ours is answered with reset, then live events flow', async () => {
    for (const foreign of ['0123456789ab-5', 'not an id', '999999999999']) {
      const stream = await openStream(api, { token: t }, foreign);
      try {
        const [reset] = await stream.take(1);
        assert.equal(reset?.event, 'reset', foreign);
        assert.equal(reset?.data.reason, 'unknown_id');
        assert.match(String(reset?.data.message), /fetch the current state/);
        assert.match(reset?.id ?? '', /^\d+$/, 'a reset carries the id where the refetched client stands');
        const id = await deposit(api, b);
        const [, created] = await stream.take(2);
        assert.equal(created?.data.messageId, id);
      } finally {
        stream.close();
      }
    }
  });

  it('missed events older than the retention are answered with reset (too_old)', async () => {
    const user = await api.mailboxLogin('7101', '8642');
    const first = await openStream(api, { session: user });
    await deposit(api, a);
    await deposit(api, a);
    const [, mwi] = await first.take(4);
    first.close();
    // Everything recorded so far falls out of the retention.
    assert.ok((await db.store.changes.prune(new Date(Date.now() + 60_000))) > 0);
    const again = await openStream(api, { session: user }, mwi?.id);
    try {
      const [reset] = await again.take(1);
      assert.equal(reset?.event, 'reset');
      assert.equal(reset?.data.reason, 'too_old');
      // Reconnecting from the reset's id after refetching replays nothing and resets nothing.
      const resumed = await openStream(api, { session: user }, reset?.id);
      try {
        const id = await deposit(api, a);
        const [created] = await resumed.take(1);
        assert.equal(created?.event, 'message.created');
        assert.equal(created?.data.messageId, id);
      } finally {
        resumed.close();
      }
    } finally {
      again.close();
    }
  });
});
