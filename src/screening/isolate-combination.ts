// Isolates the combinations of members that together trigger a filter none of them triggers alone: a resumable state machine.
import { COMBINATION_SEPARATOR, type Term } from '../terms/term.ts';
import type { SubsetResult } from './subset-result.ts';

export interface IsolateOptions {
  /** Times a probe whose result was `unknown` is repeated before that branch of the search is dropped. @defaultValue 2 */
  retries?: number;
  /** `unknown` results in a row after which the isolation gives up. @defaultValue 8 */
  unknownLimit?: number;
  /** Stop after finding this many combinations in the group. @defaultValue 4 */
  maxCombinations?: number;
  /** Probe a found combination without each of its components, so each is shown necessary. @defaultValue true */
  verifyMinimal?: boolean;
  /** Probe a found combination with its components reversed, to tell a filter that wants them in order. @defaultValue true */
  checkOrder?: boolean;
}

/** A minimal sufficient combination: these members together trigger the filter, no fewer do. */
export interface CombinationFinding {
  /** Its components, in group order. */
  memberIds: string[];
  /** Its components' texts joined as term lists write a combination, e.g. `习近平 + 小熊维尼`. */
  text: string;
  /**
   * True when it triggers only in group order (reversed it passed); false when reversed it
   * triggers too; null when not checked (one component, `checkOrder` off, or unknown results).
   */
  ordered: boolean | null;
}

export interface IsolationOutcome {
  combinations: CombinationFinding[];
  /** Every branch of the search ended in a probe that passed: the group holds no other combination. */
  complete: boolean;
  /**
   * Some result contradicted another (a set passed that holds a set that was filtered): an
   * unstable filter or a fault. Treat the combinations as inconclusive(unstable).
   */
  unstable: boolean;
  /** Probes reported so far. */
  probes: number;
}

type Member = Pick<Term, 'id' | 'text'>;

/** The probe in flight; every member list is of indices into the group, in group order. */
type Task =
  /** All members but `exclude`: does the rest still trigger? */
  | { kind: 'rest'; exclude: number[] }
  /**
   * Binary search for the latest start: `found` plus `rest[i:]` triggers for i = lo, not for
   * i = hi; the probe is `found` plus `rest[(lo + hi) >> 1:]`.
   */
  | { kind: 'search'; exclude: number[]; found: number[]; rest: number[]; lo: number; hi: number }
  /** Do the components found so far trigger on their own? */
  | { kind: 'alone'; exclude: number[]; found: number[]; rest: number[] }
  /** The combination without `found[index]`: it must pass. */
  | { kind: 'verify'; exclude: number[]; found: number[]; index: number }
  /** The combination reversed. */
  | { kind: 'order'; exclude: number[]; found: number[] };

/** Everything an isolation knows, as plain data: store it, and `CombinationIsolation.resume` it. */
export interface IsolationState {
  version: 1;
  members: Member[];
  options: Required<IsolateOptions>;
  found: { members: number[]; ordered: boolean | null }[];
  /** Sets of members to leave out, still to visit (breadth first). */
  queue: number[][];
  /** Keys of every set queued so far. */
  seen: string[];
  /** Sets left out whose rest passed. */
  closed: number[][];
  /** Every result in group order: sets that were filtered and sets that passed. */
  history: { members: number[]; filtered: boolean }[];
  task: Task | null;
  attempts: number;
  unknownRun: number;
  probes: number;
  incomplete: boolean;
  unstable: boolean;
}

const DEFAULTS: Required<IsolateOptions> = {
  retries: 2,
  unknownLimit: 8,
  maxCombinations: 4,
  verifyMinimal: true,
  checkOrder: true,
};

/**
 * Component-aware binary splitting (R. Xiong and J. Knockel, "An Efficient Method to Determine
 * which Combination of Keywords Triggered Automatic Filtering of a Message", FOCI 2019) over the
 * members of a group. With the components found so far always kept in the probe (no component is
 * ever eliminated unilaterally), a binary search finds the latest member at which the rest of the
 * group still triggers: that member is a component. The search goes on after it, until the
 * components alone trigger. Members are typed whole and the separator stops a match across them,
 * so a component never spans two members and a member is the finest unit: two overlapping
 * components in one member (`调整体` for `调整 + 整体`) make that member one component, and a
 * component that occurs in several members is found in one of them.
 *
 * Every probe keeps group order, which is Xiong and Knockel's ordered variant: it isolates an
 * order-sensitive combination as well, and one more probe (the components reversed) tells which.
 * Further combinations are found by leaving out one component of each combination found and
 * searching what still triggers (Reiter's hitting-set tree), so two combinations sharing a
 * component (`a + b`, `a + c`) are both found.
 *
 * Drive it with `next()` (member ids to probe together, in that order; null when done) and
 * `report(result)`.
 */
