import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyRunChecks } from '../../../src/oracle/apply-run-checks.ts';
import type { ProbeDecision } from '../../../src/oracle/decide-probe.ts';
import type { Verdict } from '../../../src/oracle/verdict.ts';

const decision = (verdict: Verdict): ProbeDecision => ({
  verdict,
  reason: null,
  channel: null,
  channels: { echo: null, egress: null, render: null },
  detail: null,
});

describe('run checks', () => {
  test('a missed positive control makes an intact term inconclusive, not clean', () => {
    const final = applyRunChecks(decision('intact'), { positiveControl: 'intact' });
    assert.equal(final.verdict, 'inconclusive');
    assert.equal(final.reason, 'positive-control-missed');
  });

  test('a positive control that was filtered leaves intact terms intact', () => {
    assert.equal(
      applyRunChecks(decision('intact'), { positiveControl: 'masked' }).verdict,
      'intact',
    );
  });

  test('a failed truism makes every verdict inconclusive, findings included', () => {
    for (const verdict of ['intact', 'masked', 'blocked'] as const) {
      const final = applyRunChecks(decision(verdict), { truism: 'blocked' });
      assert.equal(final.reason, 'truism-failed', verdict);
    }
  });

  test('without run checks a verdict stands', () => {
    assert.equal(applyRunChecks(decision('masked'), {}).verdict, 'masked');
  });
});
