// Deadlines of a probe, derived from its control's measured timings rather than fixed sleeps.

export interface ProbeTimings {
  /** Submit until the app moved on. */
  submitMs: number;
  /** Submit until the far end recorded the payload. */
  egressMs: number | null;
}

export interface ProbeDeadlines {
  /** How long to wait for the app to move on after submit. */
  submitMs: number;
  /** How long after submit to wait for the far end. */
  egressMs: number;
  /** How long to watch the render channel for late filtering after the first read. */
  settleMs: number;
}

/** Used for a control, whose own timings are not known yet. */
export const CONTROL_DEADLINES: ProbeDeadlines = {
  submitMs: 15 * 1000,
  egressMs: 15 * 1000,
  settleMs: 1500,
};

const FLOOR_MS = 2 * 1000;
const CEILING_MS = 15 * 1000;
const SETTLE_FLOOR_MS = 1500;
const SETTLE_CEILING_MS = 5 * 1000;
/** A sensitive term gets this many times its control's latency (plus one second of slack). */
const LATENCY_FACTOR = 4;
const SLACK_MS = 1000;

const clamp = (value: number, low: number, high: number): number =>
  Math.min(high, Math.max(low, value));

/** Deadlines for a sensitive term from its control's timings. */
export function deadlinesFromControl(control: ProbeTimings): ProbeDeadlines {
  const egress = control.egressMs ?? control.submitMs;
  return {
    submitMs: clamp(control.submitMs * LATENCY_FACTOR + SLACK_MS, FLOOR_MS, CEILING_MS),
    egressMs: clamp(egress * LATENCY_FACTOR + SLACK_MS, FLOOR_MS, CEILING_MS),
    settleMs: clamp(control.submitMs * 3, SETTLE_FLOOR_MS, SETTLE_CEILING_MS),
  };
}
