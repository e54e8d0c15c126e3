// The error hierarchy: each class says what a failure means to the engine.
import type { InconclusiveReason } from './oracle/verdict.ts';

/** Stable codes, checked by class or code, never by message text. */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_BATCH_CONFIG'
  | 'E_TERM_LIST'
  | 'E_DEVICE_PROFILE'
  | 'E_MISSING_DEPENDENCY'
  | 'E_SERVICE'
  | 'E_STORE'
  | 'E_DEVICE_LOST'
  | 'E_SESSION'
  | 'E_SELECTOR_MISSING'
  | 'E_TIMEOUT'
  | 'E_INPUT_UNSUPPORTED'
  | 'E_CANARY_UNREACHABLE';

export class CensorwatchError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad input the user must fix (config, term list, profile). Do not retry; exit 2. */
export class InputError extends CensorwatchError {
  /** File the bad input came from, when there is one. */
  readonly file: string | undefined;
  /** Dotted path of the failing field, when known. */
  readonly field: string | undefined;
  constructor(
    code: 'E_CONFIG' | 'E_TERM_LIST' | 'E_DEVICE_PROFILE',
    message: string,
    where: { file?: string; field?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.file = where.file;
    this.field = where.field;
  }
}

/** A system package, binary or driver is missing. Stops the run before any work is queued. */
export class MissingDependencyError extends CensorwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_MISSING_DEPENDENCY', message, options);
  }
}

/** A service the harness needs (Redis, Appium, canary) could not be started or reached. */
export class ServiceError extends CensorwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_SERVICE', message, options);
  }
}

/** The results database cannot be opened, read or migrated (a corrupt file, a newer schema, an unreachable server). */
export class StoreError extends CensorwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_STORE', message, options);
  }
}

/**
 * A configuration fault found when a batch runs (a profile changed after it was queued, lab
 * firmware Chromium refused to load, an account the lab messenger does not have). Do not retry:
 * the batch's probes end `inconclusive(config-error)` and the job fails as unrecoverable.
 */
export class ConfigError extends CensorwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_BATCH_CONFIG', message, options);
  }
}

/** Codes of the faults that can stop one probe (or a batch) and what each means for its verdict. */
export const REASON_OF_FAULT = {
  E_DEVICE_LOST: 'device-lost',
  E_SESSION: 'session-error',
  E_SELECTOR_MISSING: 'selector-missing',
  E_TIMEOUT: 'timeout',
  E_INPUT_UNSUPPORTED: 'input-unsupported',
  E_CANARY_UNREACHABLE: 'canary-unreachable',
  E_BATCH_CONFIG: 'config-error',
} as const satisfies Record<string, InconclusiveReason>;

export type ProbeFaultCode = Exclude<keyof typeof REASON_OF_FAULT, 'E_BATCH_CONFIG'>;

/**
 * Any error that stopped a probe, as the inconclusive reason it stands for. A fault of a known
 * class keeps its meaning; anything else (a bug, a foreign error) is a session error, never a finding.
 */
export function inconclusiveReasonOf(error: unknown): {
  reason: InconclusiveReason;
  message: string;
} {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ProbeFault || error instanceof ConfigError) {
    return { reason: REASON_OF_FAULT[error.code as keyof typeof REASON_OF_FAULT], message };
  }
  return { reason: 'session-error', message };
}

/**
 * A probe could not be carried out. Never a finding: the probe's verdict becomes
 * `inconclusive` with the reason this error carries, and the run goes on.
 */
export class ProbeFault extends CensorwatchError {
  declare readonly code: ProbeFaultCode;
  constructor(code: ProbeFaultCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
