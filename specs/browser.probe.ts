// Browser probes, data-driven from the job: run checks first, then every term beside its control.
import { browser } from '@wdio/globals';
import { settings } from '../src/config/settings.ts';
import { firmwareKeyOf } from '../src/devices/device-profile.ts';
import { applyRunChecks, type RunChecks } from '../src/oracle/apply-run-checks.ts';
import { confirmFinding, needsAnotherAttempt } from '../src/oracle/confirm-finding.ts';
import { decideProbe, type ProbeDecision } from '../src/oracle/decide-probe.ts';
import type { Verdict } from '../src/oracle/verdict.ts';
import { readProbeBatch } from '../src/probe/probe-batch.ts';
import { untypableReason } from '../src/probe/typeability.ts';
import {
  newProbeToken,
  planProbes,
  probeIdentityOf,
  type PlannedProbe,
} from '../src/probe/plan-probes.ts';
import {
  CONTROL_DEADLINES,
  deadlinesFromControl,
  type ProbeDeadlines,
  type ProbeTimings,
} from '../src/probe/probe-deadlines.ts';
import { runBrowserProbe, type BrowserProbeOutcome } from '../src/probe/run-browser-probe.ts';
import type { ProbeAttempt } from '../src/store/probe-result.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { createTarget } from '../src/targets/target-table.ts';
import { payloadOf } from '../src/terms/term.ts';
import type { Target } from '../src/targets/target.ts';
import { faultRecordOf, keepEvidence, recordProbe } from './support/probe-record.ts';

const batch = readProbeBatch(settings().batchFile!);
const store = new ResultStore(batch.databasePath);

interface Attempt {
  token: string;
  outcome: BrowserProbeOutcome | null;
  decision: ProbeDecision;
}

describe(firmwareKeyOf(batch.device), () => {
  let target: Target;
  const controls = new Map<string, { verdict: Verdict; timings: ProbeTimings | null }>();
  const runChecks: RunChecks = {};

  before(() => {
    target = createTarget(browser, batch.target);
  });
  after(() => store.close());

  /** Types one payload and decides it (a fault is a decision too: inconclusive). */
  async function attempt(
    payload: string,
    deadlines: ProbeDeadlines,
    controlVerdict?: Verdict,
  ): Promise<Attempt> {
    const token = newProbeToken();
    let outcome: BrowserProbeOutcome | null = null;
    let fault = null;
    const untypable = untypableReason(payload, batch.target.inputPath);
    if (untypable) {
      fault = { reason: 'input-unsupported' as const, message: `not typed: ${untypable}` };
    } else {
      try {
        outcome = await runBrowserProbe({
          target,
          canaryUrl: batch.canaryUrl,
          token,
          payload,
          inputPath: batch.target.inputPath,
          deadlines,
        });
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
    const control = controls.get(probe.term.id);
    const deadlines = control?.timings ? deadlinesFromControl(control.timings) : CONTROL_DEADLINES;
    const attempts = [await attempt(probe.payload, deadlines, control?.verdict ?? 'inconclusive')];
    while (
      needsAnotherAttempt(
        attempts.map((a) => a.decision),
        batch.repetition,
      )
    ) {
      const again = await attempt(payloadOf(probe.term.control), CONTROL_DEADLINES);
      const timings = again.outcome?.timings;
      attempts.push(
        await attempt(
          probe.payload,
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
        attempts = [await attempt(probe.payload, CONTROL_DEADLINES)];
        final = attempts[0]!.decision;
      }
      const first = attempts[0]!;
      if (probe.role === 'control') {
        controls.set(probe.term.id, {
          verdict: final.verdict,
          timings: first.outcome?.timings ?? null,
        });
      }
      if (probe.role === 'truism') runChecks.truism = final.verdict;
      if (probe.role === 'positive-control') runChecks.positiveControl = final.verdict;

      const evidence =
        final.verdict === 'intact'
          ? { paths: [], error: null }
          : await keepEvidence(target, batch.reportsDir, batch.runId, probe.probeId);
      const last = attempts.at(-1)!;
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

function attemptRecord(attempt: Attempt): ProbeAttempt {
  const { verdict, reason, channel, detail } = attempt.decision;
  return { probeToken: attempt.token, verdict, reason, channel, detail };
}
