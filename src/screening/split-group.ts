// Finds the filtered members of a group an all-or-nothing channel filtered: adaptive group testing as a resumable state machine.
import type { SubsetResult } from './subset-result.ts';

export interface SplitOptions {
  /**
   * Passing probes a member needs before it is cleared: its pass in the search, then passes of
   * one probe of every member that passed in the round (an unstable filter that let a filtered
   * member through once gets a second chance to show it, and a combination split across subsets
   * comes together again). @defaultValue 2
   */
  passesToClear?: number;
  /** Times a probe whose result was `unknown` is repeated before its members fall back to probes alone. @defaultValue 2 */
  retries?: number;
  /** `unknown` results in a row after which the split gives up and every open member ends unresolved (a lost device, a control that never comes through). @defaultValue 8 */
  unknownLimit?: number;
  /** Share of members expected filtered before any result. It only sizes subsets, never decides a member. @defaultValue 0.02 */
  expectedShare?: number;
  /** Probe alone a member found only by inference (its subset filtered, the rest of that subset passed). @defaultValue true */
  confirmAlone?: boolean;
}

export interface SplitOutcome {
  /** Members filtered when probed alone (with `confirmAlone` off, also members inferred filtered). */
  filtered: string[];
  /** Members that passed `passesToClear` probes. */
  cleared: string[];
  /** Members no probe could speak for (`unknown` results): never cleared, probe them again. */
  unresolved: string[];
  /**
   * Members that filter together though no search found one that filters alone: a combination
   * trigger (or an unstable filter). Isolate it with `CombinationIsolation`.
   */
  held: string[];
  /** Probes reported so far. */
  probes: number;
}

/** What the split is probing: members are indices into the group, in group order. */
type Step =
  /** A subset of the pool, sized by Hwang's rule. */
  | { kind: 'subset'; members: number[] }
  /** The first half of a subset known to hold a filtered member. */
  | { kind: 'half'; members: number[] }
  /** A member only inferred filtered, probed alone. */
  | { kind: 'alone'; members: number[] }
  /** A member probed alone (too few left to share, or fallen back after unknown results). */
  | { kind: 'single'; members: number[] }
  /** Members that passed in the search, probed together once more. */
  | { kind: 'confirm'; members: number[] };

type MemberStatus = 'open' | 'filtered' | 'cleared' | 'unresolved' | 'held';

/** Everything a split knows, as plain data: store it, and `GroupSplit.resume` it after a restart. */
export interface SplitState {
  version: 1;
  memberIds: string[];
  options: Required<SplitOptions>;
  status: MemberStatus[];
  /** Passing probes of each member since the last time a probe holding it filtered. */
  passes: number[];
  /** Members still to search, in group order. */
  pool: number[];
  /** The pool as a whole is known to be filtered (the group, or a confirmation that filtered). */
  poolFiltered: boolean;
  /** A subset known to hold a filtered member, being halved. */
  positive: number[] | null;
  /** Whether `positive` is known only by inference (its sibling passed), not from its own probe. */
  inferred: boolean;
  singles: number[];
  /** Members that passed in this round's search and wait for their confirmation. */
  passed: number[];
  confirm: number[][];
  /** Members that passed a confirmation but need more passes. */
  again: number[];
  /** Confirmations that filtered. */
  fired: number[][];
  foundInRound: number;
  /** Members found filtered and members decided: they size the subsets. */
  found: number;
  decided: number;
  step: Step | null;
  attempts: number;
  unknownRun: number;
  probes: number;
}

const DEFAULTS: Required<SplitOptions> = {
  passesToClear: 2,
  retries: 2,
  unknownLimit: 8,
  expectedShare: 0.02,
  confirmAlone: true,
};
/** Weight of `expectedShare` against results, in members: after this many the results lead. */
const PRIOR_WEIGHT = 10;

/**
 * Hwang's generalised binary splitting (F. K. Hwang, "A method for detecting all defective
 * members in a population by group testing", JASA 1972), which needs at most
 * ⌈log2 C(n,d)⌉ + d − 1 probes for d filtered members among n: probe a subset of 2^α members,
 * α = ⌊log2((n − d + 1) / d)⌋; a subset that passes is done with, one that is filtered is halved
 * down to one filtered member. d is not known: it is estimated from `expectedShare` and the
 * results so far, and it only sizes subsets. No member is cleared, or made filtered, without a
 * probe that says so: a member is cleared after `passesToClear` passing probes, a member found by
 * inference is probed alone, and an `unknown` result is repeated, then falls back to probes alone.
 *
 * Drive it with `next()` (the member ids to probe together, in group order; null when done) and
 * `report(result)` for that probe; the next probe depends on the last result.
 */
