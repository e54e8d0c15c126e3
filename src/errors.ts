// The error hierarchy: each class says what a failure means to the engine.

/** Stable codes, checked by class or code, never by message text. */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_TERM_LIST'
  | 'E_DEVICE_PROFILE'
  | 'E_MISSING_DEPENDENCY'
  | 'E_SERVICE'
  | 'E_STORE'
  | 'E_DEVICE_LOST'
  | 'E_SESSION'
  | 'E_SELECTOR_MISSING'
  | 'E_TIMEOUT'
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
 * A probe could not be carried out. Never a finding: the probe's verdict becomes
 * `inconclusive` with the reason this error carries, and the run goes on.
 */
export class ProbeFault extends CensorwatchError {
  constructor(
    code:
      'E_DEVICE_LOST' | 'E_SESSION' | 'E_SELECTOR_MISSING' | 'E_TIMEOUT' | 'E_CANARY_UNREACHABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
