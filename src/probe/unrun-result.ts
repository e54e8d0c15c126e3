// The result of a planned probe that never ran: inconclusive, with why.
import type { InconclusiveReason } from '../oracle/verdict.ts';
import type { ProbeIdentity } from '../store/planned-probe.ts';
import type { ProbeResult } from '../store/probe-result.ts';

export function unrunResult(
  identity: ProbeIdentity,
  why: { reason: InconclusiveReason; detail: string; evidence?: readonly string[] },
  at: string,
): ProbeResult {
  return {
    ...identity,
    probeToken: '',
    verdict: 'inconclusive',
    reason: why.reason,
    detail: why.detail,
    channel: null,
    channels: { echo: null, egress: null, render: null },
    attempts: [],
    reference: null,
    evidence: [...(why.evidence ?? [])],
    timings: {},
    startedAt: at,
    endedAt: at,
  };
}
