// The verdict vocabulary: what a probe concluded about one term.

/** Verdicts that mean the term was filtered. */
export const FILTERED_VERDICTS = ['masked', 'removed', 'altered', 'blocked', 'blank'] as const;
export type FilteredVerdict = (typeof FILTERED_VERDICTS)[number];

export type Verdict = 'intact' | FilteredVerdict | 'inconclusive';

/** Closed set of reasons a verdict is inconclusive. */
export const INCONCLUSIVE_REASONS = [
  'control-failed',
  'positive-control-missed',
  'truism-failed',
  'unstable',
  'reference-not-intact',
  'device-lost',
  'device-unhealthy',
  'session-error',
  'timeout',
  'selector-missing',
  'input-unsupported',
  'canary-unreachable',
  'config-error',
] as const;
export type InconclusiveReason = (typeof INCONCLUSIVE_REASONS)[number];

/** The channels a probe observes. */
export type ChannelName = 'echo' | 'egress' | 'render';

/** What one channel saw, and what the oracle made of it. */
export interface ChannelObservation {
  /** Text the channel saw; null when the channel saw nothing (never arrived, element missing). */
  observed: string | null;
  /** Class of the difference between the payload and `observed`. */
  verdict: Verdict;
  /** The difference itself, e.g. `Free *****`; null when intact. */
  difference: string | null;
}

export function isFiltered(verdict: Verdict): verdict is FilteredVerdict {
  return (FILTERED_VERDICTS as readonly string[]).includes(verdict);
}
