// A probe result's Allure status and message: passed, failed (a finding) or broken (inconclusive).
import { Status } from 'allure-js-commons';
import { isFinding } from '../oracle/finding.ts';
import { isFiltered, type InconclusiveReason } from '../oracle/verdict.ts';
import type { ProbeResult, ProbeRole } from '../store/probe-result.ts';
import { findingMessagePrefix, inconclusiveMessagePrefix } from './categories.ts';

/** The statuses a probe can end with: never skipped, since every planned probe gets a verdict. */
export type AllureProbeStatus = Status.PASSED | Status.FAILED | Status.BROKEN;

export interface AllureProbeOutcome {
  status: AllureProbeStatus;
  /** Why it is not passed; the categories (categories.ts) match it. Absent when passed. */
  message?: string;
}

/** What a probe that did not come back as its role needs means for the terms it guards. */
const REASON_OF_ROLE: Record<ProbeRole, InconclusiveReason> = {
  term: 'session-error',
  control: 'control-failed',
  truism: 'truism-failed',
  'positive-control': 'positive-control-missed',
  group: 'session-error',
  'group-control': 'control-failed',
};

/**
 * Intact is passed (for a positive control, filtered is: that is what it is for); a finding is
 * failed with `finding: <verdict> on <channel>: "<term>" — <detail>`; anything else is broken
 * with `inconclusive(<reason>): <detail>`. Observed text goes into the message as it was recorded.
 */
export function allureOutcomeOf(
  result: Pick<
    ProbeResult,
    'role' | 'verdict' | 'reason' | 'detail' | 'channel' | 'term' | 'controlOf'
  >,
): AllureProbeOutcome {
  const passed =
    result.role === 'positive-control' ? isFiltered(result.verdict) : result.verdict === 'intact';
  if (passed) return { status: Status.PASSED };
  if (isFinding(result)) {
    return {
      status: Status.FAILED,
      message: `${findingMessagePrefix(result.verdict)} on ${result.channel}: "${result.term}" — ${result.detail ?? ''}`,
    };
  }
  const reason = result.reason ?? REASON_OF_ROLE[result.role];
  const detail =
    result.verdict === 'inconclusive'
      ? (result.detail ?? '')
      : `${result.controlOf === null ? result.role : `control of ${result.controlOf}`} came back ${result.verdict}: ${result.detail ?? ''}`;
  return { status: Status.BROKEN, message: `${inconclusiveMessagePrefix(reason)} ${detail}` };
}
