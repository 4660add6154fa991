import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging/logger.ts';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger('trace', sink), lines };
}

test('authorization headers, cookies and credential fields are redacted at any depth', () => {
  const { logger, lines } = capture();
  logger.info(
    { req: { headers: { authorization: 'Bearer vxa_SECRET1', cookie: 'voxsync_session=SECRET2' } } },
    'r',
  );
  logger.info(
    { busboyOptions: { headers: { authorization: 'Bearer SECRET3', 'x-csrf-token': 'SECRET4' } } },
    'b',
  );
  logger.info({ body: { sync: { password: 'SECRET5', passwordConfirmation: 'SECRET6' } } }, 'c');
  logger.info({ pin: 'SECRET7', exchangePassword: 'SECRET8', secret: 'SECRET9' }, 'd');
  const all = lines.join('\n');
  for (let i = 1; i <= 9; i++) assert.ok(!all.includes(`SECRET${i}`), `SECRET${i} leaked: ${all}`);
  assert.match(all, /\[redacted\]/);
  assert.match(all, /"msg":"d"/);
});
