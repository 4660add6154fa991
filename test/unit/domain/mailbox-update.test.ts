import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  featureGroupAfter,
  parseMailboxInput,
  parseMailboxPatch,
  planMailboxCreate,
  planMailboxUpdate,
  type Endpoint,
  type FeatureGroup,
  type Mailbox,
} from '../../../src/domain/index.ts';
import { assertRefused } from './helpers.ts';

const endpoint: Endpoint = {
  id: 'e1',
  name: 'Exchange',
  address: 'ews:mail.example.com',
  kind: 'ews',
  url: 'https://mail.example.com/EWS/Exchange.asmx',
  port: 443,
  voiceFormat: 'mp3',
  authMethod: 'ntlm',
  exchangeVersion: 'auto',
  trustedCertificates: [],
  connectorAvailable: true,
  demo: false,
  createdAt: '',
  updatedAt: '',
};
const syncGroup: FeatureGroup = {
  id: 'g-sync',
  name: 'Sales',
  sync: {
    serviceAccount: 'svc@example.com',
    hasServicePassword: true,
    endpointId: 'e1',
    calendarMode: 'sync',
    contacts: true,
    messages: true,
    inboxFolder: 'Inbox',
  },
  mailboxOptions: { changeLocation: true },
  demo: false,
  createdAt: '',
  updatedAt: '',
};
const localGroup: FeatureGroup = {
  ...syncGroup,
  id: 'g-local',
  name: 'Lobby',
  sync: { ...syncGroup.sync, serviceAccount: null, hasServicePassword: false, endpointId: null },
};
const current: Mailbox = {
  id: 'm1',
  number: '4001',
  displayName: 'Alice',
  license: 'messaging',
  featureGroupId: 'g-local',
  useFeatureGroupSettings: true,
  exchangeUserName: null,
  hasExchangePassword: false,
  exchangeAddress: 'alice@example.com',
  storageMode: 'local',
  hasPin: true,
  ucLocation: 'Office',
  demo: false,
  createdAt: '',
  updatedAt: '',
};

describe('mailbox update plan (rules without a database)', () => {
  it('names the feature group whose facts the rules need: the patched one, else the current one', () => {
    assert.equal(featureGroupAfter(current, parseMailboxPatch({ displayName: 'A' })), 'g-local');
    assert.equal(featureGroupAfter(current, parseMailboxPatch({ featureGroupId: 'g-sync' })), 'g-sync');
  });

  it('applies the patch and leaves unchanged secrets undefined', () => {
    const plan = planMailboxUpdate(current, parseMailboxPatch({ displayName: 'Alice B.' }), {
      featureGroup: localGroup,
      endpoint: null,
    });
    assert.equal(plan.draft.displayName, 'Alice B.');
    assert.equal(plan.draft.number, '4001');
    assert.equal(plan.draft.pin, undefined);
    assert.equal(plan.draft.exchangePassword, undefined);
    assert.equal(plan.manualLocation, null);
  });

  it('asks for a manual history entry only when the location moves to a value', () => {
    const facts = { featureGroup: localGroup, endpoint: null };
    const moved = planMailboxUpdate(current, parseMailboxPatch({ ucLocation: 'Home' }), facts);
    assert.equal(moved.manualLocation, 'Home');
    const same = planMailboxUpdate(current, parseMailboxPatch({ ucLocation: 'Office' }), facts);
    assert.equal(same.manualLocation, null);
    const cleared = planMailboxUpdate(current, parseMailboxPatch({ ucLocation: null }), facts);
    assert.equal(cleared.manualLocation, null);
    assert.equal(cleared.draft.ucLocation, null);
  });

  it('checks synchronization against the facts of the target group', () => {
    const patch = parseMailboxPatch({ featureGroupId: 'g-sync', storageMode: 'synchronization' });
    const plan = planMailboxUpdate(current, patch, { featureGroup: syncGroup, endpoint });
    assert.equal(plan.draft.storageMode, 'synchronization');
    assertRefused(
      () => planMailboxUpdate(current, patch, { featureGroup: syncGroup, endpoint: null }),
      ErrorCodes.syncEndpointMissing,
      'storageMode',
    );
    assertRefused(
      () => planMailboxUpdate(current, patch, { featureGroup: null, endpoint: null }),
      ErrorCodes.featureGroupUnknown,
      'featureGroupId',
    );
  });

  it('uses the stored own password of the current mailbox when the patch leaves it out', () => {
    const own: Mailbox = {
      ...current,
      useFeatureGroupSettings: false,
      exchangeUserName: 'alice@example.com',
      featureGroupId: 'g-sync',
    };
    const patch = parseMailboxPatch({ storageMode: 'synchronization' });
    const facts = { featureGroup: syncGroup, endpoint };
    planMailboxUpdate({ ...own, hasExchangePassword: true }, patch, facts);
    assertRefused(
      () => planMailboxUpdate({ ...own, hasExchangePassword: false }, patch, facts),
      ErrorCodes.syncCredentialsMissing,
      'exchangePassword',
    );
  });

  it('refuses a malformed patch before any rule runs', () => {
    assertRefused(() => parseMailboxPatch({ pin: '12' }), ErrorCodes.pinInvalid, 'pin');
  });
});

describe('mailbox create plan', () => {
  it('accepts a local mailbox in a known group and refuses an unknown group', () => {
    const draft = parseMailboxInput({ number: '4002', displayName: 'Bob', featureGroupId: 'g-local' });
    assert.equal(planMailboxCreate(draft, { featureGroup: localGroup, endpoint: null }), draft);
    assertRefused(
      () => planMailboxCreate(draft, { featureGroup: null, endpoint: null }),
      ErrorCodes.featureGroupUnknown,
      'featureGroupId',
    );
  });

  it('refuses own-credential synchronization without a password (nothing is stored yet)', () => {
    const draft = parseMailboxInput({
      number: '4003',
      displayName: 'Carol',
      featureGroupId: 'g-sync',
      useFeatureGroupSettings: false,
      exchangeUserName: 'carol@example.com',
      storageMode: 'synchronization',
    });
    assertRefused(
      () => planMailboxCreate(draft, { featureGroup: syncGroup, endpoint }),
      ErrorCodes.syncCredentialsMissing,
      'exchangePassword',
    );
  });
});
