// The seam between the probe engine and whatever carries a probe out (a lab phone, a phone, a fake in tests).
import type { ProbeObservations } from '../oracle/decide-probe.ts';
import type { ProbeResult } from '../store/probe-result.ts';
import type { MessageDirection } from '../targets/target.ts';
import type { ProbeDeadlines, ProbeTimings } from './probe-deadlines.ts';

/** One payload to carry out. */
export interface ProbeRequest {
  payload: string;
  /** Random neutral token that travels beside the payload, so the far end can find it. */
  token: string;
  deadlines: ProbeDeadlines;
  /** Messenger probes: which way the message goes; null for browsers. */
  direction: MessageDirection | null;
}

/** What carrying out one payload observed. */
export interface ProbeOutcome {
  observations: ProbeObservations;
  timings: ProbeTimings & { settledMs: number | null };
  /** Messenger probes: what the far end recorded (the peer's stanza, or what its screen showed), kept as evidence. */
  farEnd?: string;
}

/** Evidence files written for one probe (paths relative to the reports folder). */
export interface KeptEvidence {
  paths: string[];
  /** Why some evidence could not be taken (a lost device); null when all of it was. */
  error: string | null;
}

/** How one kind of target carries out probes; the engine around it is the same for all. */
export interface ProbeDriver {
  /** Opens what the probes need; throws (ConfigError, ProbeFault) when the batch cannot run. */
  setUp(): Promise<void>;
  /** Closes what setUp opened. */
  tearDown(): Promise<void>;
  /** Carries out one probe; throws (a ProbeFault) when it cannot. */
  run(probe: ProbeRequest): Promise<ProbeOutcome>;
  /** Keeps evidence of a non-intact verdict: screenshot and DOM, and what the far end recorded. */
  keepEvidence(probe: { probeId: string; farEnd?: string }): Promise<KeptEvidence>;
}

/** Where results go the moment they are known (the store). */
export interface ProbeSink {
  /** Resolves once the result is durable; a failure stops the batch (nothing is lost: the plan is stored). */
  record(result: ProbeResult): Promise<void>;
}
