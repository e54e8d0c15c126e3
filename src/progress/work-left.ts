// How long a batch has left, from what its engine knows: payloads typed so far and their time by kind, and what is still to type.

/** Payloads typed so far of one kind, and the time they took. */
export interface TypedSoFar {
  typed: number;
  ms: number;
}

/** What a batch still has to do, as its engine sees it. */
export interface WorkLeftInput {
  /** Group payloads and their group controls typed so far. */
  screen: TypedSoFar;
  /** Everything typed alone so far: run checks, terms, controls, their repetitions. */
  alone: TypedSoFar;
  /** Planned records still to probe alone that are no candidate: controls, run checks, terms of targets that do not screen. */
  plainLeft: number;
  /** Terms a screened group sent to be probed alone (expected filtered), not yet probed. */
  candidatesLeft: number;
  /** Terms no group has screened yet. */
  unscreened: number;
  /** Terms screening is done with so far, how many of those it sent alone, and the group payloads that took. */
  screened: { terms: number; alone: number; typed: number };
  /** Findings are confirmed `required` times: a filtered term costs its control and its term that often. */
  required: number;
  /** Terms a group payload holds at most, for the cost of screening before any group is done. */
  maxMembers: number;
  /** Share of terms expected filtered, before any group is done. */
  expectedShare: number;
}

export interface WorkLeft {
  /** Payloads expected still to type. */
  payloads: number;
  /** Time expected left, at the pace measured per kind; null before anything was typed. */
  etaMs: number | null;
}

/**
 * What is left, in payloads and time. Group payloads are long and cover many terms, so they are
 * timed apart from payloads typed alone. An unscreened term costs the screening's payloads per
 * term so far (splits included) and, at the share screening sent alone so far, a candidate's
 * cost: its control and term `required` times over.
 */
export function workLeft(input: WorkLeftInput): WorkLeft {
  const { screen, alone, screened } = input;
  const perCandidate = 2 * input.required;
  const screenPerTerm =
    screened.terms > 0 ? screened.typed / screened.terms : 2 / Math.max(1, input.maxMembers);
  const aloneShare = screened.terms > 0 ? screened.alone / screened.terms : input.expectedShare;
  const screenPayloads = input.unscreened * screenPerTerm;
  // a candidate's control is one of `plainLeft`; `candidatesLeft` counts its term
  const alonePayloads =
    input.plainLeft +
    input.candidatesLeft * (perCandidate - 1) +
    input.unscreened * aloneShare * perCandidate;
  const msAlone = alone.typed > 0 ? alone.ms / alone.typed : null;
  const msScreen = screen.typed > 0 ? screen.ms / screen.typed : null;
  const etaMs =
    msAlone === null && msScreen === null
      ? null
      : Math.round(
          screenPayloads * (msScreen ?? msAlone!) + alonePayloads * (msAlone ?? msScreen!),
        );
  return { payloads: Math.round(screenPayloads + alonePayloads), etaMs };
}
