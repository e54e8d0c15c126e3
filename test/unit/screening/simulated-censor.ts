// A configurable filter over payloads, standing in for firmware in the screening unit tests.
import { mulberry32 } from '../../support/seeded-random.ts';
import {
  composeGroup,
  GROUP_SEPARATOR,
  type GroupMemberText,
} from '../../../src/screening/compose-group.ts';
import { ProbeFault } from '../../../src/errors.ts';
import type { ProbeDriver, ProbeOutcome, ProbeRequest } from '../../../src/probe/probe-driver.ts';
import type { SubsetResult } from '../../../src/screening/subset-result.ts';
import { normalise } from '../../../src/terms/normalise.ts';

/** What a rule does to a payload it matches: mask, remove or alter the match, or block it all. */
export type CensorAction = 'mask' | 'remove' | 'alter' | 'block';

interface RuleBase {
  action: CensorAction;
  /** Chance the rule fires when it matches (an unstable filter). @defaultValue 1 */
  probability?: number;
  /** What `alter` puts in place of a match. @defaultValue '和谐' */
  replacement?: string;
}
export type CensorRule =
  | (RuleBase & { keyword: string })
  /** Fires when every component is present anywhere (or, `ordered`, in this order). */
  | (RuleBase & { combination: string[]; ordered?: boolean });

export interface SimulatedCensorOptions {
  rules: CensorRule[];
  /** Seed of the generator behind `probability` and `faultProbability`. @defaultValue 1 */
  seed?: number;
  /** Chance that a probe meets a fault (a lost page, a dropped session): its control does not come through. @defaultValue 0 */
  faultProbability?: number;
}

export interface Observation {
  /** The payload never arrived (blocked, blank, dropped). */
  blocked: boolean;
  /** The text the channel showed ('' when blocked). */
  rendered: string;
}

export class SimulatedCensor {
  readonly #rules: CensorRule[];
  readonly #faultProbability: number;
  readonly #random: () => number;
  /** Payloads observed, in order. */
  readonly seen: string[] = [];

  constructor(options: SimulatedCensorOptions) {
    this.#rules = options.rules;
    this.#faultProbability = options.faultProbability ?? 0;
    this.#random = mulberry32(options.seed ?? 1);
  }

  /** Whether the next probe meets a fault. */
  fault(): boolean {
    return this.#faultProbability > 0 && this.#random() < this.#faultProbability;
  }

  observe(payload: string): Observation {
    this.seen.push(payload);
    let rendered = payload;
    for (const rule of this.#rules) {
      const parts = 'keyword' in rule ? [rule.keyword] : rule.combination;
      const ordered = 'combination' in rule && rule.ordered === true;
      if (!matches(payload, parts, ordered)) continue;
      if ((rule.probability ?? 1) < 1 && this.#random() >= rule.probability!) continue;
      if (rule.action === 'block') return { blocked: true, rendered: '' };
      for (const part of parts) {
        const by =
          rule.action === 'mask'
            ? '*'.repeat(Array.from(part).length)
            : rule.action === 'remove'
              ? ''
              : (rule.replacement ?? '和谐');
        rendered = rendered.replaceAll(part, by);
      }
    }
    return { blocked: false, rendered };
  }
}

/** Whether every part occurs (in order: each starting after the previous one starts). */
function matches(payload: string, parts: readonly string[], ordered: boolean): boolean {
  if (!ordered) return parts.every((part) => payload.includes(part));
  let from = 0;
  for (const part of parts) {
    const at = payload.indexOf(part, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

/**
 * Probes these members together as the engine would: the control first, then the payload.
 * Control not intact: unknown; payload changed or blocked: filtered; else passed.
 */
export function probeSubset(
  censor: SimulatedCensor,
  members: readonly GroupMemberText[],
  separator: string = GROUP_SEPARATOR,
): SubsetResult {
  const group = composeGroup(members, separator);
  const intact = (text: string) => {
    const seen = censor.observe(text);
    return !seen.blocked && normalise(seen.rendered) === normalise(text);
  };
  if (censor.fault() || !intact(group.control)) return 'unknown';
  return intact(group.payload) ? 'passed' : 'filtered';
}

/** Drives a machine (a split or an isolation) with the censor until it is done; returns its probes. */
export function drive(
  machine: { next(): string[] | null; report(result: SubsetResult): void },
  censor: SimulatedCensor,
  members: readonly GroupMemberText[],
  onProbe?: (ids: string[], result: SubsetResult) => void,
): number {
  const byId = new Map(members.map((m) => [m.id, m]));
  let probes = 0;
  for (let ids = machine.next(); ids; ids = machine.next()) {
    const result = probeSubset(
      censor,
      ids.map((id) => byId.get(id)!),
    );
    onProbe?.(ids, result);
    machine.report(result);
    probes += 1;
    if (probes > 100_000) throw new Error('the machine does not end');
  }
  return probes;
}

export { mulberry32 } from '../../support/seeded-random.ts';

/** A lab phone whose firmware is a simulated censor: blocked payloads never leave, the rest render as it rewrote them. */
export class CensorDriver implements ProbeDriver {
  readonly payloads: string[] = [];
  constructor(readonly censor: SimulatedCensor) {}
  async setUp(): Promise<void> {}
  async tearDown(): Promise<void> {}
  async run(probe: ProbeRequest): Promise<ProbeOutcome> {
    this.payloads.push(probe.payload);
    if (this.censor.fault()) throw new ProbeFault('E_DEVICE_LOST', 'the page went away');
    const seen = this.censor.observe(probe.payload);
    const render = seen.blocked
      ? null
      : { text: seen.rendered, pageText: `results ${seen.rendered}`, atMs: 40 };
    return {
      observations: {
        payload: probe.payload,
        echo: probe.payload,
        egress: seen.blocked ? null : probe.payload,
        movedOn: !seen.blocked,
        renderFirst: render,
        renderSettled: render,
      },
      timings: { submitMs: 300, egressMs: 150, settledMs: 1500 },
    };
  }
  async keepEvidence(probe: { probeId: string }): Promise<{ paths: string[]; error: null }> {
    return { paths: [`evidence/run-1/${probe.probeId}.png`], error: null };
  }
}