export class CombinationIsolation {
  #s: IsolationState;

  /** An isolation over a group whose payload (all `members`, in this order) was just filtered. */
  constructor(members: readonly Member[], options: IsolateOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    for (const key of ['retries', 'unknownLimit', 'maxCombinations'] as const) {
      const min = key === 'retries' ? 0 : 1;
      if (!(Number.isInteger(o[key]) && o[key] >= min))
        throw new RangeError(`Expected \`${key}\` to be an integer >= ${min}, got ${o[key]}`);
    }
    if (new Set(members.map((m) => m.id)).size !== members.length)
      throw new RangeError('Expected `members` to hold each member once');
    const all = members.map((_, i) => i);
    this.#s = {
      version: 1,
      members: members.map(({ id, text }) => ({ id, text })),
      options: o,
      found: [],
      queue: [[]],
      seen: [''],
      closed: [],
      history: members.length > 0 ? [{ members: all, filtered: true }] : [],
      task: null,
      attempts: 0,
      unknownRun: 0,
      probes: 0,
      incomplete: false,
      unstable: false,
    };
    this.#plan();
  }

  /** An isolation carried on from a stored `snapshot()`. */
  static resume(state: IsolationState): CombinationIsolation {
    if (state.version !== 1)
      throw new RangeError(`Expected an isolation state of version 1, got ${state.version}`);
    const isolation = new CombinationIsolation([]);
    isolation.#s = structuredClone(state);
    return isolation;
  }

  /** The state as plain data (JSON-safe). */
  snapshot(): IsolationState {
    return structuredClone(this.#s);
  }

  get done(): boolean {
    return this.#s.task === null;
  }

  /** Member ids to probe together next, in the order to type them; null when done. */
  next(): string[] | null {
    const probe = this.#probe();
    return probe ? probe.map((i) => this.#s.members[i]!.id) : null;
  }

  /** The result of probing `next()`'s members together beside their control. */
  report(result: SubsetResult): void {
    const s = this.#s;
    const task = s.task;
    const probe = this.#probe();
    if (!task || !probe) throw new Error('Nothing to report: the isolation is done');
    s.probes += 1;
    if (result === 'unknown') {
      s.attempts += 1;
      s.unknownRun += 1;
      if (s.unknownRun >= s.options.unknownLimit) {
        Object.assign(s, { task: null, queue: [], incomplete: true });
      } else if (s.attempts > s.options.retries) this.#drop(task);
      this.#plan();
      return;
    }
    s.unknownRun = 0;
    s.attempts = 0;
    const filtered = result === 'filtered';
    if (task.kind !== 'order') this.#remember(probe, filtered);
    s.task = null;
    switch (task.kind) {
      case 'rest':
        if (filtered) s.task = search(task.exclude, [], complement(s.members.length, task.exclude));
        else s.closed.push(task.exclude);
        break;
      case 'search': {
        const mid = (task.lo + task.hi) >> 1;
        s.task = filtered ? { ...task, lo: mid } : { ...task, hi: mid };
        break;
      }
      case 'alone':
        if (filtered) this.#verify(task.exclude, task.found);
        else s.task = search(task.exclude, task.found, task.rest);
        break;
      case 'verify':
        // Still triggering without a component: the combination was not minimal; search within.
        if (filtered) s.task = search(task.exclude, [], without(task.found, task.index));
        else if (task.index + 1 < task.found.length) s.task = { ...task, index: task.index + 1 };
        else this.#order(task.exclude, task.found);
        break;
      case 'order':
        this.#record(task.exclude, task.found, !filtered);
        break;
    }
    this.#plan();
  }

  /** Where the isolation stands; final once `done`. */
  outcome(): IsolationOutcome {
    const s = this.#s;
    return {
      combinations: s.found.map(({ members, ordered }) => ({
        memberIds: members.map((i) => s.members[i]!.id),
        text: members.map((i) => s.members[i]!.text).join(COMBINATION_SEPARATOR),
        ordered,
      })),
      complete: !s.incomplete && s.task === null && s.queue.length === 0,
      unstable: s.unstable,
      probes: s.probes,
    };
  }

  /** The members the current task probes, in typing order. */
  #probe(): number[] | null {
    const s = this.#s;
    const task = s.task;
    if (!task) return null;
    switch (task.kind) {
      case 'rest':
        return complement(s.members.length, task.exclude);
      case 'search':
        return union(task.found, task.rest.slice((task.lo + task.hi) >> 1));
      case 'alone':
        return task.found;
      case 'verify':
        return without(task.found, task.index);
      case 'order':
        return [...task.found].reverse();
    }
  }

  /** Advances through every step that needs no probe, up to the next probe or the end. */
  #plan(): void {
    const s = this.#s;
    while (true) {
      const task = s.task;
      if (task?.kind === 'search' && task.hi - task.lo <= 1) {
        // found + rest[lo:] triggers and found + rest[lo + 1:] does not: rest[lo] is a component.
        const found = union(task.found, [task.rest[task.lo]!]);
        const rest = task.rest.slice(task.lo + 1);
        s.task = null;
        // With nothing after it, found is what just triggered.
        if (rest.length === 0) this.#verify(task.exclude, found);
        else s.task = { kind: 'alone', exclude: task.exclude, found, rest };
        continue;
      }
      if (task) return;
      if (s.queue.length === 0) return;
      if (s.found.length >= s.options.maxCombinations) {
        Object.assign(s, { queue: [], incomplete: true });
        return;
      }
      const exclude = s.queue.shift()!;
      // Its rest lies within a rest that passed: it passes too.
      if (s.closed.some((closed) => isSubset(closed, exclude))) continue;
      const known = s.found.find((f) => f.members.every((m) => !exclude.includes(m)));
      if (known) {
        this.#branch(exclude, known.members);
        continue;
      }
      const rest = complement(s.members.length, exclude);
      if (rest.length === 0) continue;
      // The whole group is known to trigger: search it at once.
      s.task = exclude.length === 0 ? search(exclude, [], rest) : { kind: 'rest', exclude };
    }
  }

  #verify(exclude: number[], found: number[]): void {
    if (this.#s.options.verifyMinimal && found.length > 1)
      this.#s.task = { kind: 'verify', exclude, found, index: 0 };
    else this.#order(exclude, found);
  }

  #order(exclude: number[], found: number[]): void {
    if (this.#s.options.checkOrder && found.length > 1)
      this.#s.task = { kind: 'order', exclude, found };
    else this.#record(exclude, found, null);
  }

  #record(exclude: number[], found: number[], ordered: boolean | null): void {
    this.#s.found.push({ members: found, ordered });
    this.#branch(exclude, found);
  }

  /** Leaves out each component of a combination in turn: what still triggers holds another. */
  #branch(exclude: number[], combination: number[]): void {
    const s = this.#s;
    for (const member of combination) {
      const next = union(exclude, [member]);
      const key = next.join(',');
      if (s.seen.includes(key)) continue;
      s.seen.push(key);
      s.queue.push(next);
    }
  }

  /** `unknown` repeated `retries` times: this branch is dropped and the result is incomplete. */
  #drop(task: Task): void {
    const s = this.#s;
    s.attempts = 0;
    s.task = null;
    s.incomplete = true;
    // A combination already shown sufficient is kept; only its order stays unknown.
    if (task.kind === 'order') this.#record(task.exclude, task.found, null);
    else if (task.kind === 'verify') {
      if (task.index + 1 < task.found.length) s.task = { ...task, index: task.index + 1 };
      else this.#order(task.exclude, task.found);
    }
  }

  /** Keeps a result and checks it against the others: more members never trigger less. */
  #remember(members: number[], filtered: boolean): void {
    const s = this.#s;
    const contradicts = s.history.some((h) =>
      filtered
        ? !h.filtered && isSubset(members, h.members)
        : h.filtered && isSubset(h.members, members),
    );
    if (contradicts) s.unstable = true;
    s.history.push({ members, filtered });
  }
}

function search(exclude: number[], found: number[], rest: number[]): Task {
  return { kind: 'search', exclude, found, rest, lo: 0, hi: rest.length };
}

function complement(size: number, exclude: readonly number[]): number[] {
  const out = new Set(exclude);
  return Array.from({ length: size }, (_, i) => i).filter((i) => !out.has(i));
}

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function without(members: readonly number[], index: number): number[] {
  return members.filter((_, i) => i !== index);
}

/** Whether every member of `a` is in `b`. */
function isSubset(a: readonly number[], b: readonly number[]): boolean {
  const set = new Set(b);
  return a.every((m) => set.has(m));
}
