// The probe method as one engine: run checks, every term beside its control, deadlines from the control, repetition, each result recorded the moment it is known.
import { inconclusiveReasonOf } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { applyRunChecks, type RunChecks } from '../oracle/apply-run-checks.ts';
import {
  confirmFinding,
  needsAnotherAttempt,
  type RepetitionPolicy,
} from '../oracle/confirm-finding.ts';
import { decideProbe, type ProbeDecision, type ProbeFaultRecord } from '../oracle/decide-probe.ts';
import type { Verdict } from '../oracle/verdict.ts';
import type { PlannedProbe, ProbeIdentity } from '../store/planned-probe.ts';
import type { ProbeAttempt, ProbeResult, ProbeRole } from '../store/probe-result.ts';
import type { GroupPayload } from '../screening/compose-group.ts';
import type { CombinationFinding } from '../screening/isolate-combination.ts';
import {
  isolateCombinations,
  screenTerms,
  subsetResultOf,
  type GroupClearance,
  type GroupProbeResult,
  type ScreenOptions,
} from '../screening/screen-terms.ts';
import { workLeft, type TypedSoFar, type WorkLeft } from '../progress/work-left.ts';
import type { InputPath, MessageDirection } from '../targets/target.ts';
import { COMBINATION_SEPARATOR, payloadOf, type Term } from '../terms/term.ts';
import { newProbeToken, probeIdOf, wayId } from './plan-probes.ts';
import {
  CONTROL_DEADLINES,
  deadlinesFromControl,
  type ProbeDeadlines,
  type ProbeTimings,
} from './probe-deadlines.ts';
import type { ProbeDriver, ProbeOutcome, ProbeSink } from './probe-driver.ts';
import { untypableReason } from './typeability.ts';
import { unrunResult } from './unrun-result.ts';

const log = logger('probe-engine');

/** What the engine needs of a batch: its stored plan and how findings are confirmed. */
export interface EngineBatch {
  /** The batch's probes in the order they run, as stored with the run. */
  plan: readonly PlannedProbe[];
  repetition: RepetitionPolicy;
  /** How the phone types (the peer of an inbound messenger probe sends anything). */
  inputPath: InputPath;
  /**
   * Group screening: the batch's terms are first probed many to a payload that fits the
   * target; only what a group does not clear is probed alone. Absent: every term alone.
   */
  screening?: ScreenOptions;
}

export interface ProbeEngineOptions {
  batch: EngineBatch;
  driver: ProbeDriver;
  sink: ProbeSink;
  /** @defaultValue 12 random digits */
  newToken?: () => string;
  /** @defaultValue the system clock */
  now?: () => Date;
}

/** How far a batch is, as its engine estimates it (see {@link workLeft}). */
export interface BatchEstimate extends WorkLeft {
  /** Payloads typed so far. */
  typed: number;
}

/** What a finished batch came to. */
export interface EngineReport {
  /** Results handed to the sink. */
  recorded: number;
  /** The fault that stopped the whole batch (set-up failed, a configuration fault); null when it ran through. */
  batchFault: ProbeFaultRecord | null;
}

interface Attempt {
  token: string;
  outcome: ProbeOutcome | null;
  decision: ProbeDecision;
}

/** How a control came back: its verdict, and its timings for its term's deadlines. */
interface ControlRecord {
  verdict: Verdict;
  timings: ProbeTimings | null;
}

