// Open event streams, counted in total and per client address: each polls the database, so both are capped.

export interface StreamSlotsOptions {
  /** Streams open at once, all clients together. @defaultValue 50 */
  total?: number;
  /** Streams one client address may hold open. @defaultValue 5 */
  perClient?: number;
}

/** Hands out a slot per stream; `release` gives it back (calling it twice is harmless). */
export class StreamSlots {
  readonly total: number;
  readonly perClient: number;
  readonly #open = new Map<string, number>();
  #count = 0;

  constructor(options: StreamSlotsOptions = {}) {
    this.total = options.total ?? 50;
    this.perClient = options.perClient ?? 5;
    for (const [name, value] of [
      ['total', this.total],
      ['perClient', this.perClient],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`Expected \`${name}\` to be an integer >= 1, got ${value}`);
      }
    }
  }

  /** A slot for `client`, or `undefined` when it or everyone holds the most allowed. */
  acquire(client: string): { release(): void } | undefined {
    const held = this.#open.get(client) ?? 0;
    if (this.#count >= this.total || held >= this.perClient) return undefined;
    this.#open.set(client, held + 1);
    this.#count += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#count -= 1;
        const left = (this.#open.get(client) ?? 1) - 1;
        if (left === 0) this.#open.delete(client);
        else this.#open.set(client, left);
      },
    };
  }

  /** Streams open now. */
  get open(): number {
    return this.#count;
  }
}
