import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { allureTestIdsOf, allureTestResultOf } from '../../../src/report/allure-test-result.ts';
import { finding, MI_V4, probeResult } from '../../support/probe-results.ts';

/**
 * @wdio/allure-reporter 9.32's ids of a mocha test: WebdriverIO's mocha framework joins the
 * describe and the test title with `.`; the history id is md5 of that `#` the capability key.
 */
function wdioIds(specFile: string, describe: string, title: string, capabilityKey: string) {
  const fullTitle = `${describe}.${title}`;
  return {
    fullTitle,
    fullName: `${specFile}#${fullTitle}`,
    historyId: createHash('md5').update(`${fullTitle}#${capabilityKey}`).digest('hex'),
  };
}

const MESSENGER_TERM = probeResult({
  target: 'lab-messenger',
  targetKind: 'messenger',
  direction: 'outbound',
  inputPath: 'key-events',
});

describe('allureTestIdsOf', () => {
  test('gives a test the ids @wdio/allure-reporter gave it for the same title', () => {
    assert.deepEqual(
      allureTestIdsOf(probeResult(), 'chrome'),
      wdioIds(
        'specs/browser.probe.ts',
        MI_V4,
        'lab-browser › free-tibet-en [key-events]',
        'chrome',
      ),
    );
    assert.deepEqual(
      allureTestIdsOf(MESSENGER_TERM, 'multiremote'),
      wdioIds(
        'specs/messenger.probe.ts',
        MI_V4,
        'lab-messenger › free-tibet-en › outbound [key-events]',
        'multiremote',
      ),
    );
  });

  test('matches the history id @wdio/allure-reporter 9.32 wrote for a lab messenger probe', () => {
    // recorded from the reporter itself, driven with the spec's events (browserName chrome)
    const ids = allureTestIdsOf(MESSENGER_TERM, 'chrome');
    assert.equal(ids.historyId, '9b246198e83a15479844ab38869383ce');
    assert.equal(
      ids.fullName,
      `specs/messenger.probe.ts#${MI_V4}.lab-messenger › free-tibet-en › outbound [key-events]`,
    );
  });

  test('is the same for every run and verdict of a probe, and differs between probes', () => {
    const first = allureTestIdsOf(probeResult(), 'chrome');
    const later = allureTestIdsOf(
      finding('masked', { runId: 'run-9', probeToken: '1', deviceId: 'other' }),
      'chrome',
    );
    assert.deepEqual(later, first);
    const control = allureTestIdsOf(probeResult({ role: 'control' }), 'chrome');
    assert.notEqual(control.historyId, first.historyId);
  });

  test('hashes the full title alone when the session had no capability key', () => {
    const ids = allureTestIdsOf(probeResult(), '');
    assert.equal(ids.historyId, createHash('md5').update(ids.fullTitle).digest('hex'));
  });
});

describe('allureTestResultOf', () => {
  test('names the test, its suite, labels and parameters as the spec and reporter did', () => {
    // one change: the probe token no longer splits the test's history (it is new every attempt)
    const result = finding('masked', { channel: 'echo', probeToken: '400917' });
    const test = allureTestResultOf(result, 'chrome');
    assert.equal(test.name, 'lab-browser › free-tibet-en [key-events]');
    assert.equal(test.testCaseId, test.historyId);
    assert.deepEqual(test.titlePath, ['specs', 'browser.probe.ts', MI_V4]);
    assert.deepEqual(test.labels, [
      { name: 'parentSuite', value: MI_V4 },
      { name: 'package', value: 'specs.browser.probe.ts' },
      { name: 'language', value: 'javascript' },
      { name: 'framework', value: 'wdio' },
      { name: 'thread', value: '0-0' },
      { name: 'firmwareKey', value: MI_V4 },
      { name: 'device', value: 'mi10t' },
      { name: 'app', value: 'lab-browser' },
      { name: 'term', value: 'Free Tibet' },
      { name: 'language', value: 'en' },
      { name: 'category', value: 'political' },
      { name: 'verdict', value: 'masked' },
      { name: 'inputPath', value: 'key-events' },
      { name: 'role', value: 'term' },
      { name: 'probeId', value: result.probeId },
    ]);
    assert.deepEqual(test.parameters, [
      { name: 'term', value: 'Free Tibet' },
      { name: 'probe token', value: '400917', excluded: true },
    ]);
    assert.equal(test.status, 'failed');
    assert.equal(test.stage, 'finished');
  });

  test('starts and stops when the probe did', () => {
    const test = allureTestResultOf(probeResult(), 'chrome');
    assert.equal(test.start, Date.parse('2026-11-01T02:00:00.000Z'));
    assert.equal(test.stop, Date.parse('2026-11-01T02:00:01.000Z'));
  });

  test('adds notes after the verdict’s message, which stays first and whole', () => {
    const result = finding('masked', { channel: 'echo', detail: 'Free *****' });
    const test = allureTestResultOf(result, 'chrome', ['evidence missing: evidence/run-1/x.png']);
    assert.equal(
      test.statusDetails.message,
      'finding: masked on echo: "Free Tibet" — Free *****\n\nevidence missing: evidence/run-1/x.png',
    );
    const passed = allureTestResultOf(probeResult(), 'chrome', ['evidence missing: a.png']);
    assert.equal(passed.status, 'passed');
    assert.equal(passed.statusDetails.message, 'evidence missing: a.png');
    assert.deepEqual(allureTestResultOf(probeResult(), 'chrome').statusDetails, {});
  });
});