export class ProbeEngine {
  readonly #batch: EngineBatch;
  readonly #driver: ProbeDriver;
  readonly #sink: ProbeSink;
  readonly #newToken: () => string;
  readonly #now: () => Date;
  /** Per term and direction: how its control came back. */
  readonly #controls = new Map<string, ControlRecord>();
  readonly #runChecks: RunChecks = {};
  /** Group screening, per term and direction: the group probe that cleared it. */
  readonly #cleared = new Map<string, GroupClearance>();
  /** Group screening: combinations found, per direction, to confirm alone once the plan is done. */
  readonly #combinations: { direction: MessageDirection | null; found: CombinationFinding }[] = [];
  /** Group screening: candidates read from one group, to isolate as combinations if they pass alone. */
  readonly #rechecks: { direction: MessageDirection | null; memberIds: string[] }[] = [];
  /** Per term and direction: the verdict its probe alone came to. */
  readonly #termVerdicts = new Map<string, Verdict>();
  /** Probe ids recorded so far: a term a group cleared is recorded once, when its group is done. */
  readonly #recordedIds = new Set<string>();
  /** Group probes run so far in this batch: they number the group probe ids. */
  #groupProbes = 0;
  #recorded = 0;
  /** Payloads typed so far and their time: in group probes, and alone. */
  readonly #typed: { screen: TypedSoFar; alone: TypedSoFar } = {
    screen: { typed: 0, ms: 0 },
    alone: { typed: 0, ms: 0 },
  };
  /** Whether the payloads being typed are a group probe's. */
  #inGroup = false;
  /** Group screening, per term and direction: terms no group has screened yet. */
  readonly #unscreened = new Set<string>();
  /** Group screening, per term and direction: terms it sent to be probed alone. */
  readonly #candidates = new Set<string>();
  /** Group screening: terms it is done with, how many of them it sent alone, and the group payloads that took. */
  readonly #screenedSoFar = { terms: 0, alone: 0, typed: 0 };
  /** Combinations confirmed alone so far (of `#combinations`). */
  #combinationsProbed = 0;

  constructor(options: ProbeEngineOptions) {
    this.#batch = options.batch;
    this.#driver = options.driver;
    this.#sink = options.sink;
    this.#newToken = options.newToken ?? newProbeToken;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Runs every planned probe. A fault of one probe makes that probe inconclusive and the batch
   * goes on; a batch that cannot start, or a configuration fault, makes every probe not yet
   * recorded inconclusive with that fault's reason. Only a sink failure is thrown.
   */
  async run(): Promise<EngineReport> {
    try {
      await this.#driver.setUp();
    } catch (error) {
      const fault = inconclusiveReasonOf(error);
      log.warn({ reason: fault.reason, err: error }, 'the batch could not start');
      await this.#recordFault(this.#batch.plan, fault);
      return { recorded: this.#recorded, batchFault: fault };
    }
    try {
      const plan = this.#batch.plan;
      // run checks come first in the plan; a batch that screens does so before its first term
      const firstTerm = plan.findIndex((p) => p.role === 'term' || p.role === 'control');
      for (const [index, probe] of plan.entries()) {
        const fault =
          index === firstTerm && this.#batch.screening
            ? await this.#screen(this.#batch.screening)
            : null;
        const stopped =
          fault ?? (this.#recordedIds.has(probe.probeId) ? null : await this.#probeOrClear(probe));
        if (stopped?.reason === 'config-error') {
          await this.#recordFault(plan.slice(fault ? index : index + 1), stopped);
          return { recorded: this.#recorded, batchFault: stopped };
        }
      }
      const fault = await this.#isolateRechecks();
      if (fault) return { recorded: this.#recorded, batchFault: fault };
      for (const { direction, found } of this.#combinations) {
        for (const probe of combinationProbes(found, direction, plan)) {
          const fault = await this.#probe(probe);
          if (fault?.reason === 'config-error')
            return { recorded: this.#recorded, batchFault: fault };
        }
        this.#combinationsProbed += 1;
      }
      return { recorded: this.#recorded, batchFault: null };
    } finally {
      await this.#driver.tearDown().catch((error: unknown) => {
        log.warn({ err: error }, 'closing the batch failed');
      });
    }
  }

  /**
   * What the batch has left, read at any time while it runs (the worker publishes it for the
   * run's ETA): a planned probe not recorded yet is a payload, a candidate a term confirmed
   * `required` times, an unscreened term its share of screening (see {@link workLeft}).
   */
  estimate(): BatchEstimate {
    let plainLeft = 0;
    let candidatesLeft = 0;
    let unscreened = 0;
    for (const probe of this.#batch.plan) {
      if (this.#recordedIds.has(probe.probeId)) continue;
      if (probe.role === 'term' || probe.role === 'control') {
        const key = controlKey(probe.controlOf ?? probe.term.id, probe.direction);
        if (this.#cleared.has(key)) continue;
        if (this.#unscreened.has(key)) {
          if (probe.role === 'term') unscreened += 1;
          continue;
        }
        if (probe.role === 'term' && this.#candidates.has(key)) {
          candidatesLeft += 1;
          continue;
        }
      }
      plainLeft += 1;
    }
    // a combination found is confirmed alone: its control, and its term as a candidate's
    const combinationsLeft = this.#combinations.length - this.#combinationsProbed;
    const left = workLeft({
      ...this.#typed,
      plainLeft: plainLeft + combinationsLeft,
      candidatesLeft: candidatesLeft + combinationsLeft,
      unscreened,
      screened: this.#screenedSoFar,
      required: this.#batch.repetition.required,
      maxMembers: this.#batch.screening?.maxMembers ?? 1,
      expectedShare: this.#batch.screening?.expectedShare ?? 0.02,
    });
    return { ...left, typed: this.#typed.screen.typed + this.#typed.alone.typed };
  }

  /** A planned probe a group cleared is recorded intact by that group; any other is run. */
  async #probeOrClear(probe: PlannedProbe): Promise<ProbeFaultRecord | null> {
    const termId = probe.controlOf ?? probe.term.id;
    const clearance =
      probe.role === 'term' || probe.role === 'control'
        ? this.#cleared.get(controlKey(termId, probe.direction))
        : undefined;
    if (!clearance) return this.#probe(probe);
    const now = this.#now().toISOString();
    const byGroup =
      probe.role === 'control'
        ? { probeId: clearance.controlProbeId, probeToken: clearance.probeToken }
        : { probeId: clearance.probeId, probeToken: clearance.probeToken };
    const decision = applyRunChecks(
      {
        verdict: 'intact',
        reason: null,
        channel: null,
        channels: { echo: null, egress: null, render: null },
        detail: `intact in group probe ${byGroup.probeId}`,
      },
      probe.role === 'term' ? this.#runChecks : {},
    );
    await this.#record({
      ...probe.identity,
      probeToken: byGroup.probeToken,
      verdict: decision.verdict,
      reason: decision.reason,
      detail: decision.detail,
      channel: null,
      channels: decision.channels,
      attempts: [],
      reference: null,
      evidence: [],
      timings: {},
      startedAt: now,
      endedAt: now,
      clearedBy: byGroup,
    });
    return null;
  }

  /**
   * Screens the plan's terms in group payloads, one direction at a time: marks what the groups
   * cleared and keeps the combinations they held; returns a configuration fault that stopped it.
   */
  async #screen(screening: ScreenOptions): Promise<ProbeFaultRecord | null> {
    const terms = this.#batch.plan.filter((p) => p.role === 'term');
    const ways = [...new Set(terms.map((p) => p.direction))];
    // what cannot be typed is probed alone, to be recorded inconclusive with its reason
    const typable = terms.filter(
      (p) =>
        p.direction === 'inbound' || untypableReason(p.payload, this.#batch.inputPath) === null,
    );
    for (const p of typable) this.#unscreened.add(controlKey(p.term.id, p.direction));
    for (const direction of ways) {
      const probes = terms.filter((p) => p.direction === direction);
      const ofWay = typable.filter((p) => p.direction === direction);
      try {
        const outcome = await screenTerms(
          ofWay.map((p) => p.term),
          screening,
          (group) => this.#probeGroup(group, direction, probes[0]!.identity),
          // a group's cleared terms are recorded when it is done, so progress moves with the groups
          async (cleared, screened) => {
            this.#screened(direction, screened, (id) => !cleared.has(id));
            for (const [termId, clearance] of cleared) {
              this.#cleared.set(controlKey(termId, direction), clearance);
            }
            for (const probe of this.#batch.plan) {
              const termId = probe.controlOf ?? probe.term.id;
              const ofTerm = probe.role === 'term' || probe.role === 'control';
              if (ofTerm && probe.direction === direction && cleared.has(termId)) {
                await this.#probeOrClear(probe);
              }
            }
          },
        );
        // terms no group held (too big to share a payload) are sent alone too
        this.#screened(
          direction,
          ofWay
            .map((p) => p.term.id)
            .filter((id) => this.#unscreened.has(controlKey(id, direction))),
          () => true,
        );
        for (const found of outcome.combinations) this.#combinations.push({ direction, found });
        for (const memberIds of outcome.recheck) this.#rechecks.push({ direction, memberIds });
        log.info(
          {
            direction,
            terms: probes.length,
            cleared: outcome.cleared.size,
            alone: outcome.alone.length,
            combinations: outcome.combinations.length,
            groupProbes: outcome.probes,
          },
          'screened in groups',
        );
      } catch (error) {
        if (!(error instanceof GroupConfigFault)) throw error;
        return error.fault;
      }
    }
    return null;
  }

  /** Screening is done with these terms of `direction`; those `goesAlone` says are candidates. */
  #screened(
    direction: MessageDirection | null,
    termIds: readonly string[],
    goesAlone: (termId: string) => boolean,
  ): void {
    // a group's payloads count once its terms do, so a group under way does not skew the rate
    this.#screenedSoFar.typed = this.#typed.screen.typed;
    for (const termId of termIds) {
      const key = controlKey(termId, direction);
      this.#unscreened.delete(key);
      this.#screenedSoFar.terms += 1;
      if (goesAlone(termId)) {
        this.#candidates.add(key);
        this.#screenedSoFar.alone += 1;
      }
    }
  }

  /**
   * Candidates read from one group that each passed alone changed only together: isolates the
   * combinations among them, to be confirmed alone. Returns a configuration fault that stopped it.
   */
  async #isolateRechecks(): Promise<ProbeFaultRecord | null> {
    for (const { direction, memberIds } of this.#rechecks) {
      const passedAlone = memberIds.filter(
        (id) => this.#termVerdicts.get(controlKey(id, direction)) === 'intact',
      );
      if (passedAlone.length < 2) continue;
      const probes = this.#batch.plan.filter(
        (p) => p.role === 'term' && p.direction === direction && passedAlone.includes(p.term.id),
      );
      try {
        const { combinations } = await isolateCombinations(
          probes.map((p) => p.term),
          this.#batch.screening ?? {},
          (group) => this.#probeGroup(group, direction, probes[0]!.identity),
        );
        for (const found of combinations) this.#combinations.push({ direction, found });
      } catch (error) {
        if (!(error instanceof GroupConfigFault)) throw error;
        return error.fault;
      }
    }
    return null;
  }

  /** Probes one group payload beside its group control; both are recorded, with evidence when not intact. */
  async #probeGroup(
    group: GroupPayload,
    direction: MessageDirection | null,
    base: ProbeIdentity,
  ): Promise<GroupProbeResult> {
    this.#groupProbes += 1;
    // numbered in the batch, named after its first term's probe: unique in the run, the same on a retry
    const groupId = `group-${base.probeId.slice(0, 8)}-${this.#groupProbes}`;
    // `base` is a planned term probe of this direction: device, firmware, app and way are its
    const identity = (role: ProbeRole, text: string): ProbeIdentity => ({
      ...base,
      probeId: probeIdOf(base.runId, base.deviceId, base.target, wayId(groupId, direction), role),
      termId: groupId,
      term: text,
      category: 'group',
      source: 'group screening',
      role,
      controlOf: role === 'group-control' ? groupId : null,
    });
    const startedAt = this.#now().toISOString();
    const control = await this.#groupAttempt(() =>
      this.#attempt(group.control, direction, CONTROL_DEADLINES),
    );
    const controlId = identity('group-control', group.control);
    await this.#recordAttempt(controlId, control, startedAt, group.memberIds);
    const payloadStarted = this.#now().toISOString();
    const payload = await this.#groupAttempt(() =>
      this.#attempt(
        group.payload,
        direction,
        deadlinesOf(control.outcome?.timings ?? null),
        control.decision.verdict,
      ),
    );
    const payloadId = identity('group', group.payload);
    await this.#recordAttempt(payloadId, payload, payloadStarted, group.memberIds);
    for (const attempt of [control, payload]) {
      if (attempt.decision.reason === 'config-error') {
        throw new GroupConfigFault({
          reason: 'config-error',
          message: attempt.decision.detail ?? '',
        });
      }
    }
    const { verdict, channel, channels } = payload.decision;
    return {
      result: subsetResultOf(verdict),
      verdict,
      observed: channel && channel !== 'state' ? (channels[channel]?.observed ?? null) : null,
      clearedBy: {
        probeId: payloadId.probeId,
        probeToken: payload.token,
        controlProbeId: controlId.probeId,
      },
    };
  }

  /** Records one attempt as a result of its own (a group probe), with evidence when not intact. */
  async #recordAttempt(
    identity: ProbeIdentity,
    attempt: Attempt,
    startedAt: string,
    members: string[],
  ): Promise<void> {
    const evidence = await this.#evidenceOf(identity.probeId, attempt.decision, attempt);
    await this.#record({
      ...identity,
      probeToken: attempt.token,
      verdict: attempt.decision.verdict,
      reason: attempt.decision.reason,
      detail: withEvidenceError(attempt.decision.detail, evidence.error),
      channel: attempt.decision.channel,
      channels: attempt.decision.channels,
      attempts: [],
      reference: null,
      evidence: evidence.paths,
      timings: {
        submitMs: attempt.outcome?.timings.submitMs ?? -1,
        egressMs: attempt.outcome?.timings.egressMs ?? -1,
        settledMs: attempt.outcome?.timings.settledMs ?? -1,
        attempts: 1,
      },
      startedAt,
      endedAt: this.#now().toISOString(),
      members,
    });
  }

  /** Evidence of a decision that is not intact (screenshot, DOM, far end); none for intact. */
  async #evidenceOf(
    probeId: string,
    final: ProbeDecision,
    last: Attempt,
  ): Promise<{ paths: string[]; error: string | null }> {
    if (final.verdict === 'intact') return { paths: [], error: null };
    return this.#driver
      .keepEvidence({
        probeId,
        ...(last.outcome?.farEnd !== undefined ? { farEnd: last.outcome.farEnd } : {}),
      })
      .catch((error: unknown) => ({ paths: [], error: inconclusiveReasonOf(error).message }));
  }

  /** Runs one planned probe to its result; returns the fault of its last attempt, if any. */
  async #probe(probe: PlannedProbe): Promise<ProbeFaultRecord | null> {
    const startedAt = this.#now().toISOString();
    const { final, attempts } =
      probe.role === 'term'
        ? await this.#probeTerm(probe)
        : await this.#probeOnce(probe).then((attempt) => ({
            final: attempt.decision,
            attempts: [attempt],
          }));
    const first = attempts[0]!;
    const last = attempts.at(-1)!;
    if (probe.role === 'control') {
      this.#controls.set(controlKey(probe.term.id, probe.direction), {
        verdict: final.verdict,
        timings: first.outcome?.timings ?? null,
      });
    }
    if (probe.role === 'term') {
      this.#termVerdicts.set(controlKey(probe.term.id, probe.direction), final.verdict);
    }
    if (probe.role === 'truism') this.#runChecks.truism = final.verdict;
    if (probe.role === 'positive-control') this.#runChecks.positiveControl = final.verdict;

    const evidence = await this.#evidenceOf(probe.probeId, final, last);
    await this.#record({
      ...probe.identity,
      probeToken: first.token,
      verdict: final.verdict,
      reason: final.reason,
      detail: withEvidenceError(final.detail, evidence.error),
      channel: final.channel,
      channels: final.channels,
      attempts: attempts.length > 1 ? attempts.map(attemptRecord) : [],
      reference: null,
      evidence: evidence.paths,
      timings: {
        submitMs: first.outcome?.timings.submitMs ?? -1,
        egressMs: first.outcome?.timings.egressMs ?? -1,
        settledMs: first.outcome?.timings.settledMs ?? -1,
        attempts: attempts.length,
        lastSubmitMs: last.outcome?.timings.submitMs ?? -1,
      },
      startedAt,
      endedAt: this.#now().toISOString(),
    });
    return last.decision.verdict === 'inconclusive' && last.decision.reason
      ? { reason: last.decision.reason, message: last.decision.detail ?? '' }
      : null;
  }

  /** A control or run check: one attempt, with the deadlines of a control. */
  #probeOnce(probe: PlannedProbe): Promise<Attempt> {
    return this.#attempt(probe.payload, probe.direction, CONTROL_DEADLINES);
  }

  /** A sensitive term: beside its control, repeated (control and term again) until the policy is settled. */
  async #probeTerm(probe: PlannedProbe): Promise<{ final: ProbeDecision; attempts: Attempt[] }> {
    const control = this.#controls.get(controlKey(probe.term.id, probe.direction));
    const attempts = [
      await this.#attempt(
        probe.payload,
        probe.direction,
        deadlinesOf(control?.timings ?? null),
        control?.verdict ?? 'inconclusive',
      ),
    ];
    const repetition = this.#batch.repetition;
    while (
      needsAnotherAttempt(
        attempts.map((a) => a.decision),
        repetition,
      )
    ) {
      const again = await this.#attempt(
        payloadOf(probe.term.control),
        probe.direction,
        CONTROL_DEADLINES,
      );
      attempts.push(
        await this.#attempt(
          probe.payload,
          probe.direction,
          deadlinesOf(again.outcome?.timings ?? null),
          again.decision.verdict,
        ),
      );
    }
    const confirmed = confirmFinding(
      attempts.map((a) => a.decision),
      repetition,
    );
    return { final: applyRunChecks(confirmed, this.#runChecks), attempts };
  }

  /** An attempt of a group probe: its payload is timed as screening's. */
  async #groupAttempt(attempt: () => Promise<Attempt>): Promise<Attempt> {
    this.#inGroup = true;
    try {
      return await attempt();
    } finally {
      this.#inGroup = false;
    }
  }

  /** Carries out one payload and decides it (a fault is a decision too: inconclusive). */
  async #attempt(
    payload: string,
    direction: MessageDirection | null,
    deadlines: ProbeDeadlines,
    controlVerdict?: Verdict,
  ): Promise<Attempt> {
    const token = this.#newToken();
    let outcome: ProbeOutcome | null = null;
    let fault: ProbeFaultRecord | null = null;
    // only what the phone types must be typable; the peer sends anything
    const untypable =
      direction === 'inbound' ? null : untypableReason(payload, this.#batch.inputPath);
    if (untypable) {
      fault = { reason: 'input-unsupported', message: `not typed: ${untypable}` };
    } else {
      const kind = this.#inGroup ? this.#typed.screen : this.#typed.alone;
      const started = this.#now().getTime();
      try {
        outcome = await this.#driver.run({ payload, token, deadlines, direction });
      } catch (error) {
        fault = inconclusiveReasonOf(error);
      }
      kind.typed += 1;
      kind.ms += this.#now().getTime() - started;
    }
    const decision = decideProbe({
      observations: outcome?.observations ?? null,
      fault,
      ...(controlVerdict !== undefined ? { controlVerdict } : {}),
    });
    return { token, outcome, decision };
  }

  /** Probes a fault kept from running end inconclusive with its reason. */
  async #recordFault(probes: readonly PlannedProbe[], fault: ProbeFaultRecord): Promise<void> {
    const now = this.#now().toISOString();
    for (const probe of probes) {
      await this.#record(
        unrunResult(probe.identity, { reason: fault.reason, detail: fault.message }, now),
      );
    }
  }

  async #record(result: ProbeResult): Promise<void> {
    await this.#sink.record(result);
    this.#recordedIds.add(result.probeId);
    this.#recorded += 1;
  }
}

