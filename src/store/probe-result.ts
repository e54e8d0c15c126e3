// The record of one probe, as stored and as printed by `censorwatch results --json`.
import type { MessageDirection } from '../targets/target.ts';
import type {
  ChannelName,
  ChannelObservation,
  InconclusiveReason,
  Verdict,
} from '../oracle/verdict.ts';
import type { InputPath, TargetKind } from '../targets/target.ts';

/**
 * What a probe is for: a sensitive term, its control, the run's positive control or truism; or,
 * in group screening, a payload of several terms (`group`) and its benign twin (`group-control`).
 */
export type ProbeRole =
  'term' | 'control' | 'positive-control' | 'truism' | 'group' | 'group-control';

/** Whether a result is a group screening probe: evidence of how terms were screened, never a verdict on one term. */
export function isGroupProbe(result: Pick<ProbeResult, 'role'>): boolean {
  return result.role === 'group' || result.role === 'group-control';
}

/**
 * Whether a result is one group screening added to the plan as it went: a group probe, or a
 * combination it found (and that combination's control). Progress counts the plan.
 */
export function isUnplanned(result: Pick<ProbeResult, 'role' | 'members'>): boolean {
  return isGroupProbe(result) || result.members !== undefined;
}

/** One attempt of a probe that was repeated to confirm a finding. */
export interface ProbeAttempt {
  probeToken: string;
  verdict: Verdict;
  reason: InconclusiveReason | null;
  channel: ChannelName | 'state' | null;
  detail: string | null;
}

export interface ProbeResult {
  runId: string;
  /** Deterministic per (run, device, target, term, role): rewriting a probe overwrites, never duplicates. */
  probeId: string;
  probeToken: string;
  deviceId: string;
  /** `<manufacturer> <model> / <firmware version>`. */
  firmwareKey: string;
  target: string;
  targetKind: TargetKind;
  /** Messenger probes: outbound (the phone sends) or inbound (the peer sends); absent for browsers. */
  direction?: MessageDirection;
  inputPath: InputPath;
  termId: string;
  term: string;
  language: string;
  category: string;
  source: string;
  /** Licence of the term's source; absent in records made before it was kept. */
  licence?: string;
  role: ProbeRole;
  /** Term id this probe is the control of; null for every other role. */
  controlOf: string | null;
  verdict: Verdict;
  /** Set when verdict is inconclusive. */
  reason: InconclusiveReason | null;
  /** Human detail (the fault message, which channel differed). */
  detail: string | null;
  /** Channel on which the first difference appeared; null when intact or inconclusive. */
  channel: ChannelName | 'state' | null;
  channels: Record<ChannelName, ChannelObservation | null>;
  /** Every attempt when the probe was repeated to confirm a finding (first attempt first). */
  attempts: ProbeAttempt[];
  /** The same term on the device's reference device in the same run, when it has one. */
  reference: { deviceId: string; verdict: Verdict; probeId: string } | null;
  /** Paths of evidence files (screenshot, DOM), relative to the reports directory. */
  evidence: string[];
  /** Timings in ms: submit → moved on, submit → egress arrived, etc. */
  timings: Record<string, number>;
  startedAt: string;
  endedAt: string;
  /**
   * Group screening: a term (or its control) cleared by an intact group probe rather than probed
   * alone — that group probe, whose record holds its payload and evidence.
   */
  clearedBy?: { probeId: string; probeToken: string };
  /** Group probes: the term ids typed in the payload, in order; a combination (and its control): its components' ids. */
  members?: string[];
}
