// The record of one probe, as stored and as printed by `censorwatch results --json`.
import type {
  ChannelName,
  ChannelObservation,
  InconclusiveReason,
  Verdict,
} from '../oracle/verdict.ts';
import type { InputPath, TargetKind } from '../targets/target.ts';

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
  inputPath: InputPath;
  termId: string;
  term: string;
  language: string;
  category: string;
  source: string;
  /** Term id this probe is the control of; null for a sensitive term. */
  controlOf: string | null;
  verdict: Verdict;
  /** Set when verdict is inconclusive. */
  reason: InconclusiveReason | null;
  /** Human detail (the fault message, which channel differed). */
  detail: string | null;
  /** Channel on which the first difference appeared; null when intact or inconclusive. */
  channel: ChannelName | 'state' | null;
  channels: Record<ChannelName, ChannelObservation | null>;
  /** Paths of evidence files (screenshot, DOM), relative to the reports directory. */
  evidence: string[];
  /** Timings in ms: submit → moved on, submit → egress arrived, etc. */
  timings: Record<string, number>;
  startedAt: string;
  endedAt: string;
}
