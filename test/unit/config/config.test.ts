import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from '../../../src/config/index.ts';
import { Secret } from '../../../src/secrets/index.ts';

describe('configuration loading', () => {
  it('has defaults', () => {
    const { config, sources } = loadConfig({ env: {}, cwd: '/srv/vox' });
    assert.equal(config.dataDir, '/srv/vox/data');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.messageRetentionDays, 30);
    assert.equal(config.changeRetentionDays, 7);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(sources.port, 'default');
  });

  it('layers file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxsync-cfg-'));
    try {
      const file = join(dir, 'voxsync.json');
      writeFileSync(
        file,
        JSON.stringify({ dataDir: 'state', port: 9000, host: '0.0.0.0', logLevel: 'debug' }),
      );
      const { config, sources } = loadConfig({
        file,
        env: {
          VOXSYNC_PORT: '9100',
          DATABASE_URL: 'postgres://u:pw@db/vox',
          VOXSYNC_MESSAGE_RETENTION_DAYS: '7',
          VOXSYNC_CHANGE_RETENTION_DAYS: '3',
        },
        overrides: { host: '::1' },
        cwd: '/elsewhere',
      });
      assert.equal(config.dataDir, join(dir, 'state'), 'relative to the file');
      assert.equal(config.port, 9100);
      assert.equal(config.host, '::1');
      assert.equal(config.logLevel, 'debug');
      assert.equal(config.messageRetentionDays, 7);
      assert.equal(config.changeRetentionDays, 3);
      assert.deepEqual(
        [sources.dataDir, sources.port, sources.host, sources.databaseUrl],
        ['file', 'VOXSYNC_PORT', 'flag', 'DATABASE_URL'],
      );
      assert.equal(describeConfig(config).databaseUrl, 'postgres://u:***@db/vox');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the secret key out of logs', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const { config } = loadConfig({ env: { VOXSYNC_SECRET_KEY: key } });
    assert.ok(config.secretKey instanceof Secret);
    assert.ok(!JSON.stringify(config).includes(key));
    assert.ok(!JSON.stringify(describeConfig(config)).includes(key));
  });

  const refused: Array<[string, Parameters<typeof loadConfig>[0], RegExp]> = [
    ['a port out of range', { env: { VOXSYNC_PORT: '70000' } }, /port \(from VOXSYNC_PORT\)/],
    ['a non-numeric port', { env: { VOXSYNC_PORT: 'http' } }, /port \(from VOXSYNC_PORT\)/],
    ['a MySQL URL', { env: { DATABASE_URL: 'mysql://x' } }, /databaseUrl \(from DATABASE_URL\).*postgres/],
    ['an unknown log level', { env: { VOXSYNC_LOG_LEVEL: 'loud' } }, /logLevel/],
    ['zero retention days', { env: { VOXSYNC_MESSAGE_RETENTION_DAYS: '0' } }, /messageRetentionDays/],
    ['zero change retention days', { env: { VOXSYNC_CHANGE_RETENTION_DAYS: '0' } }, /changeRetentionDays/],
  ];
  for (const [what, opts, pattern] of refused) {
    it(`refuses ${what}, naming the key and its source`, () => {
      assert.throws(
        () => loadConfig(opts),
        (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
      );
    });
  }

  it('refuses an unknown key and invalid JSON in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxsync-cfg-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(file, JSON.stringify({ prot: 80 }));
      assert.throws(() => loadConfig({ file, env: {} }), /prot/);
      writeFileSync(file, '{ port: 80 ');
      assert.throws(
        () => loadConfig({ file, env: {} }),
        (e: unknown) => e instanceof ConfigError && e.code === 'config.file_invalid_json',
      );
      assert.throws(
        () => loadConfig({ file: join(dir, 'missing.json'), env: {} }),
        (e: unknown) => e instanceof ConfigError && e.code === 'config.file_unreadable',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
