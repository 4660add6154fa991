import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EwsError,
  ResponseMessageError,
  SoapFaultError,
  XmlSecurityError,
  classifyEwsError,
} from '../../../src/ews/errors.ts';

const rm = (responseCode: string, messageXml: Record<string, string> = {}) =>
  new ResponseMessageError({ responseCode, messageText: 'x', messageXml });

test('transient response codes are classified transient, with the server back-off', () => {
  for (const code of [
    'ErrorInternalServerTransientError',
    'ErrorTooManyObjectsOpened',
    'ErrorTimeoutExpired',
    'ErrorInternalServerError',
  ]) {
    assert.deepEqual(classifyEwsError(rm(code)), { transient: true }, code);
  }
  assert.deepEqual(classifyEwsError(rm('ErrorServerBusy', { BackOffMilliseconds: '1500' })), {
    transient: true,
    backOffMs: 1500,
  });
  const fault = new SoapFaultError({
    responseCode: 'ErrorServerBusy',
    messageText: 'busy',
    messageXml: {},
    faultCode: 'a:ErrorServerBusy',
    faultString: 'busy',
  });
  assert.deepEqual(classifyEwsError(fault), { transient: true });
});

test('an inner error code decides for ErrorInternalServerError', () => {
  assert.deepEqual(
    classifyEwsError(
      rm('ErrorInternalServerError', { InnerErrorResponseCode: 'ErrorQuotaExceededOnDelete' }),
    ),
    { transient: false },
  );
  assert.deepEqual(
    classifyEwsError(rm('ErrorInternalServerError', { InnerErrorResponseCode: 'ErrorServerBusy' })),
    {
      transient: true,
    },
  );
});

test('permanent errors stay permanent', () => {
  for (const code of [
    'ErrorItemNotFound',
    'ErrorInvalidIdMalformed',
    'ErrorIrresolvableConflict',
    'ErrorAccessDenied',
  ]) {
    assert.deepEqual(classifyEwsError(rm(code)), { transient: false }, code);
  }
  assert.deepEqual(classifyEwsError(new XmlSecurityError('ews.xml_too_deep', 'deep')), { transient: false });
  assert.deepEqual(classifyEwsError(new Error('boom')), { transient: false });
  assert.deepEqual(classifyEwsError('nope'), { transient: false });
});

test('HTTP 503 and retryable transport errors are transient', () => {
  assert.deepEqual(classifyEwsError(new EwsError('HTTP_STATUS', 'unavailable', { httpStatus: 503 })), {
    transient: true,
  });
  assert.deepEqual(classifyEwsError(new EwsError('HTTP_STATUS', 'forbidden', { httpStatus: 403 })), {
    transient: false,
  });
  class Reset extends EwsError {
    readonly retryable = true;
  }
  assert.deepEqual(classifyEwsError(new Reset('CONNECTION_RESET', 'reset')), { transient: true });
});

test('errors carry a stable code, a name and a sentence', () => {
  const e = rm('ErrorItemNotFound');
  assert.equal(e.code, 'ews.response_error');
  assert.equal(e.name, 'ResponseMessageError');
  assert.match(e.message, /ErrorItemNotFound/);
  assert.ok(e instanceof EwsError);
});
