import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetryPolicy, classifyForRetry } from '../../../../src/ews/transport/retry.ts';
import { ResponseMessageError, SoapFaultError } from '../../../../src/ews/errors.ts';
import {
  EwsAuthenticationError,
  EwsConnectionError,
  EwsHttpStatusError,
  EwsTimeoutError,
} from '../../../../src/ews/transport/errors.ts';

const busy = (ms: number): SoapFaultError =>
  new SoapFaultError(
    {
      responseCode: 'ErrorServerBusy',
      messageText: 'The server cannot service this request right now.',
      messageXml: { BackOffMilliseconds: String(ms) },
      faultCode: 'a:ErrorServerBusy',
      faultString: 'busy',
    },
    { httpStatus: 500 },
  );

test('classification: transient vs permanent, back-off, executed or not', () => {
  assert.deepEqual(classifyForRetry(busy(1200)), {
    transient: true,
    backOffMs: 1200,
    rejectedBeforeExecution: true,
  });
  assert.deepEqual(classifyForRetry(new EwsHttpStatusError(503, '', 2000)), {
    transient: true,
    backOffMs: 2000,
    rejectedBeforeExecution: true,
  });
  assert.deepEqual(classifyForRetry(new EwsTimeoutError(10)), {
    transient: true,
    rejectedBeforeExecution: false,
  });
  assert.equal(
    classifyForRetry(new EwsConnectionError('ews.truncated_body', 'x')).rejectedBeforeExecution,
    false,
  );
  assert.equal(classifyForRetry(new EwsAuthenticationError('Basic', ['NTLM'])).transient, false);
  const internal = new ResponseMessageError({
    responseCode: 'ErrorInternalServerError',
    messageText: '',
    messageXml: {},
  });
  assert.deepEqual(classifyForRetry(internal), { transient: true, rejectedBeforeExecution: false });
  const notFound = new ResponseMessageError({
    responseCode: 'ErrorItemNotFound',
    messageText: '',
    messageXml: {},
  });
  assert.equal(classifyForRetry(notFound).transient, false);
});

test('delay is never below BackOffMilliseconds and jitter only adds', () => {
  const p = new RetryPolicy({ baseDelayMs: 100, jitter: 0.5, random: () => 0 });
  assert.equal(p.delayMs(1, busy(5000)), 5000);
  assert.equal(p.delayMs(3, new EwsTimeoutError(1)), 400);
  const q = new RetryPolicy({ baseDelayMs: 100, jitter: 0.5, random: () => 0.999 });
  const d = q.delayMs(1, busy(5000));
  assert.ok(d >= 5000 && d <= 7500);
});

test('non-idempotent calls are retried only when the server rejected them before execution, or by consent', () => {
  const p = new RetryPolicy();
  const timeout = new EwsTimeoutError(10);
  assert.equal(p.mayRetry(timeout, { idempotent: true }), true);
  assert.equal(p.mayRetry(timeout, { idempotent: false }), false);
  assert.equal(p.mayRetry(timeout, { idempotent: false, retryNonIdempotent: true }), true);
  assert.equal(p.mayRetry(busy(10), { idempotent: false }), true);
  assert.equal(p.mayRetry(new EwsAuthenticationError('Basic', []), { idempotent: true }), false);
  // A back-off beyond the policy's patience is surfaced instead of slept through.
  assert.equal(new RetryPolicy({ maxBackOffMs: 1000 }).mayRetry(busy(60_000), { idempotent: true }), false);
});

test('run caps attempts and rethrows the last error', async () => {
  const p = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, jitter: 0 });
  let calls = 0;
  const delays: number[] = [];
  await assert.rejects(
    p.run(
      async () => {
        calls++;
        throw new EwsTimeoutError(1);
      },
      { idempotent: true, onRetry: (i) => delays.push(i.delayMs) },
    ),
    EwsTimeoutError,
  );
  assert.equal(calls, 3);
  assert.deepEqual(delays, [1, 2]);
  let n = 0;
  assert.equal(
    await p.run(async () => (++n < 2 ? Promise.reject(busy(5)) : 'ok'), { idempotent: false }),
    'ok',
  );
});
