import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  backoffDelayMs,
  signWebhookBody,
  verifyWebhookSignature,
} from '../../../src/events/webhook-signature.ts';

const secret = 'a-webhook-secret-of-some-length';

test('the signature is HMAC-SHA256 over "<t>.<body>" in hex', () => {
  const body = '{"type":"mwi.changed"}';
  const header = signWebhookBody(secret, body, 1_700_000_000);
  const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
  assert.equal(header, `t=1700000000,v1=${expected}`);
});

test('verification accepts the signed body and refuses tampering, other secrets and stale timestamps', () => {
  const body = '{"a":1}';
  const header = signWebhookBody(secret, body, 1000);
  assert.deepEqual(verifyWebhookSignature(secret, body, header, 1000), { ok: true });
  assert.deepEqual(verifyWebhookSignature(secret, '{"a":2}', header, 1000), {
    ok: false,
    reason: 'mismatch',
  });
  assert.deepEqual(verifyWebhookSignature('another-secret-here', body, header, 1000), {
    ok: false,
    reason: 'mismatch',
  });
  assert.deepEqual(verifyWebhookSignature(secret, body, header, 1000 + 301), { ok: false, reason: 'stale' });
  assert.deepEqual(verifyWebhookSignature(secret, body, 'garbage', 1000), { ok: false, reason: 'malformed' });
});

test('backoff doubles per failure and stops at the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, 100, 1000)),
    [100, 200, 400, 800, 1000, 1000],
  );
});
