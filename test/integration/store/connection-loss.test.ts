// PostgreSQL sessions ended by the server (a restart, pg_terminate_backend, an administrator) must not end
// the voxsync process: the store reports the lost connection and the next query opens a new one. Each store
// here connects with its own application_name so its sessions can be found in pg_stat_activity.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { Store, type DatabaseConnectionLostError } from '../../../src/store/index.ts';
import { EndpointService } from '../../../src/services/configuration.ts';
import { eachDatabase, TEST_PG_URL } from '../../helpers/databases.ts';
import { unique } from '../../helpers/fixtures.ts';

await eachDatabase(
  'PostgreSQL connections ended by the server',
  (t) => {
    let admin: pg.Client;
    before(async () => {
      admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
    });
    after(() => admin.end());

    const database = (): string => new URL(t.options.databaseUrl!).pathname.slice(1);

    function urlFor(app: string): string {
      const u = new URL(t.options.databaseUrl!);
      u.searchParams.set('application_name', app);
      return u.toString();
    }

    async function sessions(app: string, state?: string): Promise<number[]> {
      const r = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2
           AND ($3::text IS NULL OR state = $3) ORDER BY pid`,
        [database(), app, state ?? null],
      );
      return r.rows.map((row) => row.pid);
    }

    /** Terminates the sessions and waits until each has exited; returns how many were ended. */
    async function terminate(pids: readonly number[]): Promise<number> {
      const r = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid, 30000) AS ended FROM unnest($1::int[]) AS pid',
        [pids],
      );
      return r.rows.filter((row) => row.ended).length;
    }

    /** Opens `n` pooled connections by running `n` overlapping queries. */
    async function warm(store: Store, n: number): Promise<void> {
      await Promise.all(Array.from({ length: n }, () => sql`SELECT pg_sleep(0.1)`.execute(store.db)));
    }

    function lostRecorder(): {
      lost: DatabaseConnectionLostError[];
      onConnectionLost: (e: DatabaseConnectionLostError) => void;
      reported: (n: number) => Promise<void>;
    } {
      const lost: DatabaseConnectionLostError[] = [];
      const events = new EventEmitter();
      return {
        lost,
        onConnectionLost: (e) => {
          lost.push(e);
          events.emit('lost');
        },
        reported: async (n) => {
          while (lost.length < n) await once(events, 'lost');
        },
      };
    }

    it('reports idle connections the server terminates, keeps running, and the next query reconnects', async () => {
      const app = unique('vx_idle');
      const rec = lostRecorder();
      const store = await Store.open({
        ...t.options,
        databaseUrl: urlFor(app),
        onConnectionLost: rec.onConnectionLost,
      });
      try {
        await warm(store, 3);
        const idle = await sessions(app, 'idle');
        assert.ok(idle.length >= 2, `expected several idle pooled sessions, found ${idle.length}`);
        assert.equal(await terminate(idle), idle.length);
        await rec.reported(idle.length);
        for (const e of rec.lost) {
          assert.equal(e.code, 'store.connection_lost');
          assert.match(
            e.message,
            /terminating connection due to administrator command|Connection terminated/,
          );
        }
        const name = unique('After restart');
        const created = await new EndpointService(store).create({ name, address: 'ews:mail.example.com' });
        assert.equal((await store.endpoints.get(created.id)).name, name);
        const now = await sessions(app);
        assert.ok(now.length >= 1);
        assert.ok(
          now.every((pid) => !idle.includes(pid)),
          'the store must use new sessions, not the ended ones',
        );
      } finally {
        await store.close();
      }
    });

    it('without a listener, a terminated idle connection is a process warning, not a crash', async () => {
      const app = unique('vx_warn');
      const warnings: Error[] = [];
      const onWarning = (w: Error): void => {
        if ((w as Error & { code?: string }).code === 'store.connection_lost') warnings.push(w);
      };
      process.on('warning', onWarning);
      const store = await Store.open({ ...t.options, databaseUrl: urlFor(app) });
      try {
        await warm(store, 2);
        const idle = await sessions(app, 'idle');
        assert.ok(idle.length >= 1);
        assert.equal(await terminate(idle), idle.length);
        while (warnings.length < idle.length) await once(process, 'warning');
        assert.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db)).rows[0]?.one, 1);
      } finally {
        process.off('warning', onWarning);
        await store.close();
      }
    });

    it('a query whose session is terminated fails on its own; the store keeps working', async () => {
      const app = unique('vx_busy');
      const rec = lostRecorder();
      const store = await Store.open({
        ...t.options,
        databaseUrl: urlFor(app),
        onConnectionLost: rec.onConnectionLost,
      });
      try {
        // Settled at once into a value, so the rejection is never unhandled while the session is looked up.
        const outcome = sql`SELECT pg_sleep(60)`.execute(store.db).then(
          () => 'completed',
          (e: unknown) => e,
        );
        let active: number[] = [];
        for (let tries = 0; active.length === 0 && tries < 500; tries++) {
          await delay(20);
          active = await sessions(app, 'active');
        }
        assert.equal(await terminate(active), 1);
        const err = await outcome;
        assert.ok(err instanceof Error, `the query should fail, got ${String(err)}`);
        assert.equal((err as Error & { code?: string }).code, '57P01'); // admin_shutdown
        assert.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db)).rows[0]?.one, 1);
      } finally {
        await store.close();
      }
    });

    it('close() resolves only once the server has ended every session of the store', async () => {
      const app = unique('vx_close');
      const store = await Store.open({ ...t.options, databaseUrl: urlFor(app) });
      await warm(store, 5);
      assert.ok((await sessions(app)).length >= 2);
      await store.close();
      assert.deepEqual(await sessions(app), []);
    });
  },
  { dialects: ['postgres'] },
);
