// A batch whose WDIO run ended before its session started: whether it did, when to try again, and Appium's own words for why.
import type { HealthPolicy } from '../src/devices/device-health.ts';
import type { InconclusiveReason } from '../src/oracle/verdict.ts';

/** How a batch's WDIO run ended, as the device worker saw it. */
export interface LaunchEnd {
  /** The launcher's exit code; null when it was stopped. */
  exitCode: number | null;
  /** Stopped at the batch's deadline. */
  timedOut: boolean;
}

/**
 * The run ended by itself, non-zero, and no probe of the batch is recorded: its session never
 * started (the phone is not there for Appium, Appium refused the capabilities, …). A run stopped
 * at its deadline is a timeout, whatever it recorded; a batch with any recorded probe is never
 * tried again, so nothing recorded is redone.
 */
export function sessionNeverStarted(launched: LaunchEnd, recordedProbes: number): boolean {
  return !launched.timedOut && launched.exitCode !== 0 && recordedProbes === 0;
}

/** What the try after `failedTries` failed ones does: wait and try again, or give up. */
export type NextTry =
  { retry: true; tries: number; waitMs: number } | { retry: false; tries: number };

/**
 * The health policy's retries, one count for the gate and the session (a batch is tried
 * `attempts` times in all): this try is number `failedTries + 1`; before the last one the job
 * waits `backoffMs`, doubled after each try.
 */
export function nextTry(
  failedTries: number,
  policy: Pick<HealthPolicy, 'attempts' | 'backoffMs'>,
): NextTry {
  const tries = failedTries + 1;
  if (tries < policy.attempts) {
    return { retry: true, tries, waitMs: policy.backoffMs * 2 ** (tries - 1) };
  }
  return { retry: false, tries };
}

/**
 * How many tries of a job could not start its batch (its phone failed the health gate, or its
 * session never started), kept in the job's progress as `healthTries`.
 */
export function failedTriesOf(progress: unknown): number {
  const tries = (progress as { healthTries?: unknown } | null)?.healthTries;
  return typeof tries === 'number' && Number.isInteger(tries) && tries > 0 ? tries : 0;
}

/** The job progress that records `tries` failed tries (read back by {@link failedTriesOf}). */
export function progressOfFailedTries(tries: number): { healthTries: number } {
  return { healthTries: tries };
}

/** WDIO's line for a session it could not start: `… ERROR @wdio/runner: Error: <message>`. */
const RUNNER_ERROR = /ERROR @wdio\/(?:runner|local-runner|cli)[^:]*:\s*(?:Error:\s*)?(.+)$/;
/** The worker's prefix on each line of its output, e.g. `[0-0] `. */
const WORKER_PREFIX = /^\[\d+-\d+\]\s?/;
/** Where a message that goes on over lines ends: a stack frame, the next log line, the summary. */
const MESSAGE_END = /^(?:at\s|\d{4}-\d\d-\d\dT|(?:FAILED|PASSED) in |Spec Files:)/;
/** webdriver's suffix naming the request, which says nothing of the cause. */
const REQUEST_SUFFIX = /\s*when running "[^"]*" with method "[A-Z]+"\s*$/;
const MAX_MESSAGE = 500;

/**
 * Appium's message for a session that did not start, out of the launcher's output tail, on one
 * line (a message over several, e.g. an adb command's output, is joined), e.g.
 * `WebDriverError: Device R5CT… was not in the list of connected devices`; else the last line.
 */
export function sessionFailureOf(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim().replace(WORKER_PREFIX, '').trim())
    .filter(Boolean);
  const at = lines.findLastIndex((line) => RUNNER_ERROR.test(line));
  if (at < 0) return (lines.at(-1) ?? 'no output').slice(0, MAX_MESSAGE);
  const message = [RUNNER_ERROR.exec(lines[at]!)![1]!];
  for (const line of lines.slice(at + 1)) {
    if (MESSAGE_END.test(line)) break;
    message.push(line);
  }
  return message.join(' ').replace(REQUEST_SUFFIX, '').slice(0, MAX_MESSAGE);
}

/**
 * Appium's answers that the phone is not there for it (appium-adb's and the Android driver's
 * words, read in their code under .appium/node_modules, 2026-12-02): no device at all after its
 * 20 s wait, the udid not among the attached ones, or attached but not usable.
 */
const PHONE_NOT_THERE: readonly RegExp[] = [
  /could not find a connected android device/i,
  /device \S+ was not in the list of connected devices/i,
  /device (?:\S+ )?(?:is )?(?:offline|unauthorized|not found)/i,
];

/**
 * Why the probes of a batch whose session never started end inconclusive: `device-unhealthy`
 * when Appium answered that the phone is not there (the gate's reason: the phone could not take
 * the batch), else `session-error` (Appium unreachable, or the server or driver refused the
 * session for another reason).
 */
export function unstartedReasonOf(
  failure: string,
): Extract<InconclusiveReason, 'device-unhealthy' | 'session-error'> {
  return PHONE_NOT_THERE.some((pattern) => pattern.test(failure))
    ? 'device-unhealthy'
    : 'session-error';
}
