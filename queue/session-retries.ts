// A batch whose session died under its probes: whether it gets a new session, and after how long.

/**
 * The budget counts new sessions in a row that decide nothing. A session that decided probes
 * before it died has shown the phone works: the count starts again, so a long batch under many
 * faults (a messenger batch of a hundred probes meets several) is not given up for them. Each
 * session that does not spend the budget decides a term pair, so a batch gets at most one session
 * per pair beyond it.
 */
export class SessionRetries {
  readonly #retries: number;
  readonly #firstWaitMs: number;
  /** Probes the last session was given. */
  #ran: number;
  /** New sessions given since a session last decided a probe. */
  #fruitless = 0;

  /**
   * @param retries new sessions in a row that may decide nothing (`farm.sessionRetries`)
   * @param planned probes the batch's first session runs
   * @param firstWaitMs the wait before a new session, doubled for each in a row that decides nothing
   */
  constructor(retries: number, planned: number, firstWaitMs: number) {
    this.#retries = retries;
    this.#ran = planned;
    this.#firstWaitMs = firstWaitMs;
  }

  /**
   * The session died leaving `left` probes to run (its run checks among them, as in every
   * session's plan): the wait before the next session, or null when the batch gives up.
   */
  next(left: number): number | null {
    if (left < this.#ran) this.#fruitless = 0;
    if (this.#fruitless >= this.#retries) return null;
    const waitMs = this.#firstWaitMs * 2 ** this.#fruitless;
    this.#fruitless += 1;
    this.#ran = left;
    return waitMs;
  }
}
