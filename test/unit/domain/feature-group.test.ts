import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  applyFeatureGroupPatch,
  parseFeatureGroupInput,
  type FeatureGroup,
} from '../../../src/domain/index.ts';
import { assertRefused } from './helpers.ts';

const base = {
  name: 'Sales',
  sync: { serviceAccount: 'svc@example.com', password: 's3cret', passwordConfirmation: 's3cret' },
};

describe('feature group input', () => {
  it('applies the seed defaults: inbox folder Inbox, calendar none, contacts and messages on', () => {
    const g = parseFeatureGroupInput(base);
    assert.equal(g.sync.inboxFolder, 'Inbox');
    assert.equal(g.sync.calendarMode, 'none');
    assert.equal(g.sync.contacts, true);
    assert.equal(g.sync.messages, true);
    assert.equal(g.mailboxOptions.changeLocation, false);
    assert.equal(g.sync.password, 's3cret');
  });

  it('accepts a group without synchronization credentials', () => {
    const g = parseFeatureGroupInput({ name: 'Local only' });
    assert.equal(g.sync.serviceAccount, null);
    assert.equal(g.sync.password, null);
  });

  it('accepts the service account in every logon form voxsync ews --user documents', () => {
    for (const account of ['svc-voxsync@contoso.test', 'CONTOSO\\svc-voxsync', 'svc-voxsync']) {
      const g = parseFeatureGroupInput({ ...base, sync: { ...base.sync, serviceAccount: account } });
      assert.equal(g.sync.serviceAccount, account);
    }
  });

  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'mismatched password confirmation',
      { sync: { ...base.sync, passwordConfirmation: 'S3cret' } },
      ErrorCodes.passwordConfirmationMismatch,
      'sync.passwordConfirmation',
    ],
    [
      'missing password confirmation',
      { sync: { serviceAccount: 'svc@example.com', password: 's3cret' } },
      ErrorCodes.passwordConfirmationMismatch,
      'sync.passwordConfirmation',
    ],
    [
      'service account without password',
      { sync: { serviceAccount: 'svc@example.com' } },
      ErrorCodes.passwordRequired,
      'sync.password',
    ],
    [
      'service account with a space',
      { sync: { ...base.sync, serviceAccount: 'svc voxsync' } },
      ErrorCodes.serviceAccountInvalid,
      'sync.serviceAccount',
    ],
    [
      'DOMAIN\\user service account with an empty user',
      { sync: { ...base.sync, serviceAccount: 'EXAMPLE\\' } },
      ErrorCodes.serviceAccountInvalid,
      'sync.serviceAccount',
    ],
    [
      'unknown calendar mode',
      { sync: { ...base.sync, calendarMode: 'merge' } },
      'invalid.invalid_value',
      'sync.calendarMode',
    ],
    [
      'empty inbox folder',
      { sync: { ...base.sync, inboxFolder: ' ' } },
      'invalid.too_small',
      'sync.inboxFolder',
    ],
    ['empty name', { name: '' }, 'invalid.too_small', 'name'],
  ];
  for (const [what, override, code, field] of refused) {
    it(`refuses ${what} with ${code}`, () => {
      assertRefused(() => parseFeatureGroupInput({ ...base, ...override }), code, field);
    });
  }
});

describe('feature group patch', () => {
  const current: FeatureGroup = {
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

  it('keeps the stored password when the patch does not mention it', () => {
    const d = applyFeatureGroupPatch(current, { sync: { inboxFolder: 'Voicemail' } });
    assert.equal(d.sync.password, undefined);
    assert.equal(d.sync.inboxFolder, 'Voicemail');
    assert.equal(d.sync.calendarMode, 'sync');
    assert.equal(d.mailboxOptions.changeLocation, true);
  });

  it('refuses removing the password while the service account stays', () => {
    assertRefused(
      () => applyFeatureGroupPatch(current, { sync: { password: null } }),
      ErrorCodes.passwordRequired,
      'sync.password',
    );
  });

  it('refuses a new password with a wrong confirmation', () => {
    assertRefused(
      () => applyFeatureGroupPatch(current, { sync: { password: 'new', passwordConfirmation: 'old' } }),
      ErrorCodes.passwordConfirmationMismatch,
      'sync.passwordConfirmation',
    );
  });

  it('a new service account with a stored password is accepted', () => {
    const d = applyFeatureGroupPatch(current, { sync: { serviceAccount: 'other@example.com' } });
    assert.equal(d.sync.serviceAccount, 'other@example.com');
  });
});
