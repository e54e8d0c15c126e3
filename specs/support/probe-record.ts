// What every probe spec does once the oracle has decided: keep evidence, record, report to Allure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import allure from '@wdio/allure-reporter';
import { CensorwatchError, ProbeFault } from '../../src/errors.ts';
import { allureLabelsOf } from '../../src/report/allure-labels.ts';
import type { ProbeFaultRecord } from '../../src/oracle/decide-probe.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { isFiltered, type InconclusiveReason } from '../../src/oracle/verdict.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import type { ResultStore } from '../../src/store/result-store.ts';
import type { Target } from '../../src/targets/target.ts';

const REASON_BY_CODE: Record<string, InconclusiveReason> = {
  E_DEVICE_LOST: 'device-lost',
  E_SESSION: 'session-error',
  E_SELECTOR_MISSING: 'selector-missing',
  E_TIMEOUT: 'timeout',
  E_CANARY_UNREACHABLE: 'canary-unreachable',
};

/** Any error a probe threw, as the inconclusive reason it stands for. */
export function faultRecordOf(error: unknown): ProbeFaultRecord {
  if (error instanceof CensorwatchError) {
    return { reason: REASON_BY_CODE[error.code] ?? 'session-error', message: error.message };
  }
  return {
    reason: 'session-error',
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Screenshot and DOM for a non-intact verdict and, for messenger probes, what the far end
 * recorded (`farEnd`: the peer's stanza). The far end's record is kept even when the device is
 * lost; a lost device yields no screenshot, not an error.
 */
export async function keepEvidence(
  target: Target,
  reportsDir: string,
  runId: string,
  probeId: string,
  farEnd?: string,
): Promise<{ paths: string[]; error: string | null }> {
  const dir = join(reportsDir, 'evidence', runId);
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  if (farEnd !== undefined) {
    const peer = join(dir, `${probeId}.peer.txt`);
    writeFileSync(peer, farEnd);
    await allure.addAttachment('peer received', farEnd, 'text/plain');
    paths.push(relative(reportsDir, peer));
  }
  try {
    const evidence = await target.captureEvidence();
    const png = join(dir, `${probeId}.png`);
    const dom = join(dir, `${probeId}.html.txt`);
    writeFileSync(png, evidence.screenshotPng);
    writeFileSync(dom, evidence.dom);
    await allure.addAttachment('screenshot', evidence.screenshotPng, 'image/png');
    await allure.addAttachment('dom', evidence.dom, 'text/plain');
    return { paths: [relative(reportsDir, png), relative(reportsDir, dom), ...paths], error: null };
  } catch (error) {
    return { paths, error: error instanceof ProbeFault ? error.message : String(error) };
  }
}

/** Records the result the moment it is known, then tells Allure (intact = passed, filtered = failed, inconclusive = broken). */
export async function recordProbe(store: ResultStore, result: ProbeResult): Promise<void> {
  await store.saveProbe(result);
  const labels = allureLabelsOf(result);
  for (const [name, value] of Object.entries(labels)) allure.addLabel(name, value);
  allure.addArgument('term', result.term);
  allure.addArgument('probe token', result.probeToken);
  await allure.addAttachment(
    'channels',
    JSON.stringify({ channels: result.channels, timings: result.timings }, null, 2),
    'application/json',
  );
  throwForAllure(result);
}

/**
 * Allure's status comes from the mocha test's outcome, so a non-intact verdict ends the test
 * with an error. The result is already recorded: the error is presentation, not control flow.
 */
function throwForAllure(result: ProbeResult): void {
  // A positive control is meant to be filtered: that is its pass.
  const passed =
    result.role === 'positive-control' ? isFiltered(result.verdict) : result.verdict === 'intact';
  if (passed) return;
  if (isFinding(result)) {
    const error = new Error(
      `finding: ${result.verdict} on ${result.channel}: "${result.term}" — ${result.detail ?? ''}`,
    );
    error.name = 'AssertionError';
    throw error;
  }
  const reason = result.reason ?? REASON_OF_ROLE[result.role];
  const detail =
    result.verdict === 'inconclusive'
      ? (result.detail ?? '')
      : `${result.controlOf === null ? result.role : `control of ${result.controlOf}`} came back ${result.verdict}: ${result.detail ?? ''}`;
  // allure-reporter calls any error mentioning "expect" a failure; this one must stay "broken".
  const error = new Error(`inconclusive(${reason}): ${detail.replace(/expect/gi, 'anticipat')}`);
  error.name = 'InconclusiveProbe';
  throw error;
}

/** What a run check that did not come back as it should means for the terms it guards. */
const REASON_OF_ROLE: Record<ProbeResult['role'], InconclusiveReason> = {
  term: 'session-error',
  control: 'control-failed',
  truism: 'truism-failed',
  'positive-control': 'positive-control-missed',
};
