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
import type { PlannedProbe } from '../store/planned-probe.ts';
import type { ProbeAttempt, ProbeResult } from '../store/probe-result.ts';
import type { InputPath, MessageDirection } from '../targets/target.ts';
import { payloadOf } from '../terms/term.ts';
import { newProbeToken } from './plan-probes.ts';
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
  #recorded = 0;

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
      for (const [index, probe] of this.#batch.plan.entries()) {
        const fault = await this.#probe(probe);
        if (fault?.reason === 'config-error') {
          await this.#recordFault(this.#batch.plan.slice(index + 1), fault);
          return { recorded: this.#recorded, batchFault: fault };
        }
      }
      return { recorded: this.#recorded, batchFault: null };
    } finally {
      await this.#driver.tearDown().catch((error: unknown) => {
        log.warn({ err: error }, 'closing the batch failed');
      });
    }
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
    if (probe.role === 'truism') this.#runChecks.truism = final.verdict;
    if (probe.role === 'positive-control') this.#runChecks.positiveControl = final.verdict;

    const evidence =
      final.verdict === 'intact'
        ? { paths: [], error: null }
        : await this.#driver
            .keepEvidence({
              probeId: probe.probeId,
              ...(last.outcome?.farEnd !== undefined ? { farEnd: last.outcome.farEnd } : {}),
            })
            .catch((error: unknown) => ({ paths: [], error: inconclusiveReasonOf(error).message }));
    await this.#record({
      ...probe.identity,
      probeToken: first.token,
      verdict: final.verdict,
      reason: final.reason,
      detail: evidence.error
        ? `${final.detail ?? ''} (no evidence: ${evidence.error})`
        : final.detail,
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
      try {
        outcome = await this.#driver.run({ payload, token, deadlines, direction });
      } catch (error) {
        fault = inconclusiveReasonOf(error);
      }
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
    this.#recorded += 1;
  }
}

const controlKey = (termId: string, direction: MessageDirection | null): string =>
  `${termId}>${direction ?? ''}`;

/** A term's deadlines come from its control's timings; without them, a control's. */
function deadlinesOf(timings: ProbeTimings | null): ProbeDeadlines {
  return timings ? deadlinesFromControl(timings) : CONTROL_DEADLINES;
}

function attemptRecord(attempt: Attempt): ProbeAttempt {
  const { verdict, reason, channel, detail } = attempt.decision;
  return { probeToken: attempt.token, verdict, reason, channel, detail };
}
