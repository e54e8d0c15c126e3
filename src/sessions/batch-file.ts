// The batch file: what a device's worker hands the WDIO run of one batch (plan, sessions, far ends, where results go).
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssue } from '../config/describe-issue.ts';
import { ConfigError } from '../errors.ts';
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

/** Ids that paths are built from, as the job schemas allow them. */
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/)
  .refine((text) => !text.includes('..'), 'must not contain ".."');
const sessionSpec = {
  appiumUrl: z.url({ protocol: /^https?$/ }),
  capabilities: z.record(z.string(), z.unknown()),
};
const text = z.string().max(100_000);

/**
 * What the WDIO run checks before it uses a batch file: the ids paths are built from, the
 * session's server and the plan's shape. The file crosses a process boundary; nothing in it is
 * trusted unchecked.
 */
const probeBatchSchema = z
  .object({
    runId: id,
    batchId: id,
    device: z.object({ id }).loose(),
    target: z.object({ app: id }).loose(),
    terms: z.array(z.object({ id: z.string().min(1).max(200), text }).loose()).max(100_000),
    termList: z.object({ name: z.string().max(200), sha256: z.string().max(128) }),
    repetition: z.object({
      required: z.number().int().min(1).max(10),
      attempts: z.number().int().min(1).max(10),
    }),
    plan: z
      .array(
        z
          .object({
            probeId: id,
            title: text,
            text,
            payload: text,
            role: z.string().min(1).max(40),
            identity: z.object({}).loose(),
          })
          .loose(),
      )
      .min(1)
      .max(100_000),
    session: z.discriminatedUnion('provider', [
      z.object({ provider: z.literal('lab'), ...sessionSpec }).loose(),
      z
        .object({
          provider: z.literal('phone'),
          ...sessionSpec,
          peer: z.object(sessionSpec).loose().nullable(),
        })
        .loose(),
    ]),
    canaryUrl: z.url({ protocol: /^https?$/ }),
    reportsDir: z.string().min(1),
    database: z.string().min(1),
  })
  .loose();

/** @throws ConfigError naming the file and the first field that fails its check */
export function readProbeBatch(file: string): ProbeBatch {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`batch file ${file}: not readable JSON (${String(error)})`, {
      cause: error,
    });
  }
  const parsed = probeBatchSchema.safeParse(value);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error.issues[0]!);
    throw new ConfigError(`batch file ${file}: field \`${field}\`: ${message}`);
  }
  return value as ProbeBatch;
}