const controlKey = (termId: string, direction: MessageDirection | null): string =>
  `${termId}>${direction ?? ''}`;

const withEvidenceError = (detail: string | null, error: string | null): string | null =>
  error ? `${detail ?? ''} (no evidence: ${error})` : detail;

/** A configuration fault met by a group probe: it stops the screening and the batch. */
class GroupConfigFault extends Error {
  constructor(readonly fault: ProbeFaultRecord) {
    super(fault.message);
  }
}

/** Term ids of combinations a screening found: the prefix, then the components' ids joined by `+`. */
const COMBINATION_ID_PREFIX = 'combination-';

/**
 * A combination a group held, planned as a term of its own beside its control (the components'
 * controls): `习近平 + 小熊维尼`, typed as its parts. Its ids follow from its components, so a
 * batch run again records it in the same place.
 */
function combinationProbes(
  found: CombinationFinding,
  direction: MessageDirection | null,
  plan: readonly PlannedProbe[],
): PlannedProbe[] {
  const members = found.memberIds.map(
    (id) => plan.find((p) => p.role === 'term' && p.term.id === id)!.term,
  );
  const first = members[0]!;
  const term: Term = {
    id: `${COMBINATION_ID_PREFIX}${found.memberIds.join('+')}`,
    text: found.text,
    language: first.language,
    category: first.category,
    source: [...new Set(members.map((m) => m.source))].join('; '),
    licence: [...new Set(members.map((m) => m.licence))].join('; '),
    control: members.map((m) => m.control).join(COMBINATION_SEPARATOR),
  };
  const base = plan.find((p) => p.role === 'term' && p.direction === direction)!.identity;
  const way = direction ? ` › ${direction}` : '';
  return (['control', 'term'] as const).map((role) => {
    const text = role === 'control' ? term.control : term.text;
    const probeId = probeIdOf(
      base.runId,
      base.deviceId,
      base.target,
      wayId(term.id, direction),
      role,
    );
    return {
      probeId,
      title: `${base.target} › ${term.id}${way}${role === 'control' ? ' › control' : ''} [${base.inputPath}]`,
      term,
      role,
      text,
      payload: payloadOf(text),
      controlOf: role === 'control' ? term.id : null,
      direction,
      identity: {
        ...base,
        probeId,
        termId: term.id,
        term: text,
        language: term.language,
        category: term.category,
        source: term.source,
        licence: term.licence,
        role,
        controlOf: role === 'control' ? term.id : null,
        members: found.memberIds,
      },
    };
  });
}

/** A term's deadlines come from its control's timings; without them, a control's. */
function deadlinesOf(timings: ProbeTimings | null): ProbeDeadlines {
  return timings ? deadlinesFromControl(timings) : CONTROL_DEADLINES;
}

function attemptRecord(attempt: Attempt): ProbeAttempt {
  const { verdict, reason, channel, detail } = attempt.decision;
  return { probeToken: attempt.token, verdict, reason, channel, detail };
}
