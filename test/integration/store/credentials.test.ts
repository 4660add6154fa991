import { it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { sql } from 'kysely';
import { KEY_FILE_NAME, SecretError } from '../../../src/secrets/index.ts';
import { Store } from '../../../src/store/index.ts';
import { MailboxService } from '../../../src/services/mailboxes.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { SERVICE_PASSWORD, syncSetup, uniqueNumber } from '../../helpers/fixtures.ts';

const OWN_PASSWORD = 'Own-Exch4nge-Secret';
const PIN = '739164';

/** Every text cell of every row of a table, as the database returns it. */
async function rawCells(store: Store, table: string): Promise<string> {
  const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(store.db);
  return JSON.stringify(rows.rows);
}

await eachDatabase('credentials at rest', (t) => {
  it('creates the key file with mode 0600 under the data directory', () => {
    assert.equal(statSync(join(t.dataDir, KEY_FILE_NAME)).mode & 0o777, 0o600);
  });

  it('never stores a password or PIN in plain text, and never returns one', async () => {
    const { group } = await syncSetup(t.store);
    const m = await new MailboxService(t.store).create({
      number: uniqueNumber(),
      displayName: 'Own credentials',
      featureGroupId: group.id,
      useFeatureGroupSettings: false,
      exchangeUserName: 'dave@example.com',
      exchangePassword: OWN_PASSWORD,
      exchangePasswordConfirmation: OWN_PASSWORD,
      storageMode: 'synchronization',
      pin: PIN,
    });
    const raw = (await rawCells(t.store, 'feature_groups')) + (await rawCells(t.store, 'mailboxes'));
    for (const secret of [SERVICE_PASSWORD, OWN_PASSWORD, PIN]) {
      assert.ok(!raw.includes(secret), `${secret} found in a raw row`);
      assert.ok(!raw.includes(Buffer.from(secret).toString('base64')), `${secret} found base64-encoded`);
    }
    assert.match(raw, /"v1:[A-Za-z0-9+/=]+"/, 'ciphertext stored');
    assert.match(raw, /scrypt\$/, 'PIN hash stored');

    const returned = JSON.stringify([
      await t.store.mailboxes.get(m.id),
      await t.store.featureGroups.get(group.id),
    ]);
    for (const secret of [SERVICE_PASSWORD, OWN_PASSWORD, PIN]) assert.ok(!returned.includes(secret));
    assert.ok(returned.includes('"hasExchangePassword":true') && returned.includes('"hasPin":true'));

    const own = await t.store.mailboxes.exchangeCredentials(m.id);
    assert.equal(own?.userName, 'dave@example.com');
    assert.equal(own?.password.reveal(), OWN_PASSWORD);
    assert.ok(!inspect(own).includes(OWN_PASSWORD) && !JSON.stringify(own).includes(OWN_PASSWORD));
    assert.equal(
      (await t.store.featureGroups.serviceCredentials(group.id))?.password.reveal(),
      SERVICE_PASSWORD,
    );
    assert.equal(await t.store.mailboxes.verifyPin(m.id, PIN), true);
    assert.equal(await t.store.mailboxes.verifyPin(m.id, '000000'), false);
  });

  it('changes and removes a password and a PIN', async () => {
    const { mailbox } = await syncSetup(t.store, { pin: '1111' });
    await new MailboxService(t.store).update(mailbox.id, {
      pin: '2222',
      exchangeUserName: 'x@example.com',
      exchangePassword: 'new-one',
    });
    assert.equal(await t.store.mailboxes.verifyPin(mailbox.id, '2222'), true);
    assert.equal((await t.store.mailboxes.exchangeCredentials(mailbox.id))?.password.reveal(), 'new-one');
    const cleared = await new MailboxService(t.store).update(mailbox.id, {
      pin: null,
      exchangePassword: null,
    });
    assert.equal(cleared.hasPin, false);
    assert.equal(cleared.hasExchangePassword, false);
    assert.equal(await t.store.mailboxes.verifyPin(mailbox.id, '2222'), false);
  });

  it('decrypts after a restart with the same key and refuses another key', async () => {
    const { group } = await syncSetup(t.store);
    const again = await Store.open(t.options);
    try {
      assert.equal(
        (await again.featureGroups.serviceCredentials(group.id))?.password.reveal(),
        SERVICE_PASSWORD,
      );
    } finally {
      await again.close();
    }
    const otherKey = Buffer.alloc(32, 3).toString('base64');
    const wrong = await Store.open({ ...t.options, secretKey: otherKey });
    try {
      await assert.rejects(
        wrong.featureGroups.serviceCredentials(group.id),
        (e: unknown) => e instanceof SecretError && !String(e).includes(SERVICE_PASSWORD),
      );
    } finally {
      await wrong.close();
    }
  });

  it('binds a ciphertext to its record: copied to another group it does not decrypt', async () => {
    const a = await syncSetup(t.store);
    const b = await syncSetup(t.store);
    const row = await t.store.db
      .selectFrom('feature_groups')
      .select('service_password_enc')
      .where('id', '=', a.group.id)
      .executeTakeFirstOrThrow();
    await t.store.db
      .updateTable('feature_groups')
      .set({ service_password_enc: row.service_password_enc })
      .where('id', '=', b.group.id)
      .execute();
    await assert.rejects(t.store.featureGroups.serviceCredentials(b.group.id), SecretError);
  });
});
