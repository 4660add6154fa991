import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CredentialCipher,
  KEY_FILE_NAME,
  Secret,
  SecretError,
  SecretErrorCodes,
  hashPin,
  loadOrCreateKey,
  verifyPin,
} from '../../../src/secrets/index.ts';

const PLAIN = 'Tr0ub4dor&3-plaintext';

describe('Secret', () => {
  it('never reveals its value by accident', () => {
    const s = new Secret(PLAIN);
    const leaks = [
      String(s),
      `${s}`,
      s + '',
      JSON.stringify({ password: s }),
      inspect(s),
      inspect({ nested: { s } }, { depth: 5 }),
    ];
    for (const text of leaks) assert.ok(!text.includes(PLAIN), text);
    assert.equal(JSON.stringify({ password: s }), '{"password":"[secret]"}');
    assert.equal(s.reveal(), PLAIN);
    assert.ok(s.equals(new Secret(PLAIN)));
    assert.ok(!s.equals(new Secret('other')));
  });
});

describe('key file', () => {
  it('is created on first start with mode 0600 and reused afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxsync-key-'));
    try {
      const first = loadOrCreateKey(join(dir, 'data'));
      assert.deepEqual(first.source, { kind: 'file', path: join(dir, 'data', KEY_FILE_NAME), created: true });
      assert.equal(statSync(join(dir, 'data', KEY_FILE_NAME)).mode & 0o777, 0o600);
      assert.equal(first.key.length, 32);
      const second = loadOrCreateKey(join(dir, 'data'));
      assert.equal(second.source.kind === 'file' && second.source.created, false);
      assert.ok(second.key.equals(first.key));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key file readable by others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxsync-key-'));
    try {
      loadOrCreateKey(dir);
      chmodSync(join(dir, KEY_FILE_NAME), 0o644);
      assert.throws(
        () => loadOrCreateKey(dir),
        (e: unknown) => e instanceof SecretError && e.code === SecretErrorCodes.keyFileInsecure,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes VOXSYNC_SECRET_KEY (base64, 32 bytes) instead of a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxsync-key-'));
    try {
      const key = Buffer.alloc(32, 7).toString('base64');
      const k = loadOrCreateKey(dir, key);
      assert.deepEqual(k.source, { kind: 'env' });
      assert.throws(() => statSync(join(dir, KEY_FILE_NAME)));
      assert.throws(
        () => loadOrCreateKey(dir, Buffer.alloc(16).toString('base64')),
        (e: unknown) => e instanceof SecretError && e.code === SecretErrorCodes.keyInvalid,
      );
      assert.throws(() => loadOrCreateKey(dir, 'not base64!'), /44 characters/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CredentialCipher (AES-256-GCM)', () => {
  const cipher = new CredentialCipher(Buffer.alloc(32, 1));
  it('round-trips and never stores the plaintext', () => {
    const stored = cipher.encrypt(new Secret(PLAIN), 'ctx:1');
    assert.match(stored, /^v1:[A-Za-z0-9+/=]+$/);
    assert.ok(!stored.includes(PLAIN));
    assert.ok(!Buffer.from(stored.slice(3), 'base64').includes(Buffer.from(PLAIN)));
    assert.equal(cipher.decrypt(stored, 'ctx:1').reveal(), PLAIN);
  });
  it('uses a fresh nonce each time', () => {
    assert.notEqual(cipher.encrypt(new Secret(PLAIN), 'c'), cipher.encrypt(new Secret(PLAIN), 'c'));
  });
  it('refuses a ciphertext moved to another record, altered, or under another key', () => {
    const stored = cipher.encrypt(new Secret(PLAIN), 'ctx:1');
    const isDecryptFailure = (e: unknown) =>
      e instanceof SecretError && e.code === SecretErrorCodes.decryptFailed && !e.message.includes(PLAIN);
    assert.throws(() => cipher.decrypt(stored, 'ctx:2'), isDecryptFailure);
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    assert.throws(() => cipher.decrypt(`v1:${raw.toString('base64')}`, 'ctx:1'), isDecryptFailure);
    assert.throws(() => new CredentialCipher(Buffer.alloc(32, 2)).decrypt(stored, 'ctx:1'), isDecryptFailure);
    assert.throws(
      () => cipher.decrypt('v0:abc', 'ctx:1'),
      (e: unknown) => e instanceof SecretError && e.code === SecretErrorCodes.ciphertextInvalid,
    );
  });
});

describe('PIN hashing (scrypt)', () => {
  it('verifies the right PIN only and never stores it', async () => {
    const h = await hashPin('482913');
    assert.match(h, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!h.includes('482913'));
    assert.equal(await verifyPin('482913', h), true);
    assert.equal(await verifyPin('482914', h), false);
    assert.notEqual(await hashPin('482913'), h, 'salted');
    assert.equal(await verifyPin('482913', 'garbage'), false);
  });
  it('the key file holds only the base64 key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxsync-key-'));
    try {
      loadOrCreateKey(dir);
      assert.match(readFileSync(join(dir, KEY_FILE_NAME), 'utf8'), /^[A-Za-z0-9+/]{43}=\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
