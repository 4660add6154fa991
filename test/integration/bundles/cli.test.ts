import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../../src/cli/context.ts';
import { main } from '../../../src/cli/main.ts';
import { Store } from '../../../src/store/index.ts';
import { syncSetup } from '../../helpers/fixtures.ts';
import { allDayEvent, content, freeEvent, recurringEvent, richContact, voiceWav } from './fixtures.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ctx: CliContext = { stdout, stderr, env: {}, exitCode: 0 };
  const code = await main(['node', 'voxsync', ...args], ctx);
  return { code, out, err };
}

const root = mkdtempSync(join(tmpdir(), 'voxsync-interchange-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');

async function withStore<T>(fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await Store.open({ dataDir: data });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('voxsync deposit / export / import', () => {
  it('--help describes each command', async () => {
    for (const cmd of ['deposit', 'export', 'import']) {
      const r = await run([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.out, /--mailbox <number>/);
    }
    assert.match((await run(['deposit', '--help'])).out, /--from <number>\s+\(required\)/);
  });

  it('deposits a valid WAV (MWI counts change) and refuses a truncated one, storing nothing', async () => {
    const { mailbox } = await withStore((s) => syncSetup(s));
    const wav = join(root, 'ok.wav');
    writeFileSync(wav, voiceWav(1));
    const ok = await run([
      'deposit',
      '--mailbox',
      mailbox.number,
      wav,
      '--from',
      '+15550100',
      '--name',
      'Renée',
      '--urgent',
      '--data',
      data,
    ]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /MWI on: 1 new, 0 old, 1 urgent/);
    const truncated = join(root, 'truncated.wav');
    writeFileSync(truncated, voiceWav(1).subarray(0, 200));
    const bad = await run([
      'deposit',
      '--mailbox',
      mailbox.number,
      truncated,
      '--from',
      '+15550100',
      '--data',
      data,
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /truncated\.wav: .+/);
    await withStore(async (s) => {
      const messages = await s.messages.list(mailbox.id);
      assert.equal(messages.length, 1);
      assert.deepEqual([messages[0]?.callerName, messages[0]?.urgent], ['Renée', true]);
      assert.equal((await s.mwi.get(mailbox.id)).newCount, 1);
    });
    const usage = await run(['deposit', '--mailbox', 'abc', wav, '--from', '1', '--data', data]);
    assert.equal(usage.code, 2);
  });

  it('exports a mailbox to files and imports them into another, twice without duplicates', async () => {
    const { source, target } = await withStore(async (s) => {
      const a = await syncSetup(s);
      const b = await syncSetup(s);
      await s.contacts.create(a.mailbox.id, richContact);
      for (const e of [recurringEvent, allDayEvent, freeEvent]) await s.calendar.create(a.mailbox.id, e);
      return { source: a.mailbox, target: b.mailbox };
    });
    const wav = join(root, 'm.wav');
    writeFileSync(wav, voiceWav(2));
    assert.equal(
      (await run(['deposit', '--mailbox', source.number, wav, '--from', '555', '--data', data])).code,
      0,
    );
    const out = join(root, 'export');
    const exp = await run(['export', '--mailbox', source.number, '--out', out, '--data', data]);
    assert.equal(exp.code, 0, exp.err);
    assert.deepEqual(readdirSync(out).sort(), ['calendar.ics', 'contacts.vcf', 'messages']);
    // A modified occurrence is a VEVENT of its own: the recurring event adds one or more.
    const vevents = readFileSync(join(out, 'calendar.ics'), 'utf8').match(/^BEGIN:VEVENT/gm)?.length ?? 0;
    assert.ok(vevents >= 3);
    assert.match(
      exp.out,
      new RegExp(`1 contact\\(s\\), ${vevents} calendar event\\(s\\), 1 voice message\\(s\\)`),
    );
    const index = JSON.parse(readFileSync(join(out, 'messages', 'index.json'), 'utf8')) as {
      messages: { file: string }[];
    };
    assert.equal(index.messages.length, 1);
    assert.deepEqual(readFileSync(join(out, 'messages', index.messages[0]?.file ?? '')), readFileSync(wav));
    for (let i = 0; i < 2; i++) {
      const imp = await run(['import', '--mailbox', target.number, '--in', out, '--data', data]);
      assert.equal(imp.code, 0, imp.err);
    }
    await withStore(async (s) => {
      const strip = <T extends { id: string; mailboxId: string; createdAt: string; updatedAt: string }>(
        xs: T[],
      ) => xs.map(content);
      assert.deepEqual(strip(await s.contacts.list(target.id)), strip(await s.contacts.list(source.id)));
      assert.deepEqual(strip(await s.calendar.list(target.id)), strip(await s.calendar.list(source.id)));
      assert.equal((await s.messages.list(target.id)).length, 1);
      assert.equal((await s.mwi.get(target.id)).newCount, 1);
    });
  });

  it('imports a vCard 3.0 file from another program, and refuses a malformed one naming the line', async () => {
    const { mailbox } = await withStore((s) => syncSetup(s));
    const dir = join(root, 'foreign');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const v3 = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
      'N:Doe;John;Q.;;',
      'FN:John Doe',
      'ORG:Acme Inc.;Sales',
      'TITLE:Représentant',
      'EMAIL;type=INTERNET;type=WORK;type=pref:john@acme.example',
      'EMAIL;type=INTERNET;type=HOME:jd@home.example',
      'TEL;type=CELL;type=VOICE;type=pref:+1 555 0101',
      'TEL;type=WORK;type=VOICE:+1 555 0102',
      'TEL;type=WORK;type=FAX:+1 555 0103',
      'item1.ADR;type=WORK;type=pref:;;1 Main St;Springfield;IL;62701;USA',
      'NOTE:Met at the fair\\, 2025',
      'UID:ABCDEF-1234',
      'END:VCARD',
      '',
    ].join('\r\n');
    writeFileSync(join(dir, 'contacts.vcf'), v3);
    for (let i = 0; i < 2; i++) {
      const r = await run(['import', '--mailbox', mailbox.number, '--in', dir, '--data', data]);
      assert.equal(r.code, 0, r.err);
    }
    await withStore(async (s) => {
      const list = await s.contacts.list(mailbox.id);
      assert.equal(list.length, 1);
      const c = list[0];
      assert.deepEqual(
        [
          c?.givenName,
          c?.middleName,
          c?.surname,
          c?.company,
          c?.department,
          c?.jobTitle,
          c?.displayName,
          c?.notes,
        ],
        ['John', 'Q.', 'Doe', 'Acme Inc.', 'Sales', 'Représentant', null, 'Met at the fair, 2025'],
      );
      assert.deepEqual(
        c?.emails.map((e) => e.address),
        ['john@acme.example', 'jd@home.example'],
      );
      assert.deepEqual(c?.phones, [
        { kind: 'mobile', number: '+1 555 0101' },
        { kind: 'business', number: '+1 555 0102' },
        { kind: 'businessFax', number: '+1 555 0103' },
      ]);
      assert.equal(c?.addresses[0]?.kind, 'business');
      assert.equal(c?.addresses[0]?.city, 'Springfield');
    });
    writeFileSync(join(dir, 'contacts.vcf'), v3.replace('TITLE:Représentant', 'TITLE Représentant') + v3);
    const bad = await run(['import', '--mailbox', mailbox.number, '--in', dir, '--data', data]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /contacts\.vcf, line 7: "TITLE Représentant" is not a content line/);
  });

  it('import refuses a symbolic link leading out of --in, and reads nothing through it', async () => {
    const { mailbox } = await withStore((s) => syncSetup(s));
    const dir = join(root, 'linked');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const secret = join(root, 'outside.vcf');
    writeFileSync(secret, 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Outside\r\nUID:outside\r\nEND:VCARD\r\n');
    symlinkSync(secret, join(dir, 'contacts.vcf'));
    const r = await run(['import', '--mailbox', mailbox.number, '--in', dir, '--data', data]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.err, /contacts\.vcf is a symbolic link leading out of/);
    assert.equal((await withStore((s) => s.contacts.list(mailbox.id))).length, 0);
    // A link that stays inside the directory is read.
    rmSync(join(dir, 'contacts.vcf'));
    writeFileSync(join(dir, 'real.vcf'), readFileSync(secret));
    symlinkSync(join(dir, 'real.vcf'), join(dir, 'contacts.vcf'));
    const ok = await run(['import', '--mailbox', mailbox.number, '--in', dir, '--data', data]);
    assert.equal(ok.code, 0, ok.err);
  });
});
