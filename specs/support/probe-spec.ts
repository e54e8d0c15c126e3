// The probe suite of one batch, for any kind of target: run checks first, then every term beside its control, repeated by the policy.
import { firmwareKeyOf } from '../../src/devices/device-profile.ts';
import { applyRunChecks, type RunChecks } from '../../src/oracle/apply-run-checks.ts';
import { confirmFinding, needsAnotherAttempt } from '../../src/oracle/confirm-finding.ts';
import { decideProbe, type ProbeDecision } from '../../src/oracle/decide-probe.ts';
import type { Verdict } from '../../src/oracle/verdict.ts';
import type { ProbeBatch } from '../../src/probe/probe-batch.ts';
import {
  newProbeToken,
  planProbes,
  probeIdentityOf,
  type PlannedProbe,
} from '../../src/probe/plan-probes.ts';
import {
  CONTROL_DEADLINES,
  deadlinesFromControl,
  type ProbeDeadlines,
  type ProbeTimings,
} from '../../src/probe/probe-deadlines.ts';
import type { BrowserProbeOutcome } from '../../src/probe/run-browser-probe.ts';
import { untypableReason } from '../../src/probe/typeability.ts';
import type { ProbeAttempt } from '../../src/store/probe-result.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import type { MessageDirection, Target } from '../../src/targets/target.ts';
import { payloadOf } from '../../src/terms/term.ts';
import { faultRecordOf, keepEvidence, recordProbe } from './probe-record.ts';

/** How one kind of target carries out a probe; the suite around it is the same for all. */
export interface ProbeDriver {
  /** Opens what the probes need (mocha `before`); returns the target evidence is taken from. */
  setUp(): Promise<Target>;
  /** Closes what setUp opened (mocha `after`). */
  tearDown(): Promise<void>;
  /** Carries out one probe; throws (a ProbeFault) when it cannot. */
  run(probe: {
    payload: string;
    token: string;
    deadlines: ProbeDeadlines;
    direction: MessageDirection | null;
  }): Promise<BrowserProbeOutcome>;
}

interface Attempt {
  token: string;
  outcome: BrowserProbeOutcome | null;
  decision: ProbeDecision;
}

/** Declares the mocha suite of one batch. */
export function describeProbeBatch(batch: ProbeBatch, driver: ProbeDriver): void {
  let store: ResultStore;

  describe(firmwareKeyOf(batch.device), () => {
    let target: Target;
    /** Per term and direction: how its control came back. */
    const controls = new Map<string, { verdict: Verdict; timings: ProbeTimings | null }>();
    const runChecks: RunChecks = {};
    const controlKey = (probe: PlannedProbe) => `${probe.term.id}>${probe.direction ?? ''}`;

    before(async () => {
      store = await ResultStore.open(batch.database);
      target = await driver.setUp();
    });
    after(async () => {
      await driver.tearDown();
      await store?.close();
    });

    /** Carries out one payload and decides it (a fault is a decision too: inconclusive). */
    async function attempt(
      payload: string,
      direction: MessageDirection | null,
      deadlines: ProbeDeadlines,
      controlVerdict?: Verdict,
    ): Promise<Attempt> {
      const token = newProbeToken();
      let outcome: BrowserProbeOutcome | null = null;
      let fault = null;
      // only what the phone types must be typable; the peer sends anything
      const untypable =
        direction === 'inbound' ? null : untypableReason(payload, batch.target.inputPath);
      if (untypable) {
        fault = { reason: 'input-unsupported' as const, message: `not typed: ${untypable}` };
      } else {
        try {
          outcome = await driver.run({ payload, token, deadlines, direction });
        } catch (error) {
          fault = faultRecordOf(error);
        }
      }
      const decision = decideProbe({
        observations: outcome?.observations ?? null,
        fault,
        ...(controlVerdict !== undefined ? { controlVerdict } : {}),
      });
      return { token, outcome, decision };
    }

    /** A sensitive term: beside its control, repeated (control and term again) until the policy is settled. */
    async function probeTerm(
      probe: PlannedProbe,
    ): Promise<{ final: ProbeDecision; attempts: Attempt[] }> {
      const control = controls.get(controlKey(probe));
      const deadlines = control?.timings
        ? deadlinesFromControl(control.timings)
        : CONTROL_DEADLINES;
      const attempts = [
        await attempt(
          probe.payload,
          probe.direction,
          deadlines,
          control?.verdict ?? 'inconclusive',
        ),
      ];
      while (
        needsAnotherAttempt(
          attempts.map((a) => a.decision),
          batch.repetition,
        )
      ) {
        const again = await attempt(
          payloadOf(probe.term.control),
          probe.direction,
          CONTROL_DEADLINES,
        );
        const timings = again.outcome?.timings;
        attempts.push(
          await attempt(
            probe.payload,
            probe.direction,
            timings ? deadlinesFromControl(timings) : CONTROL_DEADLINES,
            again.decision.verdict,
          ),
        );
      }
      const confirmed = confirmFinding(
        attempts.map((a) => a.decision),
        batch.repetition,
      );
      return { final: applyRunChecks(confirmed, runChecks), attempts };
    }

    for (const probe of planProbes(batch)) {
      it(probe.title, async () => {
        const startedAt = new Date().toISOString();
        let final: ProbeDecision;
        let attempts: Attempt[];
        if (probe.role === 'term') {
          ({ final, attempts } = await probeTerm(probe));
        } else {
          attempts = [await attempt(probe.payload, probe.direction, CONTROL_DEADLINES)];
          final = attempts[0]!.decision;
        }
        const first = attempts[0]!;
        if (probe.role === 'control') {
          controls.set(controlKey(probe), {
            verdict: final.verdict,
            timings: first.outcome?.timings ?? null,
          });
        }
        if (probe.role === 'truism') runChecks.truism = final.verdict;
        if (probe.role === 'positive-control') runChecks.positiveControl = final.verdict;

        const last = attempts.at(-1)!;
        const evidence =
          final.verdict === 'intact'
            ? { paths: [], error: null }
            : await keepEvidence(
                target,
                batch.reportsDir,
                batch.runId,
                probe.probeId,
                last.outcome?.farEnd,
              );
        await recordProbe(store, {
          ...probeIdentityOf(batch, probe),
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
          endedAt: new Date().toISOString(),
        });
      });
    }
  });
}

function attemptRecord(attempt: Attempt): ProbeAttempt {
  const { verdict, reason, channel, detail } = attempt.decision;
  return { probeToken: attempt.token, verdict, reason, channel, detail };
}
