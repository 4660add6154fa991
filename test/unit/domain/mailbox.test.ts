import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  applyMailboxPatch,
  checkMailboxRules,
  effectiveExchangeAddress,
  exchangeAddressKey,
  mailboxAuthPlan,
  parseMailboxInput,
  type Endpoint,
  type FeatureGroup,
  type Mailbox,
  type MailboxContext,
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
const imapEndpoint: Endpoint = {
  ...endpoint,
  id: 'e2',
  name: 'Old IMAP',
  address: 'imap.example.com',
  kind: 'imap',
  url: null,
  port: 993,
  connectorAvailable: false,
};
const group: FeatureGroup = {
  id: 'g1',
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
const ctx: MailboxContext = { featureGroup: group, endpoint, storedExchangePassword: false };
const sync = {
  number: '4001',
  displayName: 'Alice Example',
  featureGroupId: 'g1',
  exchangeAddress: 'alice@example.com',
  storageMode: 'synchronization',
};

function check(input: Record<string, unknown>, context: MailboxContext = ctx): void {
  checkMailboxRules(parseMailboxInput(input), context);
}

describe('mailbox input shape', () => {
  it('defaults: messaging license, feature group settings, local storage', () => {
    const d = parseMailboxInput({ number: '4002', displayName: 'Bob', featureGroupId: 'g1' });
    assert.equal(d.license, 'messaging');
    assert.equal(d.useFeatureGroupSettings, true);
    assert.equal(d.storageMode, 'local');
    assert.equal(d.pin, null);
  });

  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    ['a number with letters', { number: '40a1' }, ErrorCodes.mailboxNumberInvalid, 'number'],
    ['an empty number', { number: '' }, ErrorCodes.mailboxNumberInvalid, 'number'],
    ['a 16-digit number', { number: '1234567890123456' }, ErrorCodes.mailboxNumberInvalid, 'number'],
    [
      'a malformed Exchange address',
      { exchangeAddress: 'alice' },
      ErrorCodes.exchangeAddressInvalid,
      'exchangeAddress',
    ],
    ['a 3-digit PIN', { pin: '123' }, ErrorCodes.pinInvalid, 'pin'],
    ['a PIN with letters', { pin: '12ab' }, ErrorCodes.pinInvalid, 'pin'],
    ['an unknown license', { license: 'premium' }, 'invalid.invalid_value', 'license'],
    ['an unknown storage mode', { storageMode: 'cloud' }, 'invalid.invalid_value', 'storageMode'],
    [
      'a mismatched Exchange password confirmation',
      {
        useFeatureGroupSettings: false,
        exchangeUserName: 'alice@example.com',
        exchangePassword: 'a',
        exchangePasswordConfirmation: 'b',
      },
      ErrorCodes.passwordConfirmationMismatch,
      'exchange.passwordConfirmation',
    ],
  ];
  for (const [what, override, code, field] of refused) {
    it(`refuses ${what} with ${code}`, () => {
      assertRefused(() => parseMailboxInput({ ...sync, ...override }), code, field);
    });
  }
});