export class GroupSplit {
  #s: SplitState;

  /** A split of a group whose payload (all of `memberIds`) was just filtered. */
  constructor(memberIds: readonly string[], options: SplitOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    for (const key of ['passesToClear', 'retries', 'unknownLimit'] as const) {
      const min = key === 'retries' ? 0 : 1;
      if (!(Number.isInteger(o[key]) && o[key] >= min))
        throw new RangeError(`Expected \`${key}\` to be an integer >= ${min}, got ${o[key]}`);
    }
    if (!(o.expectedShare > 0 && o.expectedShare <= 1))
      throw new RangeError(`Expected \`expectedShare\` to be in (0, 1], got ${o.expectedShare}`);
    if (new Set(memberIds).size !== memberIds.length)
      throw new RangeError('Expected `memberIds` to hold each member once');
    const indices = memberIds.map((_, i) => i);
    this.#s = {
      version: 1,
      memberIds: [...memberIds],
      options: o,
      status: memberIds.map(() => 'open'),
      passes: memberIds.map(() => 0),
      pool: indices,
      poolFiltered: true,
      positive: null,
      inferred: false,
      singles: [],
      passed: [],
      confirm: [],
      again: [],
      fired: [],
      foundInRound: 0,
      found: 0,
      decided: 0,
      step: null,
      attempts: 0,
      unknownRun: 0,
      probes: 0,
    };
    this.#plan();
  }

  /** A split carried on from a stored `snapshot()`. */
  static resume(state: SplitState): GroupSplit {
    if (state.version !== 1)
      throw new RangeError(`Expected a split state of version 1, got ${state.version}`);
    const split = new GroupSplit([]);
    split.#s = structuredClone(state);
    return split;
  }

  /** The state as plain data (JSON-safe). */
  snapshot(): SplitState {
    return structuredClone(this.#s);
  }

  get done(): boolean {
    return this.#s.step === null;
  }

  /** Member ids to probe together next, in group order; the same until `report`; null when done. */
  next(): string[] | null {
    const step = this.#s.step;
    return step ? step.members.map((i) => this.#s.memberIds[i]!) : null;
  }

  /** The result of probing `next()`'s members together beside their control. */
  report(result: SubsetResult): void {
    const s = this.#s;
    const step = s.step;
    if (!step) throw new Error('Nothing to report: the split is done');
    s.probes += 1;
    if (result === 'unknown') {
      s.attempts += 1;
      s.unknownRun += 1;
      if (s.unknownRun >= s.options.unknownLimit) this.#giveUp();
      else if (s.attempts > s.options.retries) this.#fallBack(step);
      this.#plan();
      return;
    }
    s.unknownRun = 0;
    s.attempts = 0;
    s.step = null;
    const filtered = result === 'filtered';
    switch (step.kind) {
      case 'subset':
        s.pool = s.pool.slice(step.members.length);
        s.poolFiltered = false;
        if (filtered) [s.positive, s.inferred] = [step.members, false];
        else this.#passed(step.members);
        break;
      case 'half': {
        const rest = s.positive!.slice(step.members.length);
        if (filtered) {
          s.pool = merge(s.pool, rest);
          [s.positive, s.inferred] = [step.members, false];
        } else {
          this.#passed(step.members);
          [s.positive, s.inferred] = [rest, true];
        }
        break;
      }
      case 'alone':
        s.positive = null;
        // Passing alone, the member leaves its subset's filtering unexplained: the confirmation
        // of the round brings it together with the rest again.
        if (filtered) this.#filtered(step.members[0]!);
        else this.#passed(step.members);
        break;
      case 'single':
        s.singles.shift();
        if (filtered) this.#filtered(step.members[0]!);
        else this.#passed(step.members);
        break;
      case 'confirm':
        s.confirm.shift();
        if (filtered) s.fired.push(step.members);
        else this.#confirmed(step.members);
        break;
    }
    this.#plan();
  }

  /** Where the split stands; final once `done`. */
  outcome(): SplitOutcome {
    const s = this.#s;
    const ids = (status: MemberStatus) => s.memberIds.filter((_, i) => s.status[i] === status);
    return {
      filtered: ids('filtered'),
      cleared: ids('cleared'),
      unresolved: ids('unresolved'),
      held: ids('held'),
      probes: s.probes,
    };
  }

  /** Chooses the next probe, doing every step that needs none. */
  #plan(): void {
    const s = this.#s;
    while (s.step === null) {
      if (s.positive) {
        if (s.positive.length > 1)
          s.step = { kind: 'half', members: s.positive.slice(0, Math.ceil(s.positive.length / 2)) };
        else if (s.inferred && s.options.confirmAlone)
          s.step = { kind: 'alone', members: s.positive };
        else {
          this.#filtered(s.positive[0]!);
          s.positive = null;
        }
      } else if (s.pool.length > 0) {
        const size = this.#subsetSize();
        if (size === 0) {
          s.singles.push(...s.pool);
          s.pool = [];
        } else if (s.poolFiltered && size === s.pool.length) {
          [s.positive, s.inferred] = [s.pool, false];
          s.pool = [];
          s.poolFiltered = false;
        } else s.step = { kind: 'subset', members: s.pool.slice(0, size) };
      } else if (s.singles.length > 0) {
        s.step = { kind: 'single', members: [s.singles[0]!] };
      } else if (s.passed.length > 0) {
        s.confirm.push(merge([], s.passed));
        s.passed = [];
      } else if (s.confirm.length > 0) {
        s.step = { kind: 'confirm', members: s.confirm[0]! };
      } else if (s.again.length > 0) {
        s.confirm.push(merge([], s.again));
        s.again = [];
      } else if (s.fired.length > 0) {
        this.#afterFired();
      } else return;
    }
  }

  /**
   * Members that passed in the search filtered together. If the round found a member filtered
   * alone, search them again (that member may have hidden another); if not, they hold a
   * combination, or an unstable filter: hand them over whole.
   */
  #afterFired(): void {
    const s = this.#s;
    const members = merge([], s.fired.flat());
    for (const m of members) s.passes[m] = 0;
    if (s.foundInRound > 0) {
      s.pool = members;
      s.poolFiltered = s.fired.length === 1;
      s.foundInRound = 0;
    } else for (const m of members) s.status[m] = 'held';
    s.fired = [];
  }

  /** Hwang's subset size for the pool; 0 when its members are better probed alone. */
  #subsetSize(): number {
    const s = this.#s;
    const m = s.pool.length;
    const share = (s.found + s.options.expectedShare * PRIOR_WEIGHT) / (s.decided + PRIOR_WEIGHT);
    const expected = m * share;
    if (expected < 0.5) return m;
    const d = Math.max(1, Math.round(expected));
    if (m <= 2 * d - 2) return 0;
    const alpha = Math.max(0, Math.floor(Math.log2((m - d + 1) / d)));
    return Math.min(m, 2 ** alpha);
  }

  #passed(members: readonly number[]): void {
    const s = this.#s;
    for (const m of members) {
      s.passes[m]! += 1;
      s.decided += 1;
      if (s.passes[m]! >= s.options.passesToClear) s.status[m] = 'cleared';
      else s.passed.push(m);
    }
  }

  #confirmed(members: readonly number[]): void {
    const s = this.#s;
    for (const m of members) {
      s.passes[m]! += 1;
      if (s.passes[m]! >= s.options.passesToClear) s.status[m] = 'cleared';
      else s.again.push(m);
    }
  }

  #filtered(member: number): void {
    const s = this.#s;
    s.status[member] = 'filtered';
    s.found += 1;
    s.decided += 1;
    s.foundInRound += 1;
  }

  /** An `unknown` result repeated `retries` times: the step's members are probed alone instead. */
  #fallBack(step: Step): void {
    const s = this.#s;
    s.step = null;
    s.attempts = 0;
    switch (step.kind) {
      case 'subset':
        s.pool = s.pool.slice(step.members.length);
        s.singles.push(...step.members);
        break;
      case 'half':
        s.pool = merge(s.pool, s.positive!.slice(step.members.length));
        s.singles.push(...step.members);
        s.positive = null;
        break;
      case 'alone':
        s.positive = null;
        s.status[step.members[0]!] = 'unresolved';
        break;
      case 'single':
        s.singles.shift();
        s.status[step.members[0]!] = 'unresolved';
        break;
      case 'confirm': {
        s.confirm.shift();
        const [m, ...more] = step.members;
        if (more.length === 0) s.status[m!] = 'unresolved';
        else {
          const half = Math.ceil(step.members.length / 2);
          s.confirm.unshift(step.members.slice(0, half), step.members.slice(half));
        }
        break;
      }
    }
  }

  /** Too many `unknown` results in a row: every member not decided yet ends unresolved. */
  #giveUp(): void {
    const s = this.#s;
    s.status = s.status.map((status) => (status === 'open' ? 'unresolved' : status));
    Object.assign(s, {
      pool: [],
      positive: null,
      singles: [],
      passed: [],
      confirm: [],
      again: [],
      fired: [],
      step: null,
    });
  }
}

/** The union of two lists of indices in group order. */
function merge(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
