// The shape of a preflight check (Appium doctor style): diagnose, maybe fix, say how to fix by hand.

/** What a check found. */
export interface Diagnosis {
  ok: boolean;
  /** One line: what was found, or what is missing. */
  message: string;
}

export interface PreflightCheck {
  /** Short name shown in the doctor's report, e.g. `Debian packages`. */
  readonly name: string;
  /** An optional check that fails is a warning; a required one stops the run. */
  readonly isOptional: boolean;
  /** Looks, changes nothing. Should not throw: a thrown error counts as a failed diagnosis. */
  diagnose(): Promise<Diagnosis>;
  /** Repairs what `diagnose` found missing; absent when this check cannot fix (here, or at all). */
  fix?(): Promise<void>;
  /** The exact thing a person should do when the check fails, e.g. a command line to run. */
  fixHint(): string;
}