describe('mailbox rules', () => {
  it('accepts synchronization through the feature group service account', () => {
    check(sync);
  });

  it('accepts synchronization with own credentials; the user name is the Exchange address', () => {
    const input = {
      ...sync,
      exchangeAddress: undefined,
      useFeatureGroupSettings: false,
      exchangeUserName: 'alice@example.com',
      exchangePassword: 'pw',
    };
    check(input);
    assert.equal(effectiveExchangeAddress(parseMailboxInput(input)), 'alice@example.com');
  });

  it('accepts a local mailbox with a basic license and no Exchange settings', () => {
    check({ number: '4003', displayName: 'Lobby', featureGroupId: 'g1', license: 'basic' });
  });

  const refused: Array<[string, Record<string, unknown>, MailboxContext, string, string]> = [
    [
      'an unknown feature group',
      { ...sync, featureGroupId: 'nope' },
      { ...ctx, featureGroup: null, endpoint: null },
      ErrorCodes.featureGroupUnknown,
      'featureGroupId',
    ],
    [
      'a basic license with synchronization',
      { ...sync, license: 'basic' },
      ctx,
      ErrorCodes.licenseCannotSynchronize,
      'license',
    ],
    [
      'synchronization without an endpoint',
      sync,
      { ...ctx, featureGroup: { ...group, sync: { ...group.sync, endpointId: null } }, endpoint: null },
      ErrorCodes.syncEndpointMissing,
      'storageMode',
    ],
    [
      'synchronization through an IMAP endpoint',
      sync,
      { ...ctx, endpoint: imapEndpoint },
      ErrorCodes.syncConnectorUnavailable,
      'storageMode',
    ],
    [
      'synchronization when the group has no service account',
      sync,
      {
        ...ctx,
        featureGroup: { ...group, sync: { ...group.sync, serviceAccount: null, hasServicePassword: false } },
      },
      ErrorCodes.syncCredentialsMissing,
      'useFeatureGroupSettings',
    ],
    [
      'synchronization without an Exchange address',
      { ...sync, exchangeAddress: null },
      ctx,
      ErrorCodes.exchangeAddressRequired,
      'exchangeAddress',
    ],
    [
      'own credentials without a user name',
      { ...sync, useFeatureGroupSettings: false, exchangePassword: 'pw' },
      ctx,
      ErrorCodes.syncCredentialsMissing,
      'exchangeUserName',
    ],
    [
      'own credentials without a password',
      { ...sync, useFeatureGroupSettings: false, exchangeUserName: 'alice@example.com' },
      ctx,
      ErrorCodes.syncCredentialsMissing,
      'exchangePassword',
    ],
    [
      'own credentials with a non-address user name and no Exchange address',
      {
        ...sync,
        exchangeAddress: null,
        useFeatureGroupSettings: false,
        exchangeUserName: 'EXAMPLE\\alice',
        exchangePassword: 'pw',
      },
      ctx,
      ErrorCodes.exchangeAddressRequired,
      'exchangeAddress',
    ],
  ];
  for (const [what, input, context, code, field] of refused) {
    it(`refuses ${what} with ${code} on ${field}`, () => {
      assertRefused(() => check(input, context), code, field);
    });
  }

  it('lists every broken rule at once', () => {
    const err = assertRefused(
      () => check({ ...sync, license: 'basic', exchangeAddress: null }),
      ErrorCodes.licenseCannotSynchronize,
      'license',
    );
    assert.ok(err.issues.some((i) => i.code === ErrorCodes.exchangeAddressRequired));
  });

  it('keeps a stored own password when a patch leaves it out', () => {
    const current: Mailbox = {
      id: 'm1',
      number: '4001',
      displayName: 'Alice',
      license: 'messaging',
      featureGroupId: 'g1',
      useFeatureGroupSettings: false,
      exchangeUserName: 'alice@example.com',
      hasExchangePassword: true,
      exchangeAddress: null,
      storageMode: 'local',
      hasPin: false,
      ucLocation: null,
      demo: false,
      createdAt: '',
      updatedAt: '',
    };
    const draft = applyMailboxPatch(current, { storageMode: 'synchronization' });
    assert.equal(draft.exchangePassword, undefined);
    checkMailboxRules(draft, { ...ctx, storedExchangePassword: true });
    assertRefused(
      () => checkMailboxRules(draft, { ...ctx, storedExchangePassword: false }),
      ErrorCodes.syncCredentialsMissing,
      'exchangePassword',
    );
    const plan = mailboxAuthPlan({ ...current, storageMode: 'synchronization' }, group);
    assert.deepEqual(plan, {
      mode: 'own',
      userName: 'alice@example.com',
      mailboxAddress: 'alice@example.com',
    });
  });

  it('impersonates the Exchange address with the service account', () => {
    const m = {
      ...parseMailboxInput(sync),
      id: 'm1',
      hasExchangePassword: false,
      hasPin: false,
      createdAt: '',
      updatedAt: '',
    } as unknown as Mailbox;
    assert.deepEqual(mailboxAuthPlan(m, group), {
      mode: 'impersonation',
      serviceAccount: 'svc@example.com',
      impersonate: 'alice@example.com',
    });
  });

  it('compares Exchange addresses case-insensitively', () => {
    assert.equal(exchangeAddressKey(' Alice@Example.COM '), 'alice@example.com');
  });
});
