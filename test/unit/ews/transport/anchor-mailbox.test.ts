// X-AnchorMailbox carries an address the front end can look up; a SID is none, so it is not sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorMailboxFor } from '../../../../src/ews/transport/anchor-mailbox.ts';

test('X-AnchorMailbox: the address for SMTP and UPN impersonation, none for SID impersonation', () => {
  assert.equal(anchorMailboxFor('PrimarySmtpAddress', 'alice@contoso.test'), 'alice@contoso.test');
  assert.equal(anchorMailboxFor('SmtpAddress', 'alias@contoso.test'), 'alias@contoso.test');
  assert.equal(anchorMailboxFor('PrincipalName', 'alice@corp.contoso.test'), 'alice@corp.contoso.test');
  assert.equal(anchorMailboxFor('SID', 'S-1-5-21-1004336348-1177238915-682003330-1001'), undefined);
});
