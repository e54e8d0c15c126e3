// Counts failed attempts per client address in a sliding window: past the limit, the address waits.

export interface AttemptLimiterOptions {
  /** Failures an address may have within `windowMs` before it is refused. @defaultValue 10 */
  limit?: number;
  /** @defaultValue `60 * 1000` (one minute) */
  windowMs?: number;
  /**
   * Addresses tracked at most; past it the longest-tracked is forgotten, so a flood of addresses
   * cannot grow memory without bound. @defaultValue 10000
   */
  maxClients?: number;
  /** Injectable clock. @defaultValue `Date.now` */
  now?: () => number;
}

/** A small in-memory limiter (one process; the API runs as one). */
export class AttemptLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  /** Failure times per address, oldest first, at most `limit` of them. */
  readonly #failures = new Map<string, number[]>();

  constructor(options: AttemptLimiterOptions = {}) {
    this.#limit = options.limit ?? 10;
    this.#windowMs = options.windowMs ?? 60 * 1000;
    this.#maxClients = options.maxClients ?? 10_000;
    this.#now = options.now ?? Date.now;
    if (!Number.isInteger(this.#limit) || this.#limit < 1) {
      throw new RangeError(`Expected \`limit\` to be an integer >= 1, got ${this.#limit}`);
    }
    if (!Number.isFinite(this.#windowMs) || this.#windowMs <= 0) {
      throw new RangeError(
        `Expected \`windowMs\` to be a finite number > 0, got ${this.#windowMs}`,
      );
    }
  }

  /** Milliseconds until `client` may try again, or 0 when it may now. */
  retryAfterMs(client: string): number {
    const times = this.#recent(client);
    if (times.length < this.#limit) return 0;
    return Math.max(1, times[0]! + this.#windowMs - this.#now());
  }

  /** Records one failure of `client`. */
  fail(client: string): void {
    const times = this.#recent(client);
    times.push(this.#now());
    if (times.length > this.#limit) times.splice(0, times.length - this.#limit);
    this.#failures.delete(client);
    this.#failures.set(client, times);
    while (this.#failures.size > this.#maxClients) {
      this.#failures.delete(this.#failures.keys().next().value!);
    }
  }

  /** Addresses currently tracked (for tests and metrics). */
  get size(): number {
    return this.#failures.size;
  }

  #recent(client: string): number[] {
    const times = this.#failures.get(client);
    if (!times) return [];
    const since = this.#now() - this.#windowMs;
    while (times.length > 0 && times[0]! <= since) times.shift();
    if (times.length === 0) this.#failures.delete(client);
    return times;
  }
}
