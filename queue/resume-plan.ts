// A batch begun before (its worker died and BullMQ gave the job to another, or its session died under it): the terms
// it recorded whole stand, the rest run. `recorded` holds the probes whose verdicts stand.
import type { InconclusiveReason } from '../src/oracle/verdict.ts';
import type { PlannedProbe } from '../src/store/planned-probe.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';

export interface ResumedPlan {
  /** What runs now, in the stored order: the run checks (they vouch for this session), and every term not recorded whole. */
  plan: PlannedProbe[];
  /** Probes recorded before, left out. */
  skipped: number;
  /** Whether anything but run checks is left to run. */
  termsLeft: boolean;
}

/**
 * A term and its control (per direction) are left out only when every probe of theirs is
 * recorded: the engine judges a term beside its control, so a pair recorded by halves runs again
 * whole (the store keeps one record per probe id). Run checks always run: they check the session
 * the rest runs in, not the one before.
 */
export function resumePlan(
  plan: readonly PlannedProbe[],
  recorded: ReadonlySet<string>,
): ResumedPlan {
  const pairOf = (p: PlannedProbe) =>
    p.role === 'term' || p.role === 'control'
      ? `${p.controlOf ?? p.term.id}>${p.direction ?? ''}`
      : null;
  const unfinished = new Set<string>();
  for (const probe of plan) {
    const pair = pairOf(probe);
    if (pair !== null && !recorded.has(probe.probeId)) unfinished.add(pair);
  }
  const kept = plan.filter((probe) => {
    const pair = pairOf(probe);
    return pair === null || unfinished.has(pair);
  });
  return {
    plan: kept,
    skipped: plan.length - kept.length,
    termsLeft: kept.some((probe) => pairOf(probe) !== null),
  };
}

/**
 * Why a probe ends inconclusive when its session dies under it: the browser, the phone or Appium
 * went away. A new session may yet decide such a probe; any other reason (a control that failed,
 * a term that cannot be typed, a far end that did not answer in time) is what the phone or its
 * far end did, and stands.
 */
export const SESSION_FAULTS: readonly InconclusiveReason[] = ['session-error', 'device-lost'];

/** The probes of a batch that stand after a session: all but those its death left undecided. */
export function standingAfterSession(records: readonly ProbeResult[]): Set<string> {
  return new Set(
    records
      .filter(
        (r) =>
          r.verdict !== 'inconclusive' || r.reason === null || !SESSION_FAULTS.includes(r.reason),
      )
      .map((r) => r.probeId),
  );
}
