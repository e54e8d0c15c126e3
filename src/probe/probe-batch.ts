// A batch of terms to probe on one device and target: what a queue job hands the WDIO spec.
import { readFileSync, writeFileSync } from 'node:fs';
import type { DeviceProfile, DeviceTarget } from '../devices/device-profile.ts';
import type { LabMessengerSettings } from '../lab/lab-messenger-service.ts';
import type { RepetitionPolicy } from '../oracle/confirm-finding.ts';
import type { Term } from '../terms/term.ts';

/** What a run asks of one device and target: the terms of one batch. */
export interface ProbeBatchRequest {
  runId: string;
  batchId: string;
  device: DeviceProfile;
  target: DeviceTarget;
  terms: Term[];
  termList: { name: string; sha256: string };
  /** How many attempts must agree before a filtered verdict is a finding. */
  repetition: RepetitionPolicy;
}

/** A request made ready to run by the device's worker. */
export interface ProbeBatch extends ProbeBatchRequest {
  /** WebDriver capabilities for this device's session. */
  capabilities: Record<string, unknown>;
  /** Appium server for this device. */
  appiumUrl: string;
  /** Canary the browser probes submit to. */
  canaryUrl: string;
  /** Messenger targets on lab phones: the app, the phone's account and its peer's. */
  messenger?: LabMessengerSettings;
  /** Phone messenger targets: the peer phone's session, opened beside the phone's (multiremote). */
  peer?: { appiumUrl: string; capabilities: Record<string, unknown> };
  /** Where allure-reporter writes this batch's results. */
  allureResultsDir: string;
  reportsDir: string;
  database: string;
}

export function writeProbeBatch(file: string, batch: ProbeBatch): void {
  writeFileSync(file, JSON.stringify(batch, null, 2));
}

export function readProbeBatch(file: string): ProbeBatch {
  return JSON.parse(readFileSync(file, 'utf8')) as ProbeBatch;
}
