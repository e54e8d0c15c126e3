// Exit codes of the censorwatch command.
export const EXIT = {
  /** Done; for `check`: no finding. */
  ok: 0,
  /** `check` only: at least one finding. */
  findings: 1,
  /** Bad input, missing dependency, or a service that could not start. */
  error: 2,
} as const;
