import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictError,
  ErrorCodes,
  ValidationError,
  checkFeatureGroupDeletable,
  checkGroupEndpointFound,
  checkSynchronizingMembers,
  parseFeatureGroupInput,
  servicePasswordChange,
  type Endpoint,
  type FeatureGroup,
  type Mailbox,
} from '../../../src/domain/index.ts';
import { assertRefused } from './helpers.ts';

/** The issue of a refused group change (its message ends with the broken mailboxes' reasons). */
function breaks(fn: () => void): string {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${String(caught)}`);
  const issue = caught.issues.find((i) => i.code === ErrorCodes.groupBreaksSynchronizingMailboxes);
  assert.ok(issue);
  assert.equal(issue.field, 'sync');
  return issue.message;
}

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
const member: Mailbox = {
  id: 'm1',
  number: '4001',
  displayName: 'Alice',
  license: 'messaging',
  featureGroupId: 'g1',
  useFeatureGroupSettings: true,
  exchangeUserName: null,
  hasExchangePassword: false,
  exchangeAddress: 'alice@example.com',
  storageMode: 'synchronization',
  hasPin: false,
  ucLocation: null,
  demo: false,
  createdAt: '',
  updatedAt: '',
};

describe('feature group rules (no database)', () => {
  it('needs the named endpoint to exist and be an EWS endpoint', () => {
    assert.equal(checkGroupEndpointFound(null, null), null);
    assert.equal(checkGroupEndpointFound('e1', endpoint), endpoint);
    assertRefused(() => checkGroupEndpointFound('e9', null), ErrorCodes.endpointUnknown, 'sync.endpointId');
    assertRefused(
      () => checkGroupEndpointFound('e2', { ...endpoint, id: 'e2', kind: 'imap' }),
      ErrorCodes.featureGroupEndpointNotEws,
      'sync.endpointId',
    );
  });

  it('refuses a change that stops a synchronizing member, naming it', () => {
    checkSynchronizingMembers(group, endpoint, [member]);
    assert.match(
      breaks(() => checkSynchronizingMembers(group, null, [member])),
      /mailbox\(es\) 4001 \(/,
    );
    const noAccount = { ...group, sync: { ...group.sync, serviceAccount: null, hasServicePassword: false } };
    assert.match(
      breaks(() => checkSynchronizingMembers(noAccount, endpoint, [member])),
      /4001/,
    );
  });

  it('refuses deleting a group that still has mailboxes', () => {
    checkFeatureGroupDeletable(group, 0);
    const err = assertRefused(
      () => checkFeatureGroupDeletable(group, 3),
      ErrorCodes.featureGroupInUse,
      undefined,
    );
    assert.ok(err instanceof ConflictError);
    assert.match(err.message, /"Sales" still has 3 mailbox/);
  });

  it('removes the stored service password with the service account', () => {
    const withAccount = parseFeatureGroupInput({
      name: 'A',
      sync: {
        serviceAccount: 'svc@example.com',
        password: 'Svc-Pa55word!',
        passwordConfirmation: 'Svc-Pa55word!',
      },
    });
    assert.equal(servicePasswordChange(withAccount), 'Svc-Pa55word!');
    assert.equal(
      servicePasswordChange({ ...withAccount, sync: { ...withAccount.sync, password: undefined } }),
      undefined,
    );
    assert.equal(
      servicePasswordChange({
        ...withAccount,
        sync: { ...withAccount.sync, serviceAccount: null, password: undefined },
      }),
      null,
    );
  });
});
