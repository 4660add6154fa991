/**
 * bench:store — deposits per second with a 60-second voice message, and the cost of MWI
 * recomputation at 10,000 mailboxes, on SQLite and PostgreSQL. Writes its table into
 * docs/benchmarks.md between <!-- bench:store --> markers.
 *
 *   npm run bench:store            (PostgreSQL from VOXSYNC_BENCH_PG_URL / VOXSYNC_TEST_PG_URL)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Insertable } from 'kysely';
import type { MailboxesTable, MessagesTable } from '../src/store/schema.ts';
import { Store, type DialectName } from '../src/store/index.ts';
import { depositMessage } from '../src/services/messages.ts';
import { FeatureGroupService } from '../src/services/configuration.ts';
import { MailboxService } from '../src/services/mailboxes.ts';
import type { AudioInfo } from '../src/domain/index.ts';

const PG_URL =
  process.env.VOXSYNC_BENCH_PG_URL ??
  process.env.VOXSYNC_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const DEPOSITS = Number(process.env.VOXSYNC_BENCH_DEPOSITS ?? 200);
const MAILBOXES = 10_000;
const MESSAGES_PER_MAILBOX = 5;
const SINGLE_RECOMPUTES = 2000;

/** 60 s of 8 kHz 16-bit mono PCM in a WAV container: a 440 Hz tone with a little noise. */
function sixtySecondWav(): { bytes: Buffer; info: AudioInfo } {
  const rate = 8000;
  const samples = rate * 60;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const v = Math.sin((2 * Math.PI * 440 * i) / rate) * 8000 + (Math.random() - 0.5) * 600;
    buf.writeInt16LE(Math.round(v), 44 + i * 2);
  }
  return { bytes: buf, info: { format: 'wav-pcm', sampleRate: rate, channels: 1, durationMs: 60_000 } };
}

interface Row {
  dialect: DialectName;
  depositsPerSec: number;
  depositMiBPerSec: number;
  depositP50Ms: number;
  recomputeOneMs: number;
  recomputeAllMs: number;
  messages: number;
}

