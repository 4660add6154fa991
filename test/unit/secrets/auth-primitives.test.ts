import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from '../../../src/secrets/password-hash.ts';
import { csrfTokenFor, generateToken, hashToken, constantTimeEqual } from '../../../src/secrets/tokens.ts';

test('scrypt hashes verify the right password only, and are salted', async () => {
  const a = await hashPassword('correct horse battery staple');
  const b = await hashPassword('correct horse battery staple');
  assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b, 'two hashes of one password differ (random salt)');
  assert.equal(await verifyPassword('correct horse battery staple', a), true);
  assert.equal(await verifyPassword('correct horse battery stapl', a), false);
  assert.ok(!a.includes('correct'), 'the hash does not contain the password');
});

test('a malformed stored hash never verifies', async () => {
  for (const bad of [
    '',
    'plain',
    'scrypt$1$8$1$x$y',
    'bcrypt$2$8$1$AAAA$BBBB',
    'scrypt$99999999$8$1$AAAA$BBBB',
  ]) {
    assert.equal(await verifyPassword('x', bad), false, bad);
  }
});

test('tokens are random, prefixed, and stored as SHA-256', () => {
  const t1 = generateToken('vxa_');
  const t2 = generateToken('vxa_');
  assert.notEqual(t1, t2);
  assert.match(t1, /^vxa_[A-Za-z0-9_-]{43}$/);
  assert.match(hashToken(t1), /^[0-9a-f]{64}$/);
  assert.equal(hashToken(t1), hashToken(t1));
});

test('the CSRF token depends on the session token', () => {
  const s1 = generateToken('vxs_');
  const s2 = generateToken('vxs_');
  assert.equal(csrfTokenFor(s1), csrfTokenFor(s1));
  assert.notEqual(csrfTokenFor(s1), csrfTokenFor(s2));
  assert.ok(!csrfTokenFor(s1).includes(s1));
  assert.equal(constantTimeEqual('abc', 'abc'), true);
  assert.equal(constantTimeEqual('abc', 'abd'), false);
  assert.equal(constantTimeEqual('abc', 'abcd'), false);
});
