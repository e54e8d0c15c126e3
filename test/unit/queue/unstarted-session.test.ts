import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  failedTriesOf,
  nextTry,
  progressOfFailedTries,
  sessionFailureOf,
  sessionNeverStarted,
  unstartedReasonOf,
} from '../../../queue/unstarted-session.ts';

/** The tail of a WDIO run whose session Appium's UiAutomator2 refused (as printed here, 2026-12-02). */
const NOT_CONNECTED = [
  '[0-0]     at async Runner.run (file:///work/main/node_modules/@wdio/runner/build/index.js:749:16)',
  '[0-0] 2026-12-02T17:41:43.512Z ERROR @wdio/runner: Error: WebDriverError: Device 127.0.0.1:43947 was not in the list of connected devices when running "http://127.0.0.1:36081/session" with method "POST"',
  '[0-0]     at startWebDriverSession (file:///work/main/node_modules/webdriver/build/node.js:1380:11)',
  '[0-0] FAILED in Android on Android - file:///specs/browser.probe.ts',
  '',
  'Spec Files:\t 0 passed, 1 failed, 1 total (100% completed) in 00:00:01  ',
  '',
].join('\n');

test('a run that ended non-zero by itself with no probe recorded never started its session', () => {
  assert.equal(sessionNeverStarted({ exitCode: 1, timedOut: false }, 0), true);
});

test('a run that recorded any probe, ended cleanly or was stopped at its deadline is not retried', () => {
  assert.equal(sessionNeverStarted({ exitCode: 1, timedOut: false }, 1), false);
  assert.equal(sessionNeverStarted({ exitCode: 0, timedOut: false }, 0), false);
  assert.equal(sessionNeverStarted({ exitCode: null, timedOut: true }, 0), false);
});

test('tries wait with a doubling backoff until the last of `attempts`, which gives up', () => {
  const policy = { attempts: 4, backoffMs: 1000 };
  assert.deepEqual(nextTry(0, policy), { retry: true, tries: 1, waitMs: 1000 });
  assert.deepEqual(nextTry(1, policy), { retry: true, tries: 2, waitMs: 2000 });
  assert.deepEqual(nextTry(2, policy), { retry: true, tries: 3, waitMs: 4000 });
  assert.deepEqual(nextTry(3, policy), { retry: false, tries: 4 });
  assert.deepEqual(nextTry(0, { attempts: 1, backoffMs: 1000 }), { retry: false, tries: 1 });
});

test('failed tries are read back from the job progress they were written to, and junk counts as none', () => {
  assert.equal(failedTriesOf(progressOfFailedTries(3)), 3);
  for (const junk of [
    null,
    0,
    {},
    { healthTries: -1 },
    { healthTries: 1.5 },
    { healthTries: '2' },
  ]) {
    assert.equal(failedTriesOf(junk), 0, JSON.stringify(junk));
  }
});

test("Appium's message is taken from WDIO's runner error line, without the request it was sent with", () => {
  assert.equal(
    sessionFailureOf(NOT_CONNECTED),
    'WebDriverError: Device 127.0.0.1:43947 was not in the list of connected devices',
  );
});

test('a message WDIO printed over several lines is joined into one, without the request', () => {
  const output = [
    "[0-0] 2026-12-02T17:51:57.022Z ERROR @wdio/runner: Error: WebDriverError: Error executing adbExec. Original error: 'Command 'adb -P 37253 -s 127.0.0.1\\:40233 install -r appium-uiautomator2-server-v10.6.6.apk' exited with code 255'; Command output: Performing Push Install",
    '[0-0] adb: error: connect failed: closed',
    '[0-0]  when running "http://127.0.0.1:42813/session" with method "POST"',
    '[0-0] FAILED in Android on Android - file:///specs/browser.probe.ts',
  ].join('\n');
  assert.equal(
    sessionFailureOf(output),
    "WebDriverError: Error executing adbExec. Original error: 'Command 'adb -P 37253 -s 127.0.0.1\\:40233 install -r appium-uiautomator2-server-v10.6.6.apk' exited with code 255'; Command output: Performing Push Install adb: error: connect failed: closed",
  );
});

test('an output with no runner error gives its last line, and no output says so', () => {
  assert.equal(sessionFailureOf('starting\nsomething broke\n\n'), 'something broke');
  assert.equal(sessionFailureOf(''), 'no output');
});

test('a phone Appium cannot find is unhealthy; a session refused for another reason is a session error', () => {
  assert.equal(unstartedReasonOf(sessionFailureOf(NOT_CONNECTED)), 'device-unhealthy');
  assert.equal(
    unstartedReasonOf('Error: Could not find a connected Android device in 20000ms'),
    'device-unhealthy',
  );
  assert.equal(
    unstartedReasonOf(
      "SessionNotCreatedError: Could not find a driver for automationName 'UiAutomator2' and platformName 'Android'",
    ),
    'session-error',
  );
  assert.equal(
    unstartedReasonOf(
      'Error: Failed to create session.\nUnable to connect to "http://127.0.0.1:9/", make sure browser driver is running on that address. (ECONNREFUSED)',
    ),
    'session-error',
    'Appium not answering says nothing of the phone',
  );
});
