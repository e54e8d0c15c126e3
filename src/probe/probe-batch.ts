// A batch of terms to probe on one device and target: what a queue job hands the WDIO spec.
import { readFileSync, writeFileSync } from 'node:fs';
import type { DeviceProfile, DeviceTarget } from '../devices/device-profile.ts';
import type { Term } from '../terms/term.ts';

export interface ProbeBatch {
  runId: string;
  batchId: string;
  device: DeviceProfile;
  target: DeviceTarget;
  terms: Term[];
  termList: { name: string; sha256: string };
  /** WebDriver capabilities for this device's session. */
  capabilities: Record<string, unknown>;
  /** Appium server for this device. */
  appiumUrl: string;
  /** Canary the browser probes submit to. */
  canaryUrl: string;
  /** Where allure-reporter writes this batch's results. */
  allureResultsDir: string;
  reportsDir: string;
  databasePath: string;
}

export function writeProbeBatch(file: string, batch: ProbeBatch): void {
  writeFileSync(file, JSON.stringify(batch, null, 2));
}

export function readProbeBatch(file: string): ProbeBatch {
  return JSON.parse(readFileSync(file, 'utf8')) as ProbeBatch;
}
