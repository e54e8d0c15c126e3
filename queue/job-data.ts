// The data each kind of job carries (plain JSON; typed here, built by producers, read by workers).
import type { DeviceSelector } from '../src/config/load-config.ts';
import type { RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import type { ProbeBatchRequest } from '../src/probe/probe-batch.ts';

export type RunKind = 'nightly' | 'check';

/** A child of a run flow: one (device × target × batch). */
export type ProbeBatchJobData = ProbeBatchRequest;

/** What a probe batch job returns. */
export interface ProbeBatchJobResult {
  batchId: string;
  deviceId: string;
  firmwareKey: string;
  probes: number;
  /** Probes the spec never recorded, filled in as inconclusive. */
  filledInconclusive: number;
  /** WDIO launcher exit code (non-zero whenever a test did not pass). */
  launcherExitCode: number | null;
}

/** The parent of a run flow. */
export interface CompileReportJobData {
  runId: string;
}

/** A request to start a run (from a schedule). */
export interface StartRunJobData {
  kind: RunKind;
  /** The schedule that fired. */
  schedule?: string;
  termListFile: string;
  devices: DeviceSelector;
  /** Target apps; absent: all of each phone's. */
  targets?: string[];
  /** Absent: the farm's repetition policy. */
  repetition?: RepetitionPolicy;
}
