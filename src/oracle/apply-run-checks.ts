// Run-level checks: a blind harness (truism failed) or an inactive filter (positive control missed) makes "intact" unknowable.
import type { ProbeDecision } from './decide-probe.ts';
import { isFiltered, type Verdict } from './verdict.ts';

export interface RunChecks {
  /** Verdict of the truism (a query that must always come back intact); absent when none ran. */
  truism?: Verdict;
  /** Verdict of the positive control (a term known to be filtered here); absent when none is configured. */
  positiveControl?: Verdict;
}

export function applyRunChecks(decision: ProbeDecision, checks: RunChecks): ProbeDecision {
  if (decision.verdict === 'inconclusive') return decision;
  if (checks.truism !== undefined && checks.truism !== 'intact') {
    return {
      ...decision,
      verdict: 'inconclusive',
      reason: 'truism-failed',
      channel: null,
      detail: `the truism came back ${checks.truism}, so the harness cannot see this target (${decision.verdict} here)`,
    };
  }
  if (
    checks.positiveControl !== undefined &&
    !isFiltered(checks.positiveControl) &&
    decision.verdict === 'intact'
  ) {
    return {
      ...decision,
      verdict: 'inconclusive',
      reason: 'positive-control-missed',
      detail: `the positive control came back ${checks.positiveControl}: the filter is not active or the harness is blind, so intact proves nothing`,
    };
  }
  return decision;
}
