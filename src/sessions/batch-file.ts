// The batch file: what a device's worker hands the WDIO run of one batch (plan, sessions, far ends, where results go).
import { readFileSync, writeFileSync } from 'node:fs';
import type { LabMessengerSettings } from '../lab/lab-messenger-service.ts';
import type { ProbeBatchRequest } from '../probe/probe-batch.ts';
import type { PlannedProbe } from '../store/planned-probe.ts';

/** A WebDriver session to open: where its server is and what to ask for. */
export interface SessionSpec {
  appiumUrl: string;
  capabilities: Record<string, unknown>;
}

/** A lab phone: Chromium through Appium's Chromium driver, lab firmware, the lab messenger. */
export interface LabSessionSetup extends SessionSpec {
  provider: 'lab';
  /** The firmware extension Chromium was told to load, and where Chromium logs why it did not. */
  firmware: { extensionDir: string; chromiumLog: string } | null;
  /** Messenger targets: the lab messenger app, this phone's account and its peer's. */
  messenger: LabMessengerSettings | null;
}

/** A phone: Appium UiAutomator2, and for messengers a second phone as the peer (multiremote). */
export interface PhoneSessionSetup extends SessionSpec {
  provider: 'phone';
  peer: SessionSpec | null;
}

export type SessionSetup = LabSessionSetup | PhoneSessionSetup;

/** A request made ready to run by the device's worker. */
export interface ProbeBatch extends ProbeBatchRequest {
  /** The batch's stored plan, in the order the probes run. */
  plan: PlannedProbe[];
  session: SessionSetup;
  /** Canary the browser probes submit to. */
  canaryUrl: string;
  reportsDir: string;
  database: string;
}

export function writeProbeBatch(file: string, batch: ProbeBatch): void {
  writeFileSync(file, JSON.stringify(batch, null, 2));
}

export function readProbeBatch(file: string): ProbeBatch {
  return JSON.parse(readFileSync(file, 'utf8')) as ProbeBatch;
}