async function openTarget(dialect: DialectName): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxsync-bench-'));
  let drop = async () => {};
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const name = `voxsync_bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }
  const store = await Store.open({ dataDir, databaseUrl });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function benchDeposits(store: Store, wav: ReturnType<typeof sixtySecondWav>) {
  const group = await new FeatureGroupService(store).create({ name: 'bench' });
  const boxes = [];
  for (let i = 0; i < 20; i++) {
    boxes.push(
      await new MailboxService(store).create({
        number: String(90000 + i),
        displayName: `Bench ${i}`,
        featureGroupId: group.id,
      }),
    );
  }
  // Warm-up (JIT, connection pool, page cache).
  for (let i = 0; i < 5; i++) await depositMessage(store, boxes[0]!.id, { callerNumber: '100' }, wav);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < DEPOSITS; i++) {
    const t0 = performance.now();
    await depositMessage(
      store,
      boxes[i % boxes.length]!.id,
      { callerNumber: '+15550100', urgent: i % 7 === 0 },
      wav,
    );
    times.push(performance.now() - t0);
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return {
    depositsPerSec: DEPOSITS / seconds,
    depositMiBPerSec: (DEPOSITS * wav.bytes.length) / 1048576 / seconds,
    depositP50Ms: times[Math.floor(times.length / 2)]!,
    groupId: group.id,
  };
}

/** 10,000 mailboxes with 5 messages each, inserted in bulk (setup, not measured). */
async function populate(store: Store, groupId: string): Promise<string[]> {
  const now = new Date().toISOString();
  const ids: string[] = [];
  const chunk = 500;
  for (let base = 0; base < MAILBOXES; base += chunk) {
    const mailboxes: Insertable<MailboxesTable>[] = [];
    const messages: Insertable<MessagesTable>[] = [];
    for (let i = base; i < Math.min(base + chunk, MAILBOXES); i++) {
      const id = randomUUID();
      ids.push(id);
      mailboxes.push({
        id,
        number: String(100000 + i),
        display_name: `User ${i}`,
        license: 'messaging',
        feature_group_id: groupId,
        use_feature_group_settings: 1,
        exchange_user_name: null,
        exchange_password_enc: null,
        exchange_address: null,
        exchange_address_key: null,
        storage_mode: 'local',
        pin_hash: null,
        uc_location: null,
        demo: 0,
        created_at: now,
        updated_at: now,
      });
      for (let k = 0; k < MESSAGES_PER_MAILBOX; k++) {
        messages.push({
          id: randomUUID(),
          mailbox_id: id,
          caller_number: '100',
          caller_name: null,
          urgent: k === 0 ? 1 : 0,
          private: 0,
          received_at: now,
          duration_ms: 60000,
          audio_format: 'wav-pcm',
          audio_sample_rate: 8000,
          audio_channels: 1,
          audio_size: 960044,
          read: k % 2,
          deleted_at: k === 4 ? now : null,
          created_at: now,
          updated_at: now,
        });
      }
    }
    await store.transaction(async ({ db }) => {
      await db.insertInto('mailboxes').values(mailboxes).execute();
      for (let j = 0; j < messages.length; j += 250)
        await db
          .insertInto('messages')
          .values(messages.slice(j, j + 250))
          .execute();
    });
  }
  return ids;
}

async function benchMwi(store: Store, groupId: string) {
  const ids = await populate(store, groupId);
  for (let i = 0; i < 50; i++) await store.mwi.recompute(ids[i]!);
  const t0 = performance.now();
  for (let i = 0; i < SINGLE_RECOMPUTES; i++) await store.mwi.recompute(ids[(i * 4999) % ids.length]!);
  const recomputeOneMs = (performance.now() - t0) / SINGLE_RECOMPUTES;
  await store.db.deleteFrom('mwi_state').execute();
  const t1 = performance.now();
  const n = await store.mwi.recomputeAll();
  const recomputeAllMs = performance.now() - t1;
  // Sanity: the bulk recomputation agrees with the per-mailbox one (unread = k 0 and 2, read = k 1 and 3).
  const s = await store.mwi.get(ids[123]!);
  if (n < MAILBOXES || s.newCount !== 2 || s.oldCount !== 2 || s.urgentCount !== 1) {
    throw new Error(`MWI sanity check failed: ${n} mailboxes, ${JSON.stringify(s)}`);
  }
  const messages = Number(
    (
      await store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { recomputeOneMs, recomputeAllMs, messages };
}

async function pgReachable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function run(dialect: DialectName, wav: ReturnType<typeof sixtySecondWav>): Promise<Row> {
  const { store, cleanup } = await openTarget(dialect);
  try {
    process.stdout.write(`${dialect}: ${DEPOSITS} deposits of 60 s audio...\n`);
    const d = await benchDeposits(store, wav);
    process.stdout.write(`${dialect}: MWI at ${MAILBOXES} mailboxes...\n`);
    const m = await benchMwi(store, d.groupId);
    return { dialect, ...d, ...m };
  } finally {
    await cleanup();
  }
}

function section(rows: Row[], skipped: string | null): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  const lines = [
    '<!-- bench:store -->',
    '## Store (`npm run bench:store`)',
    '',
    `Run ${new Date().toISOString()} on Node ${process.version}, ${cpus()[0]?.model.trim() ?? 'unknown CPU'} x${cpus().length}.`,
    `Deposit = the deposit use case (\`depositMessage\`): one transaction storing metadata + a 60 s, 8 kHz, 16-bit mono WAV (${(sixtySecondWavSize / 1024).toFixed(0)} KiB) + MWI recomputation + its change-feed records (append lock and NOTIFY on PostgreSQL), sequential, ${DEPOSITS} deposits after 5 warm-up.`,
    `MWI: ${MAILBOXES.toLocaleString('en-US')} mailboxes x ${MESSAGES_PER_MAILBOX} messages (bulk-inserted); "one" = \`mwi.recompute(mailbox)\` averaged over ${SINGLE_RECOMPUTES} calls (count + compare + upsert), "all" = \`mwi.recomputeAll()\` (one INSERT ... SELECT ... ON CONFLICT over every mailbox).`,
    'SQLite: file in a temporary directory, WAL. PostgreSQL 15 on the same machine, default settings.',
    `1-minute load average when the run started: ${startLoad.toFixed(1)} on ${cpus().length} cores (a load above the core count means other work competed with the run; read the numbers as lower bounds).`,
    '',
    '| database | deposits/s | MiB/s | deposit p50 ms | MWI one mailbox ms | MWI all 10,000 mailboxes ms |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.dialect} | ${f(r.depositsPerSec)} | ${f(r.depositMiBPerSec)} | ${f(r.depositP50Ms, 2)} | ${f(r.recomputeOneMs, 3)} | ${f(r.recomputeAllMs, 0)} |`,
    ),
  ];
  if (skipped) lines.push('', `PostgreSQL not measured: ${skipped}`);
  lines.push('<!-- /bench:store -->');
  return lines.join('\n');
}

let sixtySecondWavSize = 0;

function writeSection(text: string): void {
  const path = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const re = /<!-- bench:store -->[\s\S]*?<!-- \/bench:store -->/;
  const next = re.test(current) ? current.replace(re, text) : `${current.trimEnd()}\n\n${text}\n`;
  writeFileSync(path, next);
}

const startLoad = loadavg()[0] ?? 0;
const wav = sixtySecondWav();
sixtySecondWavSize = wav.bytes.length;
const rows: Row[] = [await run('sqlite', wav)];
const pgProblem = await pgReachable();
if (pgProblem === null) rows.push(await run('postgres', wav));
else process.stdout.write(`postgres skipped: ${pgProblem}\n`);
const text = section(rows, pgProblem === null ? null : `unreachable at ${PG_URL} (${pgProblem})`);
process.stdout.write(`${text}\n`);
writeSection(text);
