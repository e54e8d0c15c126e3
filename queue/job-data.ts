// The data each kind of job carries (plain JSON; typed here, built by producers, read by workers).
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
  allureResultsDir: string;
}

/** The parent of a run flow. */
export interface CompileReportJobData {
  runId: string;
}

/** A request to start a run (from the nightly scheduler). */
export interface StartRunJobData {
  kind: RunKind;
  termListFile: string;
  deviceIds: string[] | 'all';
}
