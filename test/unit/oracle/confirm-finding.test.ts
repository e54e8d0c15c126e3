import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  confirmFinding,
  DEFAULT_REPETITION,
  needsAnotherAttempt,
} from '../../../src/oracle/confirm-finding.ts';
import type { ProbeDecision } from '../../../src/oracle/decide-probe.ts';
import type { Verdict } from '../../../src/oracle/verdict.ts';

const decision = (verdict: Verdict, reason: ProbeDecision['reason'] = null): ProbeDecision => ({
  verdict,
  reason,
  channel: verdict === 'intact' || verdict === 'inconclusive' ? null : 'render',
  channels: { echo: null, egress: null, render: null },
  detail: verdict,
});

describe('repetition', () => {
  test('asks for a second attempt only after a filtered first attempt', () => {
    assert.equal(needsAnotherAttempt([decision('intact')], DEFAULT_REPETITION), false);
    assert.equal(needsAnotherAttempt([decision('masked')], DEFAULT_REPETITION), true);
    assert.equal(
      needsAnotherAttempt([decision('masked'), decision('masked')], DEFAULT_REPETITION),
      false,
    );
  });

  test('confirms a finding when 2 of 2 attempts agree on the class', () => {
    const final = confirmFinding([decision('masked'), decision('masked')], DEFAULT_REPETITION);
    assert.equal(final.verdict, 'masked');
    assert.match(final.detail ?? '', /confirmed 2 of 2/);
  });

  test('calls disagreeing attempts unstable, never a finding', () => {
    const final = confirmFinding([decision('masked'), decision('intact')], DEFAULT_REPETITION);
    assert.equal(final.verdict, 'inconclusive');
    assert.equal(final.reason, 'unstable');
    const classes = confirmFinding([decision('masked'), decision('blocked')], DEFAULT_REPETITION);
    assert.equal(classes.reason, 'unstable');
  });

  test('keeps the reason of a later attempt that faulted', () => {
    const final = confirmFinding(
      [decision('masked'), decision('inconclusive', 'device-lost')],
      DEFAULT_REPETITION,
    );
    assert.equal(final.verdict, 'inconclusive');
    assert.equal(final.reason, 'device-lost');
  });

  test('follows a 2 of 3 policy: stops as soon as it is settled', () => {
    const policy = { required: 2, attempts: 3 };
    assert.equal(needsAnotherAttempt([decision('masked'), decision('intact')], policy), true);
    assert.equal(
      confirmFinding([decision('masked'), decision('intact'), decision('masked')], policy).verdict,
      'masked',
    );
    assert.equal(needsAnotherAttempt([decision('masked'), decision('masked')], policy), false);
  });

  test('leaves an intact first attempt alone', () => {
    assert.equal(confirmFinding([decision('intact')], DEFAULT_REPETITION).verdict, 'intact');
  });
});
