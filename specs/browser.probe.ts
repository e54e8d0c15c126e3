// Browser probes, data-driven from the job: every term beside its control, typed, submitted and observed.
import { browser } from '@wdio/globals';
import { settings } from '../src/config/settings.ts';
import { firmwareKeyOf } from '../src/devices/device-profile.ts';
import { decideProbe } from '../src/oracle/decide-probe.ts';
import type { Verdict } from '../src/oracle/verdict.ts';
import { readProbeBatch } from '../src/probe/probe-batch.ts';
import { newProbeToken, planProbes, probeIdentityOf } from '../src/probe/plan-probes.ts';
import {
  CONTROL_DEADLINES,
  deadlinesFromControl,
  type ProbeTimings,
} from '../src/probe/probe-deadlines.ts';
import { runBrowserProbe, type BrowserProbeOutcome } from '../src/probe/run-browser-probe.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { createTarget } from '../src/targets/target-table.ts';
import type { Target } from '../src/targets/target.ts';
import { faultRecordOf, keepEvidence, recordProbe } from './support/probe-record.ts';

const batch = readProbeBatch(settings().batchFile!);
const firmwareKey = firmwareKeyOf(batch.device);
const store = new ResultStore(batch.databasePath);

describe(firmwareKey, () => {
  let target: Target;
  const controls = new Map<string, { verdict: Verdict; timings: ProbeTimings | null }>();

  before(() => {
    target = createTarget(browser, batch.target);
  });
  after(() => store.close());

  for (const probe of planProbes(batch)) {
    it(probe.title, async () => {
      const startedAt = new Date().toISOString();
      const token = newProbeToken();
      const control = probe.role === 'term' ? controls.get(probe.term.id) : undefined;
      const deadlines = control?.timings
        ? deadlinesFromControl(control.timings)
        : CONTROL_DEADLINES;
      let outcome: BrowserProbeOutcome | null = null;
      let fault = null;
      try {
        outcome = await runBrowserProbe({
          target,
          canaryUrl: batch.canaryUrl,
          token,
          payload: probe.payload,
          inputPath: batch.target.inputPath,
          deadlines,
        });
      } catch (error) {
        fault = faultRecordOf(error);
      }
      const decision = decideProbe({
        observations: outcome?.observations ?? null,
        fault,
        ...(probe.role === 'term' ? { controlVerdict: control?.verdict ?? 'inconclusive' } : {}),
      });
      if (probe.role === 'control') {
        controls.set(probe.term.id, {
          verdict: decision.verdict,
          timings: outcome?.timings ?? null,
        });
      }
      const evidence =
        decision.verdict === 'intact'
          ? { paths: [], error: null }
          : await keepEvidence(target, batch.reportsDir, batch.runId, probe.probeId);
      await recordProbe(store, {
        ...probeIdentityOf(batch, probe),
        probeToken: token,
        verdict: decision.verdict,
        reason: decision.reason,
        detail: evidence.error
          ? `${decision.detail ?? ''} (no evidence: ${evidence.error})`
          : decision.detail,
        channel: decision.channel,
        channels: decision.channels,
        evidence: evidence.paths,
        timings: {
          submitMs: outcome?.timings.submitMs ?? -1,
          egressMs: outcome?.timings.egressMs ?? -1,
          settledMs: outcome?.timings.settledMs ?? -1,
        },
        startedAt,
        endedAt: new Date().toISOString(),
      });
    });
  }
});
