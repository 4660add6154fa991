import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { DomainError } from '../../../src/domain/index.ts';
import { ConflictError, ErrorCodes, NotFoundError, ValidationError } from '../../../src/domain/index.ts';
import { EndpointService, FeatureGroupService } from '../../../src/services/configuration.ts';
import { MailboxService } from '../../../src/services/mailboxes.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import {
  SERVICE_PASSWORD,
  insertStoredImapEndpoint,
  syncSetup,
  unique,
  uniqueNumber,
} from '../../helpers/fixtures.ts';

async function refused(
  p: Promise<unknown>,
  cls: abstract new (...args: never[]) => DomainError,
  code: string,
  field: string | undefined,
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    const err = e as DomainError;
    assert.ok(
      err.issues.some((i) => i.code === code && i.field === field),
      JSON.stringify(err.issues),
    );
    return true;
  });
}

await eachDatabase('configuration repositories', (t) => {
  it('creates, reads, lists, updates and deletes an endpoint', async () => {
    const name = unique('Exchange');
    const e = await new EndpointService(t.store).create({
      name,
      address: 'ews:https://mail.example.com:8443/EWS/Exchange.asmx',
      voiceFormat: 'wav-pcm',
    });
    assert.equal(e.port, 8443);
    assert.equal(e.kind, 'ews');
    assert.equal(e.voiceFormat, 'wav-pcm');
    assert.deepEqual(await t.store.endpoints.get(e.id), e);
    assert.equal((await t.store.endpoints.findByName(name.toUpperCase()))?.id, e.id);
    assert.ok((await t.store.endpoints.list()).some((x) => x.id === e.id));
    const u = await new EndpointService(t.store).update(e.id, { address: 'ews:other.example.com' });
    assert.equal(u.url, 'https://other.example.com/EWS/Exchange.asmx');
    assert.equal(u.port, 443);
    await new EndpointService(t.store).delete(e.id);
    await refused(t.store.endpoints.get(e.id), NotFoundError, ErrorCodes.endpointNotFound, undefined);
  });

  it('refuses an address without "ews:" (no IMAP connector yet)', async () => {
    await refused(
      new EndpointService(t.store).create({ name: unique('imap'), address: 'imap.example.com' }),
      ValidationError,
      ErrorCodes.endpointAddressSchemeMissing,
      'address',
    );
  });

  it('an IMAP endpoint stored before that rule: "connector not available yet", and no group attaches to it', async () => {
    const id = await insertStoredImapEndpoint(t.store, unique('legacy imap'));
    const e = await t.store.endpoints.get(id);
    assert.equal(e.kind, 'imap');
    assert.equal(e.connectorAvailable, false);
    await refused(
      new FeatureGroupService(t.store).create({ name: unique('g'), sync: { endpointId: id } }),
      ValidationError,
      ErrorCodes.featureGroupEndpointNotEws,
      'sync.endpointId',
    );
    const g = await new FeatureGroupService(t.store).create({ name: unique('g') });
    await refused(
      new FeatureGroupService(t.store).update(g.id, { sync: { endpointId: id } }),
      ValidationError,
      ErrorCodes.featureGroupEndpointNotEws,
      'sync.endpointId',
    );
  });

  it('refuses a second endpoint with the same name (any case)', async () => {
    const name = unique('Dup');
    await new EndpointService(t.store).create({ name, address: 'ews:a.example.com' });
    await refused(
      new EndpointService(t.store).create({ name: name.toLowerCase(), address: 'ews:b.example.com' }),
      ConflictError,
      ErrorCodes.endpointNameTaken,
      'name',
    );
  });

  it('refuses invalid endpoint input without storing anything', async () => {
    const before = (await t.store.endpoints.list()).length;
    await refused(
      new EndpointService(t.store).create({ name: unique('x'), address: 'EWS:mail.example.com' }),
      ValidationError,
      ErrorCodes.endpointAddressSchemeCase,
      'address',
    );
    await refused(
      new EndpointService(t.store).create({ name: unique('x'), address: 'ews:mail.example.com', port: 0 }),
      ValidationError,
      ErrorCodes.endpointPortOutOfRange,
      'port',
    );
    assert.equal((await t.store.endpoints.list()).length, before);
  });

  it('trusts and untrusts certificates by fingerprint', async () => {
    const e = await new EndpointService(t.store).create({
      name: unique('tls'),
      address: 'ews:mail.example.com',
    });
    const fp = 'AB:'.repeat(31) + 'AB';
    const trusted = await new EndpointService(t.store).trustCertificate(e.id, {
      fingerprint: fp,
      label: 'leaf',
    });
    assert.equal(trusted.trustedCertificates.length, 1);
    assert.equal(trusted.trustedCertificates[0]?.fingerprint, 'ab'.repeat(32));
    const again = await new EndpointService(t.store).trustCertificate(e.id, {
      fingerprint: fp,
      label: 'renamed',
    });
    assert.equal(again.trustedCertificates.length, 1);
    assert.equal(again.trustedCertificates[0]?.label, 'renamed');
    const none = await new EndpointService(t.store).untrustCertificate(e.id, fp);
    assert.equal(none.trustedCertificates.length, 0);
  });

  it('refuses a feature group with an unknown endpoint or a duplicate name', async () => {
    await refused(
      new FeatureGroupService(t.store).create({
        name: unique('g'),
        sync: { endpointId: 'no-such-endpoint' },
      }),
      ValidationError,
      ErrorCodes.endpointUnknown,
      'sync.endpointId',
    );
    const name = unique('Group');
    await new FeatureGroupService(t.store).create({ name });
    await refused(
      new FeatureGroupService(t.store).create({ name: ` ${name.toUpperCase()} ` }),
      ConflictError,
      ErrorCodes.featureGroupNameTaken,
      'name',
    );
  });

  it('creates a synchronizing mailbox and refuses impossible combinations', async () => {
    const { group, mailbox } = await syncSetup(t.store);
    assert.equal(mailbox.storageMode, 'synchronization');
    const base = { displayName: 'Bob', featureGroupId: group.id, storageMode: 'synchronization' as const };
    await refused(
      new MailboxService(t.store).create({
        ...base,
        number: uniqueNumber(),
        exchangeAddress: mailbox.exchangeAddress!.toUpperCase(),
      }),
      ConflictError,
      ErrorCodes.exchangeAddressTaken,
      'exchangeAddress',
    );
    await refused(
      new MailboxService(t.store).create({
        ...base,
        number: mailbox.number,
        exchangeAddress: `${unique('bob')}@example.com`,
      }),
      ConflictError,
      ErrorCodes.mailboxNumberTaken,
      'number',
    );
    await refused(
      new MailboxService(t.store).create({
        ...base,
        number: uniqueNumber(),
        license: 'basic',
        exchangeAddress: `${unique('bob')}@example.com`,
      }),
      ValidationError,
      ErrorCodes.licenseCannotSynchronize,
      'license',
    );
    await refused(
      new MailboxService(t.store).create({
        ...base,
        number: uniqueNumber(),
        featureGroupId: 'no-such-group',
      }),
      ValidationError,
      ErrorCodes.featureGroupUnknown,
      'featureGroupId',
    );
    const local = await new FeatureGroupService(t.store).create({ name: unique('local') });
    await refused(
      new MailboxService(t.store).create({
        ...base,
        number: uniqueNumber(),
        featureGroupId: local.id,
        exchangeAddress: `${unique('c')}@example.com`,
      }),
      ValidationError,
      ErrorCodes.syncEndpointMissing,
      'storageMode',
    );
  });

  it('lets exactly one of two concurrent creates take a number and an Exchange address', async () => {
    const { group } = await syncSetup(t.store);
    const number = uniqueNumber();
    const address = `${unique('race')}@example.com`;
    const results = await Promise.allSettled(
      [1, 2].map((i) =>
        new MailboxService(t.store).create({
          number,
          displayName: `Racer ${i}`,
          featureGroupId: group.id,
          exchangeAddress: address,
          storageMode: 'synchronization',
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const rejected = results.find((r) => r.status === 'rejected');
    assert.ok(rejected?.status === 'rejected' && rejected.reason instanceof ConflictError, String(rejected));
    assert.equal((await t.store.mailboxes.list({ search: number })).length, 1);
  });

  it('concurrent updates of different fields of one mailbox both persist', async () => {
    const { mailbox } = await syncSetup(t.store);
    await Promise.all([
      new MailboxService(t.store).update(mailbox.id, { displayName: 'Renamed' }),
      new MailboxService(t.store).update(mailbox.id, { license: 'messaging-collab' }),
      new MailboxService(t.store).update(mailbox.id, { pin: '5678' }),
    ]);
    const m = await t.store.mailboxes.get(mailbox.id);
    assert.deepEqual([m.displayName, m.license, m.hasPin], ['Renamed', 'messaging-collab', true]);
  });

  it('refuses a move onto an Exchange address another mailbox holds', async () => {
    const a = await syncSetup(t.store);
    const b = await syncSetup(t.store);
    await refused(
      new MailboxService(t.store).update(b.mailbox.id, { exchangeAddress: a.mailbox.exchangeAddress }),
      ConflictError,
      ErrorCodes.exchangeAddressTaken,
      'exchangeAddress',
    );
    assert.equal((await t.store.mailboxes.get(b.mailbox.id)).exchangeAddress, b.mailbox.exchangeAddress);
  });

  it('refuses group changes that would break its synchronizing mailboxes', async () => {
    const { group, mailbox } = await syncSetup(t.store);
    await refused(
      new FeatureGroupService(t.store).update(group.id, { sync: { endpointId: null } }),
      ValidationError,
      ErrorCodes.groupBreaksSynchronizingMailboxes,
      'sync',
    );
    await refused(
      new FeatureGroupService(t.store).update(group.id, { sync: { serviceAccount: null } }),
      ValidationError,
      ErrorCodes.groupBreaksSynchronizingMailboxes,
      'sync',
    );
    assert.equal((await t.store.featureGroups.get(group.id)).sync.endpointId, group.sync.endpointId);
    await new MailboxService(t.store).update(mailbox.id, { storageMode: 'local' });
    const g = await new FeatureGroupService(t.store).update(group.id, {
      sync: { serviceAccount: null, endpointId: null },
    });
    assert.equal(g.sync.serviceAccount, null);
    assert.equal(g.sync.hasServicePassword, false);
  });

  it('refuses deleting an endpoint or group still in use; deletes a mailbox with its content', async () => {
    const { endpoint, group, mailbox } = await syncSetup(t.store);
    await refused(
      new EndpointService(t.store).delete(endpoint.id),
      ConflictError,
      ErrorCodes.endpointInUse,
      undefined,
    );
    await refused(
      new FeatureGroupService(t.store).delete(group.id),
      ConflictError,
      ErrorCodes.featureGroupInUse,
      undefined,
    );
    await t.store.contacts.create(mailbox.id, { givenName: 'Carol' });
    await t.store.mailboxes.delete(mailbox.id);
    assert.equal(await t.store.mailboxes.find(mailbox.id), null);
    assert.equal(
      (await t.store.db.selectFrom('contacts').selectAll().where('mailbox_id', '=', mailbox.id).execute())
        .length,
      0,
    );
    await new FeatureGroupService(t.store).delete(group.id);
    await new EndpointService(t.store).delete(endpoint.id);
  });

  it('lists and searches mailboxes', async () => {
    const { group, mailbox } = await syncSetup(t.store, { displayName: 'Zoë Searchable' });
    const found = await t.store.mailboxes.list({ featureGroupId: group.id, search: 'zoë sea' });
    assert.deepEqual(
      found.map((m) => m.id),
      [mailbox.id],
    );
    assert.equal((await t.store.mailboxes.list({ search: mailbox.number })).length, 1);
    assert.equal((await t.store.mailboxes.findByNumber(mailbox.number))?.id, mailbox.id);
    assert.equal(
      (await t.store.mailboxes.findByExchangeAddress(mailbox.exchangeAddress!.toUpperCase()))?.id,
      mailbox.id,
    );
    assert.ok((await t.store.mailboxes.count()) >= 1);
  });

  it('keeps the service password when a group is updated without one', async () => {
    const { group } = await syncSetup(t.store);
    await new FeatureGroupService(t.store).update(group.id, {
      sync: { inboxFolder: 'Voicemail', calendarMode: 'sync', contacts: false },
      mailboxOptions: { changeLocation: true },
    });
    const creds = await t.store.featureGroups.serviceCredentials(group.id);
    assert.equal(creds?.password.reveal(), SERVICE_PASSWORD);
    const g = await t.store.featureGroups.get(group.id);
    assert.deepEqual(
      [g.sync.inboxFolder, g.sync.calendarMode, g.sync.contacts, g.mailboxOptions.changeLocation],
      ['Voicemail', 'sync', false, true],
    );
  });
});
