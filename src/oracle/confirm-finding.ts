// Repetition: a filtered verdict becomes a finding only when enough attempts agree on its class.
import type { ProbeDecision } from './decide-probe.ts';
import { isFiltered } from './verdict.ts';

export interface RepetitionPolicy {
  /** Attempts that must show the same filtered class. @defaultValue 2 */
  required: number;
  /** Attempts made at most (the first one included). @defaultValue 2 */
  attempts: number;
}

export const DEFAULT_REPETITION: RepetitionPolicy = { required: 2, attempts: 2 };

/** Whether a term needs another attempt: its first attempt was filtered and the policy is not yet settled. */
export function needsAnotherAttempt(
  decisions: readonly ProbeDecision[],
  policy: RepetitionPolicy,
): boolean {
  const first = decisions[0];
  if (!first || !isFiltered(first.verdict) || decisions.length >= policy.attempts) return false;
  if (decisions.some((d) => d.verdict === 'inconclusive')) return false;
  const agreeing = decisions.filter((d) => d.verdict === first.verdict).length;
  const remaining = policy.attempts - decisions.length;
  return agreeing < policy.required && agreeing + remaining >= policy.required;
}

/** The term's verdict from all its attempts. */
export function confirmFinding(
  decisions: readonly ProbeDecision[],
  policy: RepetitionPolicy,
): ProbeDecision {
  const first = decisions[0];
  if (!first) throw new Error('confirmFinding needs at least one attempt');
  if (!isFiltered(first.verdict)) return first;
  const agreeing = decisions.filter((d) => d.verdict === first.verdict).length;
  if (agreeing >= policy.required) {
    return {
      ...first,
      detail: `${first.detail ?? ''} (confirmed ${agreeing} of ${decisions.length})`,
    };
  }
  const fault = decisions.find((d) => d.verdict === 'inconclusive');
  if (fault) {
    return {
      ...fault,
      detail: `${first.verdict} on the first attempt, not confirmed: ${fault.reason}: ${fault.detail ?? ''}`,
    };
  }
  return {
    verdict: 'inconclusive',
    reason: 'unstable',
    channel: null,
    channels: first.channels,
    detail: `attempts disagree: ${decisions.map((d) => d.verdict).join(', ')} (${policy.required} of ${policy.attempts} required)`,
  };
}
