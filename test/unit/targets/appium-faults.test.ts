import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProbeFault } from '../../../src/errors.ts';
import { faultCodeOf, toProbeFault } from '../../../src/targets/appium-faults.ts';

/** An error shaped like webdriverio's WebDriverResponseError: the W3C code in `name`. */
function responseError(w3cCode: string, message: string): Error {
  const error = new Error(`WebDriverError: ${message} when running "element" with method "POST"`);
  error.name = w3cCode;
  return error;
}

/** An error shaped like webdriverio's WebDriverRequestError: a network code, no W3C code. */
function requestError(code: string): Error {
  const error = new Error(
    `WebDriverError: Request failed with error code ${code} when running "source"`,
  );
  Object.assign(error, { code });
  return error;
}

describe('toProbeFault', () => {
  test('maps a missing element to E_SELECTOR_MISSING by its W3C code', () => {
    const fault = toProbeFault(responseError('no such element', 'An element could not be located'));
    assert.equal(fault.code, 'E_SELECTOR_MISSING');
  });

  test('maps an invalid session id (the session died with the phone) to E_DEVICE_LOST', () => {
    assert.equal(
      faultCodeOf(
        responseError('invalid session id', 'A session is either terminated or not started'),
      ),
      'E_DEVICE_LOST',
    );
  });

  test('maps "session not created" to E_DEVICE_LOST when no Android device is connected, else E_SESSION', () => {
    const noDevice = responseError(
      'session not created',
      'A new session could not be created. Details: Could not find a connected Android device in 20000ms.',
    );
    assert.equal(faultCodeOf(noDevice), 'E_DEVICE_LOST');
    const otherwise = responseError('session not created', "'automationName' can't be blank");
    assert.equal(faultCodeOf(otherwise), 'E_SESSION');
  });

  test('reads the W3C code from a raw response body `error` field too', () => {
    assert.equal(faultCodeOf({ error: 'no such element', message: 'x' }), 'E_SELECTOR_MISSING');
    assert.equal(faultCodeOf({ error: 'timeout', message: 'x' }), 'E_TIMEOUT');
  });

  test('checks the code before the message: a code the message contradicts still wins', () => {
    const error = responseError(
      'no such element',
      'the message mentions socket hang up and timeouts',
    );
    assert.equal(faultCodeOf(error), 'E_SELECTOR_MISSING');
  });

  test('maps an unreachable Appium server (ECONNREFUSED, also as a cause) to E_DEVICE_LOST', () => {
    assert.equal(faultCodeOf(requestError('ECONNREFUSED')), 'E_DEVICE_LOST');
    assert.equal(
      faultCodeOf(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      'E_DEVICE_LOST',
    );
    assert.equal(faultCodeOf(requestError('UND_ERR_SOCKET')), 'E_DEVICE_LOST');
  });

  test('maps a socket hang up, which carries no code, to E_DEVICE_LOST by its message', () => {
    assert.equal(faultCodeOf(new Error('socket hang up')), 'E_DEVICE_LOST');
  });

  test('maps driver and network timeouts to E_TIMEOUT', () => {
    assert.equal(faultCodeOf(responseError('timeout', 'timed out')), 'E_TIMEOUT');
    assert.equal(faultCodeOf(responseError('script timeout', 'x')), 'E_TIMEOUT');
    assert.equal(faultCodeOf(requestError('ETIMEDOUT')), 'E_TIMEOUT');
    assert.equal(faultCodeOf(new Error('waitUntil condition timed out after 5000ms')), 'E_TIMEOUT');
  });

  test("maps webdriverio's element-not-found error, which has no code, to E_SELECTOR_MISSING", () => {
    const error = new Error(
      `Can't call click on element with selector "//*[@resource-id="cw-submit"]" because element wasn't found`,
    );
    assert.equal(faultCodeOf(error), 'E_SELECTOR_MISSING');
  });

  test('calls anything else a session error and keeps the original as the cause', () => {
    const original = responseError('unknown error', 'An unknown server-side error occurred');
    const fault = toProbeFault(original);
    assert.ok(fault instanceof ProbeFault);
    assert.equal(fault.code, 'E_SESSION');
    assert.equal(fault.cause, original);
    assert.match(fault.message, /An unknown server-side error occurred/);
    assert.equal(faultCodeOf('a string thrown'), 'E_SESSION');
  });

  test('passes a ProbeFault through unchanged', () => {
    const fault = new ProbeFault('E_CANARY_UNREACHABLE', 'down');
    assert.equal(toProbeFault(fault), fault);
  });
});
