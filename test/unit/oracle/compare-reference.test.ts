import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareWithReferences } from '../../../src/oracle/compare-reference.ts';
import type { Verdict } from '../../../src/oracle/verdict.ts';
import type { ProbeResult } from '../../../src/store/probe-result.ts';

function result(
  deviceId: string,
  termId: string,
  verdict: Verdict,
  role: ProbeResult['role'] = 'term',
): ProbeResult {
  return {
    runId: 'r',
    probeId: `${deviceId}-${termId}-${role}`,
    probeToken: '1',
    deviceId,
    firmwareKey: deviceId,
    target: 'lab-browser',
    targetKind: 'browser',
    inputPath: 'key-events',
    termId,
    term: termId,
    language: 'en',
    category: 'c',
    source: 's',
    role,
    controlOf: role === 'control' ? termId : null,
    verdict,
    reason: null,
    detail: null,
    channel: verdict === 'intact' ? null : 'render',
    channels: { echo: null, egress: null, render: null },
    attempts: [],
    reference: null,
    evidence: [],
    timings: {},
    startedAt: '',
    endedAt: '',
  };
}
const referenceOf = (id: string) => (id === 'mi' ? 'pixel' : undefined);

describe('reference devices', () => {
  test('keep a finding whose term came through intact on the reference, with the comparison', () => {
    const [change] = compareWithReferences(
      [result('mi', 'a', 'masked'), result('pixel', 'a', 'intact')],
      referenceOf,
    );
    assert.equal(change!.downgraded, false);
    assert.equal(change!.result.verdict, 'masked');
    assert.deepEqual(change!.result.reference, {
      deviceId: 'pixel',
      verdict: 'intact',
      probeId: 'pixel-a-term',
    });
  });

  test('turn a finding the reference shares into inconclusive', () => {
    const [change] = compareWithReferences(
      [result('mi', 'a', 'masked'), result('pixel', 'a', 'masked')],
      referenceOf,
    );
    assert.equal(change!.downgraded, true);
    assert.equal(change!.result.verdict, 'inconclusive');
    assert.equal(change!.result.reason, 'reference-not-intact');
  });

  test('turn a finding whose term the reference never probed into inconclusive', () => {
    const [change] = compareWithReferences([result('mi', 'a', 'blocked')], referenceOf);
    assert.equal(change!.result.reason, 'reference-not-intact');
    assert.match(change!.result.detail ?? '', /not probed/);
  });

  test('leave devices without a reference, and non-findings, alone', () => {
    const changes = compareWithReferences(
      [
        result('pixel', 'a', 'masked'),
        result('mi', 'b', 'intact'),
        result('mi', 'c', 'masked', 'control'),
      ],
      referenceOf,
    );
    assert.deepEqual(changes, []);
  });
});
